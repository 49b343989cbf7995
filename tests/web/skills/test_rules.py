"""The skill map's scoring rules (sysdojo.core.skillmap): plain functions, properties checked with
Hypothesis. They live under tests/web/skills/ only because that is the skills app's test folder; they
import nothing from Django."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdojo.core.debrief.model import Debrief, NextLesson, SkillScore, Specificity, Structure
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

START = datetime(2026, 1, 1, tzinfo=UTC)

moments = st.integers(min_value=0, max_value=3_000 * 86_400).map(lambda s: START + timedelta(seconds=s))
evidence_items = st.builds(
    Evidence,
    skill=st.just("caching"),
    score=st.floats(min_value=1.0, max_value=4.0),
    at=moments,
    source=st.sampled_from(["debrief", "quiz", "review"]),
)


@given(st.lists(evidence_items, min_size=1, max_size=40))
def test_scores_stay_within_1_and_4(evidence: list[Evidence]) -> None:
    score = skill_score(evidence)
    assert score is not None and 1.0 <= score <= 4.0
    assert min(e.score for e in evidence) - 1e-9 <= score <= max(e.score for e in evidence) + 1e-9


def test_no_evidence_is_unknown_not_1() -> None:
    assert skill_score([]) is None
    assert level_of(None) == "unknown"
    assert weakest({"caching": None, "sharding": 2.0}) == [("sharding", 2.0)]


@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.none() | st.floats(1.0, 4.0)))
def test_weakest_lists_known_weak_skills_lowest_first(scores: dict[str, float | None]) -> None:
    listed = weakest(scores, limit=3)
    assert [s for _, s in listed] == sorted(s for _, s in listed)
    assert all(s is not None and s < 3.25 and scores[k] == s for k, s in listed)
    weak = sorted(s for s in scores.values() if s is not None and s < 3.25)
    assert [s for _, s in listed] == weak[:3]


@given(
    old=st.floats(min_value=1.0, max_value=4.0),
    new=st.floats(min_value=1.0, max_value=4.0),
    source=st.sampled_from(["debrief", "quiz", "review"]),
    gap_days=st.integers(min_value=1, max_value=2_000),
)
def test_recent_evidence_weighs_more(old: float, new: float, source: str, gap_days: int) -> None:
    """Of two items from the same source, the mean sits closer to the newer one."""
    first = Evidence("caching", old, START, source)
    second = Evidence("caching", new, START + timedelta(days=gap_days), source)
    score = skill_score([first, second])
    assert score is not None
    assert abs(score - new) <= abs(score - old) + 1e-9
    if old != new:
        assert abs(score - new) < abs(score - old)


@given(st.lists(evidence_items, min_size=1, max_size=20), st.floats(min_value=1.0, max_value=4.0))
def test_fresh_evidence_moves_the_score_towards_it(evidence: list[Evidence], value: float) -> None:
    before = skill_score(evidence)
    newest = max(e.at for e in evidence) + timedelta(days=1)
    after = skill_score([*evidence, Evidence("caching", value, newest, "quiz")])
    assert before is not None and after is not None
    assert abs(after - value) <= abs(before - value) + 1e-9


def test_a_debrief_counts_more_than_a_quiz_question_of_the_same_day() -> None:
    score = skill_score([Evidence("caching", 4.0, START, "quiz"), Evidence("caching", 1.0, START, "debrief")])
    assert score is not None and score < 2.5


@given(st.lists(evidence_items, min_size=1, max_size=30))
def test_trend_ends_at_the_current_score(evidence: list[Evidence]) -> None:
    trend = skill_trend(evidence)
    assert trend and [day for day, _ in trend] == sorted({day for day, _ in trend})
    assert trend[-1][1] == pytest.approx(skill_score(evidence))
    assert all(1.0 <= score <= 4.0 for _, score in trend)


@given(st.sets(st.integers(min_value=-60, max_value=0)), st.integers(min_value=0, max_value=30))
def test_streak_counts_consecutive_days_up_to_today_or_yesterday(offsets: set[int], run: int) -> None:
    today = date(2026, 11, 22)
    days = {today + timedelta(days=o) for o in offsets if o < -run - 1} | {
        today - timedelta(days=n) for n in range(run)
    }
    assert streak_days(days, today=today) == run
    # A missing today keeps yesterday's streak alive.
    if run >= 2:
        assert streak_days(days - {today}, today=today) == run - 1


def test_streak_examples() -> None:
    today = date(2026, 11, 22)
    assert streak_days([], today=today) == 0
    assert streak_days([today - timedelta(days=2)], today=today) == 0
    assert streak_days([today, today, today - timedelta(days=1)], today=today) == 2


def test_quiz_skills() -> None:
    skills = {"caching", "sharding"}
    assert quiz_skills(page_id="caching", kind="skill", related=["sharding"], skill_ids=skills) == (
        "caching",
    )
    assert quiz_skills(
        page_id="idempotency",
        kind="concept",
        related=["redis", "sharding", "caching", "sharding"],
        skill_ids=skills,
    ) == ("sharding", "caching")
    assert quiz_skills(page_id="redis", kind="technology", related=["redis"], skill_ids=skills) == ()
    assert [e.score for e in quiz_evidence(skills=["caching"], correct=True, at=START)] == [4.0]
    assert [e.score for e in quiz_evidence(skills=["caching"], correct=False, at=START)] == [1.0]


@given(st.floats(min_value=0.0, max_value=1.0))
def test_review_recall_maps_into_1_to_4(rate: float) -> None:
    (item,) = review_evidence([("caching", rate)], at=START)
    assert 1.0 <= item.score <= 4.0 and item.source == "review"


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan"), True])
def test_review_recall_out_of_range_is_refused(rate: float) -> None:
    with pytest.raises(ValueError, match="recall rate"):
        review_evidence([("caching", rate)], at=START)


def sample_debrief() -> Debrief:
    return Debrief(
        case_id="url-shortener",
        case_title="URL shortener",
        overall=62,
        parts={"points": 0.5},
        skills=(
            SkillScore("caching", "Caching strategy", 1, "no TTL", (), 3, "caching#ttl"),
            SkillScore("sharding", "Sharding", 3, "sized", (), 2, "sharding"),
        ),
        points=(),
        figures=(),
        specificity=Specificity((), (), (), 0.5),
        structure=Structure((), (), (), (), (), (), (), 0.5),
        next_lesson=NextLesson("caching", "Caching strategy", "caching#ttl", "weakest"),
    )


def test_debrief_to_dict_is_read() -> None:
    data = sample_debrief().to_dict()
    assert debrief_problem(data) is None
    items = debrief_evidence(data, at=START)
    assert [(e.skill, e.score, e.source) for e in items] == [
        ("caching", 1.0, "debrief"),
        ("sharding", 3.0, "debrief"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"case_id": ""}, "case_id"),
        ({"overall": 101}, "overall"),
        ({"skills": "x"}, "'skills' must be a list"),
        ({"skills": [{"skill": "caching", "score": 5}]}, "from 1 to 4"),
        ({"skills": [{"skill": "caching", "score": True}]}, "from 1 to 4"),
        ({"skills": [{"score": 2}]}, "'skill' id"),
        ({"next_lesson": "caching"}, "next_lesson"),
    ],
)
def test_bad_debriefs_are_explained(change: dict[str, object], message: str) -> None:
    data = {**sample_debrief().to_dict(), **change}
    problem = debrief_problem(data)
    assert problem is not None and message in problem
    with pytest.raises(ValueError):
        debrief_evidence(data, at=START)
    assert debrief_problem([1, 2]) == "a debrief must be a JSON object"
