"""The sample answers rank right: for every case study with a strong and a weak answer (found at run time)."""

from __future__ import annotations

import functools
import json

import pytest

from sysdojo.core.debrief import Debrief, debrief_grade
from tests.core.debrief.samples import ANSWERS, answer_pairs, case, skills

PAIRS = answer_pairs()


@functools.cache
def grade(case_id: str, kind: str) -> Debrief:
    text = (ANSWERS / case_id / f"{kind}.md").read_text(encoding="utf-8")
    return debrief_grade(page=case(case_id), answer=text, skills=skills(), source=f"{case_id}/{kind}.md")


def test_enough_sample_pairs() -> None:
    assert len(PAIRS) >= 5, PAIRS


@pytest.mark.parametrize("case_id", PAIRS)
def test_strong_beats_weak_overall(case_id: str) -> None:
    strong, weak = grade(case_id, "strong"), grade(case_id, "weak")
    assert strong.overall > weak.overall, (strong.overall, weak.overall)
    assert strong.parts["points"] > weak.parts["points"]


@pytest.mark.parametrize("case_id", PAIRS)
def test_strong_at_least_as_good_on_every_key_skill(case_id: str) -> None:
    strong, weak = grade(case_id, "strong"), grade(case_id, "weak")
    keyed = sorted({p.skill for p in case(case_id).answer_key})
    worse, higher = [], 0
    for skill in keyed:
        s, w = strong.skill(skill), weak.skill(skill)
        assert s is not None and w is not None, skill  # every answer-key skill is scored, touched or not
        if s.score < w.score:
            worse.append(f"{skill}: strong {s.score} ({s.reason}) < weak {w.score} ({w.reason})")
        higher += s.score > w.score
    assert worse == []
    assert higher > len(keyed) / 2, f"strong higher on only {higher} of {len(keyed)} skills"


@pytest.mark.parametrize("case_id", PAIRS)
def test_weak_estimate_is_flagged_with_the_right_figure(case_id: str) -> None:
    weak = grade(case_id, "weak")
    wrong = [f for f in weak.wrong_figures if f.phase == "estimation"]
    assert wrong, "the weak answer's wrong estimate was not flagged"
    from sysdojo.core.estimate import estimate_evaluate

    estimate = case(case_id).executable
    assert estimate is not None and estimate.estimate is not None
    result = estimate_evaluate(estimate.estimate)
    for figure in wrong:
        output = result.output(figure.name)
        assert output is not None
        assert figure.expected == output.rounded
        assert figure.said in figure.message and output.rounded in figure.message
        assert not 0.5 <= figure.ratio <= 2.0


@pytest.mark.parametrize("case_id", PAIRS)
def test_strong_answers_get_few_false_alarms(case_id: str) -> None:
    strong = grade(case_id, "strong")
    assert len(strong.wrong_figures) <= 2, [f.message for f in strong.wrong_figures]
    assert sum(f.ok for f in strong.figures) >= 3


@pytest.mark.parametrize("case_id", PAIRS)
def test_missing_points_and_next_lesson(case_id: str) -> None:
    weak = grade(case_id, "weak")
    assert weak.missing
    for point in weak.missing:
        assert point.lesson and not point.covered and point.evidence == ()
    assert weak.next_lesson is not None
    weakest = weak.skills[0]
    assert weak.next_lesson.skill == weakest.skill
    assert all(s.score >= weakest.score for s in weak.skills)
    made = [p for p in grade(case_id, "strong").points if p.covered]
    assert made and all(p.evidence and p.matched for p in made)


@pytest.mark.parametrize("case_id", PAIRS[:3])
def test_regrading_gives_the_same_result(case_id: str) -> None:
    first = grade(case_id, "strong")
    second = grade.__wrapped__(case_id, "strong")
    assert first == second
    assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(second.to_dict(), sort_keys=True)
