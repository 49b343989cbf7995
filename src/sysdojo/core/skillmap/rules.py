"""Scoring rules of the skill map.

Every piece of evidence is a 1-4 score for one skill at one moment, from one source. A skill's score
is the weighted mean of its evidence, each weight being the source's weight halved every
HALF_LIFE_DAYS of age: recent evidence counts more, old evidence fades but never flips a sign, and a
mean of values in 1-4 stays in 1-4 by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

SCORE_MIN = 1.0
SCORE_MAX = 4.0
HALF_LIFE_DAYS = 14.0
# A debrief grades a whole written answer, so it says more about a skill than one quiz question;
# a review's recall rate sums many cards, so it sits between the two.
SOURCE_WEIGHTS: Mapping[str, float] = {"debrief": 3.0, "review": 2.0, "quiz": 1.0}
QUIZ_RIGHT = 4.0
QUIZ_WRONG = 1.0
TREND_POINTS = 10
STRONG = 3.25  # from here on a skill is "strong" and never listed among the weakest


@dataclass(frozen=True)
class Evidence:
    skill: str
    score: float  # 1-4
    at: datetime
    source: str  # a key of SOURCE_WEIGHTS


@dataclass(frozen=True)
class DebriefSkill:
    skill: str
    title: str
    score: int  # 1-4
    lesson: str  # "page" or "page#anchor": what to study to raise it


def skill_score(evidence: Iterable[Evidence]) -> float | None:
    """The skill's score: the recency-weighted mean of its evidence, None without any.

    Ages are measured from the newest item, not from today: a common factor does not change a
    weighted mean, and this way the newest weight is never 0, however old the evidence is.
    """
    items = list(evidence)
    if not items:
        return None
    newest = max(e.at for e in items)
    total = weighted = 0.0
    for item in items:
        age_days = (newest - item.at).total_seconds() / 86_400
        weight = SOURCE_WEIGHTS.get(item.source, 1.0) * 0.5 ** (age_days / HALF_LIFE_DAYS)
        total += weight
        weighted += weight * min(SCORE_MAX, max(SCORE_MIN, item.score))
    return min(SCORE_MAX, max(SCORE_MIN, weighted / total))


def skill_trend(evidence: Sequence[Evidence], *, limit: int = TREND_POINTS) -> list[tuple[date, float]]:
    """The score at the end of each day that brought evidence, the last `limit` such days."""
    days = sorted({e.at.date() for e in evidence})[-limit:]
    trend: list[tuple[date, float]] = []
    for day in days:
        upto = [e for e in evidence if e.at.date() <= day]
        score = skill_score(upto)
        if score is not None:
            trend.append((day, score))
    return trend


def level_of(score: float | None) -> str:
    """A word for a score, in the debrief's 1-4 terms; "unknown" when nothing is known."""
    if score is None:
        return "unknown"
    if score < 1.75:
        return "needs work"
    if score < 2.5:
        return "developing"
    if score < STRONG:
        return "solid"
    return "strong"


def weakest(
    scores: Mapping[str, float | None], *, limit: int = 3, below: float = STRONG
) -> list[tuple[str, float]]:
    """The lowest known scores under `below` (a strong skill is not a weakness), lowest first, ties
    by skill id; unknown skills are not "weak"."""
    known = [(skill, score) for skill, score in scores.items() if score is not None and score < below]
    return sorted(known, key=lambda pair: (pair[1], pair[0]))[:limit]


def streak_days(days: Iterable[date], *, today: date) -> int:
    """Consecutive days with activity ending today, or yesterday while today has none yet (a streak
    is not lost in the morning before the day's first study)."""
    active = set(days)
    day = today if today in active else today - timedelta(days=1)
    count = 0
    while day in active:
        count += 1
        day -= timedelta(days=1)
    return count


# --- quizzes ------------------------------------------------------------------------------------------


def quiz_skills(
    *, page_id: str, kind: str, related: Iterable[str], skill_ids: Iterable[str]
) -> tuple[str, ...]:
    """The skills a page's quiz counts towards: a skill page its own; another page the skills among
    its related pages; none otherwise."""
    skills = set(skill_ids)
    if kind == "skill":
        return (page_id,)
    return tuple(dict.fromkeys(r for r in related if r in skills))


def quiz_evidence(*, skills: Iterable[str], correct: bool, at: datetime) -> list[Evidence]:
    score = QUIZ_RIGHT if correct else QUIZ_WRONG
    return [Evidence(skill=s, score=score, at=at, source="quiz") for s in skills]


# --- reviews (the hook for the review app) -----------------------------------------------------------


def review_evidence(recall: Iterable[tuple[str, float]], *, at: datetime) -> list[Evidence]:
    """(skill id, recall rate 0-1) pairs, e.g. the share of a skill's cards recalled in a review
    session, as evidence: a rate of 0 scores 1, a rate of 1 scores 4."""
    out: list[Evidence] = []
    for skill, rate in recall:
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0.0 <= rate <= 1.0:
            raise ValueError(f"recall rate of {skill!r} must be a number from 0 to 1, not {rate!r}")
        out.append(
            Evidence(skill=skill, score=SCORE_MIN + (SCORE_MAX - SCORE_MIN) * rate, at=at, source="review")
        )
    return out


# --- debriefs (sysdojo.core.debrief.Debrief.to_dict()) -------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def debrief_problem(data: Any) -> str | None:
    """Why `data` is not a debrief as Debrief.to_dict() gives it, or None. Only the fields the skill
    map reads are checked; the rest is kept as it came."""
    if not isinstance(data, Mapping):
        return "a debrief must be a JSON object"
    for name in ("case_id", "case_title"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            return f"a debrief needs a non-empty text '{name}'"
    overall = data.get("overall")
    if not isinstance(overall, (int, float)) or isinstance(overall, bool) or not 0 <= overall <= 100:
        return "a debrief's 'overall' must be a number from 0 to 100"
    skills = data.get("skills")
    if not isinstance(skills, list):
        return "a debrief's 'skills' must be a list"
    for n, item in enumerate(skills):
        if not isinstance(item, Mapping):
            return f"skills[{n}] must be an object"
        if not isinstance(item.get("skill"), str) or not item["skill"]:
            return f"skills[{n}] needs a 'skill' id"
        if not _is_int(item.get("score")) or not 1 <= item["score"] <= 4:
            return f"skills[{n}].score must be a whole number from 1 to 4"
        for name in ("title", "lesson"):
            if not isinstance(item.get(name, ""), str):
                return f"skills[{n}].{name} must be text"
    nxt = data.get("next_lesson")
    if nxt is not None and (
        not isinstance(nxt, Mapping)
        or not isinstance(nxt.get("lesson"), str)
        or not isinstance(nxt.get("skill"), str)
    ):
        return "a debrief's 'next_lesson' must be null or an object with 'skill' and 'lesson'"
    return None


def debrief_skills(data: Mapping[str, Any]) -> list[DebriefSkill]:
    """The skill scores of a valid debrief (see debrief_problem), in its order (weakest first)."""
    problem = debrief_problem(data)
    if problem:
        raise ValueError(problem)
    return [
        DebriefSkill(
            skill=item["skill"],
            title=item.get("title", "") or item["skill"],
            score=item["score"],
            lesson=item.get("lesson", "") or item["skill"],
        )
        for item in data["skills"]
    ]


def debrief_evidence(data: Mapping[str, Any], *, at: datetime) -> list[Evidence]:
    return [
        Evidence(skill=s.skill, score=float(s.score), at=at, source="debrief") for s in debrief_skills(data)
    ]
