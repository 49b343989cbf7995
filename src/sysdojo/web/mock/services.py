"""Writes of the mock app: start a timed interview, save drafts, submit, debrief, merge on login.

Drafts follow `sysdojo.core.interview.saves`: one draft per browser tab, replaced only by a save with
a higher sequence, applied as a conditional UPDATE. Each save first touches its session row with a
conditional UPDATE (`status = active AND deadline > now`): that row write orders a save against a
submission on both SQLite and PostgreSQL without select_for_update, so a save is either stored before
the answer is frozen (and is part of it) or refused (and the learner is told).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sysdojo.core.content.parse import page_parse
from sysdojo.core.debrief import debrief_grade
from sysdojo.core.errors import SysdojoError
from sysdojo.core.interview import Framework, answer_compose, framework_get, phase_minutes, texts_problem
from sysdojo.core.interview.saves import phase_budgets, tab_problem
from sysdojo.core.second_opinion import LlmConfig, second_opinion
from sysdojo.web.mock.models import MockDraft, MockSession
from sysdojo.web.mock.selectors import mock_case_get, mock_skill_titles
from sysdojo.web.study.models import Learner


class MockError(ValueError):
    """A request the learner can fix, with the message to show them."""


class MockClosed(MockError):
    """The session is over (submitted, or past its deadline): the save was not stored."""


@dataclass(frozen=True)
class SaveResult:
    stored: bool  # False: an equal or newer save of this tab is already stored (nothing lost)
    seq: int  # the tab's stored sequence after this save
    saved_at: datetime
    others: list[MockDraft] = field(default_factory=list)  # other tabs' drafts whose text differs


def _framework(session: MockSession) -> Framework:
    framework = framework_get(session.framework_id)
    if framework is None:  # only if a framework were ever removed from the core
        raise MockError(f"unknown framework {session.framework_id!r}")
    return framework


def mock_start(
    *, learner: Learner, case_id: str, framework_id: str, now: datetime | None = None
) -> MockSession:
    if mock_case_get(case_id=case_id) is None:
        raise MockError("choose a written case study")
    framework = framework_get(framework_id)
    if framework is None:
        raise MockError("choose one of the listed frameworks")
    started = now or timezone.now()
    return MockSession.objects.create(
        learner=learner,
        case_id=case_id,
        framework_id=framework.id,
        started_at=started,
        deadline=started + timedelta(minutes=framework.minutes),
        texts=[""] * len(framework.phases),
        phase_seconds=[0.0] * len(framework.phases),
    )


def _seconds_clean(seconds: list[float], count: int) -> list[float]:
    out = [max(0.0, min(float(s), 24 * 3600.0)) for s in seconds[:count]]
    return out + [0.0] * (count - len(out))


def mock_save(
    *,
    session: MockSession,
    tab: str,
    seq: int,
    texts: list[str],
    seconds: list[float] | None = None,
    now: datetime | None = None,
) -> SaveResult:
    """Store one tab's draft if it is newer than the stored one. Raises MockError on bad input (nothing
    written) and MockClosed after the deadline (the last stored draft is then submitted)."""
    framework = _framework(session)
    problem = tab_problem(tab) or texts_problem(texts, framework)
    if problem:
        raise MockError(problem)
    if not 0 <= seq < 2**62:
        raise MockError("the sequence number must be a non-negative integer")
    when = now or timezone.now()
    clean = _seconds_clean(seconds or [], len(framework.phases))
    with transaction.atomic():
        open_ = MockSession.objects.filter(
            pk=session.pk, status=MockSession.Status.ACTIVE, deadline__gt=when
        ).update(last_save_at=when)
        if open_:
            values = {"seq": seq, "texts": texts, "phase_seconds": clean, "saved_at": when}
            stored = MockDraft.objects.filter(session_id=session.pk, tab_id=tab, seq__lt=seq).update(**values)
            if not stored and not MockDraft.objects.filter(session_id=session.pk, tab_id=tab).exists():
                try:
                    with transaction.atomic():
                        MockDraft.objects.create(session_id=session.pk, tab_id=tab, **values)
                    stored = 1
                except IntegrityError:  # the tab's first save raced with its second: keep the newer
                    stored = MockDraft.objects.filter(session_id=session.pk, tab_id=tab, seq__lt=seq).update(
                        **values
                    )
    if not open_:
        mock_expire(session=session, now=when)
        raise MockClosed(
            "Time is up: this save arrived after the deadline and was not stored. "
            "Your last saved draft was submitted."
            if session.deadline <= when
            else "This interview is already submitted: the save was not stored."
        )
    mine = MockDraft.objects.get(session_id=session.pk, tab_id=tab)
    others = [
        d
        for d in MockDraft.objects.filter(session_id=session.pk).exclude(tab_id=tab)
        if d.texts != mine.texts
    ]
    return SaveResult(stored=bool(stored), seq=mine.seq, saved_at=mine.saved_at, others=others)


def mock_submit(*, session: MockSession, by: str, now: datetime | None = None) -> MockSession:
    """Freeze the answer from the most recently saved draft, then grade it. Idempotent: a session
    already submitted is returned as it is."""
    when = now or timezone.now()
    framework = _framework(session)
    with transaction.atomic():
        frozen = MockSession.objects.filter(pk=session.pk, status=MockSession.Status.ACTIVE).update(
            status=MockSession.Status.SUBMITTED, submitted_at=when, submitted_by=by
        )
        if frozen:
            latest = MockDraft.objects.filter(session_id=session.pk).order_by("-saved_at", "-seq").first()
            count = len(framework.phases)
            MockSession.objects.filter(pk=session.pk).update(
                texts=list(latest.texts) if latest else [""] * count,
                phase_seconds=_seconds_clean(list(latest.phase_seconds), count) if latest else [0.0] * count,
                answer_tab=latest.tab_id if latest else "",
            )
    session.refresh_from_db()
    if frozen:
        mock_debrief_compute(session=session)
    return session


def mock_expire(*, session: MockSession, now: datetime | None = None) -> MockSession:
    """The lazy deadline: an active session past its deadline is submitted with its last draft."""
    when = now or timezone.now()
    if session.is_active and session.deadline <= when:
        return mock_submit(session=session, by="deadline", now=when)
    return session


def mock_expire_due(*, learner: Learner, now: datetime | None = None) -> None:
    when = now or timezone.now()
    for session in MockSession.objects.filter(
        learner=learner, status=MockSession.Status.ACTIVE, deadline__lte=when
    ):
        mock_submit(session=session, by="deadline", now=when)


def mock_debrief_compute(*, session: MockSession) -> MockSession:
    """Grade the frozen answer against the case study's source file and store the result."""
    framework = _framework(session)
    case = mock_case_get(case_id=session.case_id)
    debrief: dict[str, object] = {}
    error = ""
    if case is None or not case.source:
        error = f"The case study {session.case_id!r} is no longer in the curriculum, so it cannot be graded."
    else:
        path = Path(settings.CONTENT_DIR) / case.source
        try:
            page = page_parse(path.read_text(encoding="utf-8"), source=str(path))
            result = debrief_grade(
                page=page,
                answer=answer_compose(framework, session.texts),
                skills=mock_skill_titles(),
                phase_minutes=phase_minutes(framework, session.phase_seconds) or None,
                budgets=phase_budgets(framework) or None,
            )
            debrief = result.to_dict()
        except SysdojoError as exc:
            error = str(exc)
        except OSError as exc:
            error = f"The case study's file could not be read: {exc.strerror or exc}"
    MockSession.objects.filter(pk=session.pk).update(debrief=debrief, debrief_error=error)
    session.refresh_from_db()
    return session


def llm_config() -> LlmConfig | None:
    """The second-opinion LLM from the settings, or None when it is not configured (the default)."""
    url = getattr(settings, "LLM_URL", "")
    if not url:
        return None
    return LlmConfig(
        url=url,
        model=getattr(settings, "LLM_MODEL", ""),
        api_key=getattr(settings, "LLM_API_KEY", ""),
        timeout=float(getattr(settings, "LLM_TIMEOUT", 60.0)),
    )


def mock_second_opinion_ask(*, session: MockSession, config: LlmConfig, now: datetime | None = None) -> str:
    """Ask the LLM about this submitted answer and its debrief, and store the reply on the session.
    Raises MockError (nothing stored) when there is nothing to ask about or the LLM call fails."""
    if session.is_active:
        raise MockError("submit the interview first")
    if not session.debrief:
        raise MockError("this interview has no debrief to give a second opinion on")
    case = mock_case_get(case_id=session.case_id)
    try:
        reply = second_opinion(
            config,
            debrief=session.debrief,
            answer=answer_compose(_framework(session), session.texts),
            case_title=case.title if case else "",
        )
    except SysdojoError as exc:
        raise MockError(str(exc)) from None
    when = now or timezone.now()
    MockSession.objects.filter(pk=session.pk).update(second_opinion=reply, second_opinion_at=when)
    session.refresh_from_db()
    return reply


def mock_merge(*, source: Learner, target: Learner) -> None:
    """Move an anonymous learner's mock interviews into the account's learner (called by learner_merge)."""
    MockSession.objects.filter(learner=source).update(learner=target)
