"""Reads of the skills app: checking a quiz answer, and the skill map built from every source.

Sources of evidence, each turned into 1-4 scores by sysdojo.core.skillmap:
- debriefs: `debriefs_evidence(debriefs=[...])` takes Debrief.to_dict() dicts, each with an "at" key
  (when it was made). Today they come from SkillDebrief rows; `mock_debriefs_of` is where the mock
  app's sessions plug in.
- quiz attempts: a page's quiz counts towards the skills the page belongs to (core `quiz_skills`).
- reviews: `review_recall_of` returns (skill id, recall rate, when) triples from the review log, one
  per skill per day, and feeds `core.skillmap.review_evidence`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sysdojo.core.content.model import QuizQuestion
from sysdojo.core.skillmap import (
    Evidence,
    debrief_evidence,
    debrief_problem,
    level_of,
    quiz_evidence,
    quiz_skills,
    review_evidence,
    skill_score,
    skill_trend,
    streak_days,
    weakest,
)
from sysdojo.web.catalog.models import Page
from sysdojo.web.catalog.selectors import catalog_pages, page_get
from sysdojo.web.mock.models import MockSession
from sysdojo.web.review.models import ReviewLog
from sysdojo.web.review.selectors import review_queue
from sysdojo.web.skills.models import QuizAttempt, SkillDebrief
from sysdojo.web.study.models import Learner, Note, Progress

RECENT_ATTEMPTS = 10
WEAKEST = 3


# --- checking a quiz answer -------------------------------------------------------------------------


class QuizMissing(LookupError):
    """No such written page, or no such question on it (a 404)."""


class QuizAnswerInvalid(ValueError):
    """The answer has the wrong shape for the question (a 400)."""


@dataclass(frozen=True)
class QuizResult:
    correct: bool
    explanation: str
    expected: str


def quiz_check(*, page_id: str, index: int, answer: float | list[int]) -> QuizResult:
    """Check an answer to question `index` of a written page's quiz.

    The one rule for checking: POST /api/skills/quiz uses it, and /api/quiz should too.
    """
    page = page_get(page_id=page_id)
    if page is None or not page.is_written:
        raise QuizMissing(f"no page '{page_id}'")
    if not 0 <= index < len(page.quiz):
        raise QuizMissing(f"page '{page_id}' has no question {index}")
    stored = page.quiz[index]
    question = QuizQuestion(
        type=stored["type"],
        prompt=stored["prompt"],
        explanation=stored["explanation"],
        line=0,
        choices=tuple(stored["choices"]),
        correct=tuple(stored["correct"]),
        value=stored["value"],
        tolerance=stored["tolerance"],
        unit=stored["unit"],
    )
    checked: float | tuple[int, ...]
    if question.type == "numeric":
        if not isinstance(answer, (int, float)) or isinstance(answer, bool):
            raise QuizAnswerInvalid("this question takes a number")
        checked = float(answer)
        expected = f"{question.value:g} {question.unit}".strip()
    else:
        if not isinstance(answer, list) or any(
            isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(question.choices)
            for i in answer
        ):
            raise QuizAnswerInvalid("this question takes a list of choice numbers")
        checked = tuple(answer)
        expected = "; ".join(question.choices[i] for i in question.correct)
    return QuizResult(correct=question.accepts(checked), explanation=question.explanation, expected=expected)


# --- evidence -----------------------------------------------------------------------------------------


def _when(value: object) -> datetime | None:
    """A debrief's "at" as an aware datetime (naive ones are taken in the server's time zone)."""
    when = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            when = parse_datetime(value)
        except ValueError:
            when = None
    if when is not None and timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


def debriefs_evidence(*, debriefs: Iterable[Mapping[str, Any]]) -> list[Evidence]:
    """Evidence from debrief dicts (Debrief.to_dict() plus "at": a datetime or ISO text). A dict that
    is not a valid debrief is skipped, so one bad session never takes the skill map down."""
    out: list[Evidence] = []
    for data in debriefs:
        at = _when(data.get("at"))
        if at is None or debrief_problem(data) is not None:
            continue
        out.extend(debrief_evidence(data, at=at))
    return out


def mock_debriefs_of(*, learner: Learner) -> list[dict[str, Any]]:
    """The debriefs of the learner's submitted mock interviews (Debrief.to_dict() plus "at")."""
    sessions = MockSession.objects.filter(learner=learner, status=MockSession.Status.SUBMITTED).exclude(
        debrief={}
    )
    return [{**s.debrief, "at": s.submitted_at} for s in sessions.order_by("submitted_at", "pk")]


def recorded_debriefs_of(*, learner: Learner) -> list[dict[str, Any]]:
    rows = SkillDebrief.objects.filter(learner=learner).order_by("created_at", "pk")
    return [{**row.data, "at": row.created_at} for row in rows]


def review_recall_of(*, learner: Learner) -> list[tuple[str, float, datetime]]:
    """(skill id, recall rate 0-1, when): per skill and day, the share of reviews that were not "Again".

    A card counts for the skills of its page, by the same rule as a quiz question (quiz_skills).
    """
    pages = {p.id: p for p in catalog_pages()}
    skill_ids = [p.id for p in pages.values() if p.kind == "skill"]
    tally: dict[tuple[str, date], list[Any]] = {}  # (skill, day) -> [recalled, total, last time]
    logs = ReviewLog.objects.filter(learner=learner).values_list("page_id", "rating", "reviewed_at")
    for page_id, rating, reviewed_at in logs.order_by("reviewed_at"):
        page = pages.get(page_id)
        if page is None:
            continue
        for skill in quiz_skills(page_id=page.id, kind=page.kind, related=page.related, skill_ids=skill_ids):
            row = tally.setdefault((skill, timezone.localdate(reviewed_at)), [0, 0, reviewed_at])
            row[0] += rating > 1
            row[1] += 1
            row[2] = reviewed_at
    return [(skill, recalled / total, last) for (skill, _), (recalled, total, last) in sorted(tally.items())]


def reviews_due_today(*, learner: Learner | None) -> int:
    """Cards due now or later today, from the review queue."""
    if learner is None:
        return 0
    queue = review_queue(learner=learner)
    return queue.due_now + queue.later_today


def _skills() -> list[Page]:
    return [p for p in catalog_pages() if p.kind == "skill"]


def attempts_evidence(*, attempts: Iterable[QuizAttempt], skill_ids: set[str]) -> list[Evidence]:
    pages = {p.id: p for p in catalog_pages()}
    out: list[Evidence] = []
    for attempt in attempts:
        page = pages.get(attempt.page_id)
        if page is None:
            continue
        skills = quiz_skills(page_id=page.id, kind=page.kind, related=page.related, skill_ids=skill_ids)
        out.extend(quiz_evidence(skills=skills, correct=attempt.correct, at=attempt.created_at))
    return out


def activity_days(*, learner: Learner) -> set[date]:
    """Days with a status change, a note, a flashcard review, a quiz attempt, a mock interview or a
    debrief, in the configured time zone (SYSDOJO_TIME_ZONE). Statuses and notes keep only their
    latest change, so older days of those are known only through the other records."""
    moments: list[datetime] = [
        *Progress.objects.filter(learner=learner).values_list("updated_at", flat=True),
        *Note.objects.filter(learner=learner).values_list("updated_at", flat=True),
        *ReviewLog.objects.filter(learner=learner).values_list("reviewed_at", flat=True),
        *QuizAttempt.objects.filter(learner=learner).values_list("created_at", flat=True),
        *MockSession.objects.filter(learner=learner).values_list("started_at", flat=True),
        *SkillDebrief.objects.filter(learner=learner).values_list("created_at", flat=True),
    ]
    return {timezone.localdate(moment) for moment in moments}


# --- the skill map ------------------------------------------------------------------------------------


def lesson_url(lesson: str, *, fallback: str) -> str:
    """/learn/<page>/#anchor for "page#anchor"; the fallback page when the lesson is not a written
    page; "" when neither is."""
    page_id, _, anchor = lesson.partition("#")
    written = {p.id for p in catalog_pages() if p.is_written}
    if page_id not in written:
        page_id, anchor = fallback, ""
    if page_id not in written:
        return ""
    url = reverse("lesson", args=[page_id])
    return f"{url}#{anchor}" if anchor else url


@dataclass(frozen=True)
class SkillRow:
    id: str
    title: str
    area: str
    score: float | None
    level: str
    evidence: int
    trend: list[tuple[date, float]]
    lesson: str  # URL of the lesson to study next

    @property
    def rounded(self) -> int:
        return round(self.score) if self.score is not None else 0


@dataclass(frozen=True)
class PastDebrief:
    case_id: str
    case_title: str
    overall: float
    at: datetime
    next_title: str
    next_url: str


@dataclass(frozen=True)
class AttemptRow:
    page_id: str
    page_title: str
    index: int
    correct: bool
    at: datetime


@dataclass
class SkillMap:
    skills: list[SkillRow] = field(default_factory=list)
    weakest: list[SkillRow] = field(default_factory=list)
    streak: int = 0
    reviews_due: int = 0
    debriefs: list[PastDebrief] = field(default_factory=list)
    attempts: list[AttemptRow] = field(default_factory=list)

    @property
    def known(self) -> int:
        return sum(1 for row in self.skills if row.score is not None)


def skill_map_of(*, learner: Learner | None, extra_debriefs: Sequence[Mapping[str, Any]] = ()) -> SkillMap:
    """Everything /skills/ shows. `extra_debriefs` lets a caller add debrief dicts from elsewhere."""
    skills = _skills()
    skill_ids = {p.id for p in skills}
    if learner is None:
        debriefs: list[Mapping[str, Any]] = list(extra_debriefs)
        attempts: list[QuizAttempt] = []
        recall: list[tuple[str, float, datetime]] = []
        days: set[date] = set()
    else:
        debriefs = [
            *recorded_debriefs_of(learner=learner),
            *mock_debriefs_of(learner=learner),
            *extra_debriefs,
        ]
        attempts = list(QuizAttempt.objects.filter(learner=learner).order_by("created_at", "pk"))
        recall = review_recall_of(learner=learner)
        days = activity_days(learner=learner)
    evidence = [
        *debriefs_evidence(debriefs=debriefs),
        *attempts_evidence(attempts=attempts, skill_ids=skill_ids),
        *(item for skill, rate, at in recall for item in review_evidence([(skill, rate)], at=at)),
    ]
    by_skill: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_skill[item.skill].append(item)
    # The lesson the latest debrief named for a skill beats the skill's own page.
    named: dict[str, str] = {}
    valid = sorted((d for d in debriefs if _when(d.get("at")) and debrief_problem(d) is None), key=_at)
    for data in valid:
        for item in data["skills"]:
            if item.get("lesson"):
                named[item["skill"]] = item["lesson"]
    rows = []
    for page in skills:
        items = sorted(by_skill.get(page.id, []), key=lambda e: e.at)
        score = skill_score(items)
        rows.append(
            SkillRow(
                id=page.id,
                title=page.title,
                area=page.area,
                score=score,
                level=level_of(score),
                evidence=len(items),
                trend=skill_trend(items),
                lesson=lesson_url(named.get(page.id, page.id), fallback=page.id),
            )
        )
    by_id = {row.id: row for row in rows}
    low = weakest({row.id: row.score for row in rows}, limit=WEAKEST)
    pages = {p.id: p for p in catalog_pages()}
    return SkillMap(
        skills=rows,
        weakest=[by_id[skill] for skill, _ in low],
        streak=streak_days(days, today=timezone.localdate()),
        reviews_due=reviews_due_today(learner=learner),
        debriefs=[_past(data) for data in reversed(valid)],
        attempts=[
            AttemptRow(
                page_id=a.page_id,
                page_title=pages[a.page_id].title if a.page_id in pages else a.page_id,
                index=a.index,
                correct=a.correct,
                at=a.created_at,
            )
            for a in reversed(attempts[-RECENT_ATTEMPTS:])
        ],
    )


def _at(data: Mapping[str, Any]) -> datetime:
    when = _when(data.get("at"))
    assert when is not None
    return when


def _past(data: Mapping[str, Any]) -> PastDebrief:
    nxt = data.get("next_lesson") or {}
    return PastDebrief(
        case_id=data["case_id"],
        case_title=data["case_title"],
        overall=data["overall"],
        at=_at(data),
        next_title=nxt.get("title", "") or nxt.get("skill", ""),
        next_url=lesson_url(nxt.get("lesson", ""), fallback=nxt.get("skill", "")) if nxt else "",
    )
