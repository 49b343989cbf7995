"""Learners with data, made through the services the app itself uses (the ORM only where no service
exists without a catalog entry, as for interviews on a case study that may since have been removed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sysdojo.core.debrief.model import Debrief, NextLesson, SkillScore, Specificity, Structure
from sysdojo.core.errors import SysdojoError
from sysdojo.core.interview import framework_get
from sysdojo.web.mock.models import MockDraft, MockSession
from sysdojo.web.review.models import CardState, ReviewLog, ReviewSettings
from sysdojo.web.review.selectors import review_cards_of
from sysdojo.web.review.services import review_rate, review_settings_set
from sysdojo.web.skills.models import QuizAttempt, SkillDebrief
from sysdojo.web.skills.services import quiz_attempt_record, skill_debrief_record
from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import note_save, progress_set
from sysdojo.web.study.transfer import learner_import

START = datetime(2024, 6, 3, 9, 15, 30, 123456, tzinfo=UTC)


def debrief_dict(
    *, case_id: str = "url-shortener", caching: int = 1, lesson: str = "caching#common-mistakes"
) -> dict[str, Any]:
    return Debrief(
        case_id=case_id,
        case_title="URL shortener",
        overall=58,
        parts={"points": 0.5},
        skills=(SkillScore("caching", "Caching strategy", caching, "no TTL named", (), 3, lesson),),
        points=(),
        figures=(),
        specificity=Specificity((), (), (), 0.4),
        structure=Structure((), (), (), (), (), (), (), 0.5),
        next_lesson=NextLesson("caching", "Caching strategy", lesson, "the weakest skill"),
    ).to_dict()


def interview_add(
    learner: Learner, *, started_at: datetime = START, submitted: bool = True, case_id: str = "url-shortener"
) -> MockSession:
    framework = framework_get("delivery-framework")
    assert framework is not None
    phases = len(framework.phases)
    texts = [f"phase {n}: 12K reads/s, Redis cache-aside ✓" for n in range(phases)]
    session = MockSession.objects.create(
        learner=learner,
        case_id=case_id,
        framework_id=framework.id,
        started_at=started_at,
        deadline=started_at + timedelta(minutes=45),
        status=MockSession.Status.SUBMITTED if submitted else MockSession.Status.ACTIVE,
        last_save_at=started_at + timedelta(minutes=30),
        submitted_at=started_at + timedelta(minutes=31) if submitted else None,
        submitted_by="learner" if submitted else "",
        answer_tab="tab-a" if submitted else "",
        texts=texts if submitted else [],
        phase_seconds=[60.5] * phases if submitted else [],
        debrief=debrief_dict(case_id=case_id) if submitted else {},
        second_opinion="**Fine**, but name the TTL." if submitted else "",
        second_opinion_at=started_at + timedelta(minutes=40) if submitted else None,
    )
    for tab, seq in (("tab-a", 7), ("tab-b", 2)):
        MockDraft.objects.create(
            session=session,
            tab_id=tab,
            seq=seq,
            texts=[f"{tab} draft {n}" for n in range(phases)],
            phase_seconds=[float(seq)] * phases,
            saved_at=started_at + timedelta(minutes=seq),
        )
    return session


def learner_with_history() -> Learner:
    """Some of everything a learner can have: progress, notes, review settings and ratings, quiz
    answers, a recorded debrief, a submitted interview and one still open with two tabs' drafts."""
    learner = Learner.objects.create()
    progress_set(learner=learner, page_id="caching", status="mastered", at=START)
    progress_set(learner=learner, page_id="idempotency", status="learning", at=START + timedelta(hours=1))
    progress_set(learner=learner, page_id="removed-long-ago", status="not-started", at=START)
    note_save(learner=learner, page_id="caching", text="Ünïcode ✓ notes\r\nwith **markdown**")
    note_save(learner=learner, page_id="idempotency", text="")
    Learner.objects.filter(pk=learner.pk).update(last_page_id="idempotency")
    learner.refresh_from_db()
    review_settings_set(learner=learner, desired_retention=0.85, new_per_day=12)
    cards = [c for c in review_cards_of(learner=learner) if c.page_id == "caching"][:2]
    for day, (card, rating) in enumerate(zip(cards * 2, (3, 1, 4, 2), strict=True)):
        review_rate(
            learner=learner,
            page_id=card.page_id,
            card_key=card.key,
            rating=rating,
            at=START + timedelta(days=day),
        )
    quiz_attempt_record(learner=learner, page_id="caching", index=0, answer=[2], correct=True, at=START)
    quiz_attempt_record(learner=learner, page_id="caching", index=1, answer=12.5, correct=False, at=START)
    skill_debrief_record(
        learner=learner, case_id="url-shortener", debrief_dict=debrief_dict(), at=START + timedelta(days=2)
    )
    interview_add(learner)
    interview_add(learner, started_at=START + timedelta(days=5), submitted=False)
    return learner


def import_refused(data: dict[str, Any]) -> str:
    """Import `data` (as if from f.json) into a new learner; it must be refused with nothing written.
    Returns the problems, one per line."""
    learner = Learner.objects.create()
    with pytest.raises(SysdojoError) as exc:
        learner_import(learner=learner, raw=json.dumps(data), source="f.json")
    for model in (
        Progress,
        Note,
        ReviewLog,
        ReviewSettings,
        CardState,
        QuizAttempt,
        SkillDebrief,
        MockSession,
    ):
        assert not model.objects.filter(learner=learner).exists(), model.__name__
    assert not MockDraft.objects.filter(session__learner=learner).exists()
    return "\n".join(str(p) for p in exc.value.problems)
