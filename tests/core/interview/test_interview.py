"""Framework budgets come from the framework pages; the answer the debrief reads."""

from __future__ import annotations

from sysdojo.core.debrief.answer import answer_parse
from sysdojo.core.interview import FRAMEWORKS, answer_compose, framework_get, phase_at, phase_minutes
from sysdojo.core.interview.saves import phase_budgets, texts_problem


def test_every_framework_is_a_45_minute_round() -> None:
    assert set(FRAMEWORKS) == {
        "delivery-framework",
        "five-step-framework",
        "interview-execution-playbook",
        "rails-framework",
    }
    assert all(f.minutes == 45 for f in FRAMEWORKS.values())


def test_budgets_are_the_pages_figures() -> None:
    minutes = {f: [p.minutes for p in FRAMEWORKS[f].phases] for f in FRAMEWORKS}
    assert minutes["delivery-framework"] == [5, 2, 5, 15, 15, 3]
    assert minutes["five-step-framework"] == [5, 5, 15, 15, 5]
    assert minutes["interview-execution-playbook"] == [5, 3, 3, 5, 8, 10, 5, 3, 3]
    assert minutes["rails-framework"][:5] == [5, 12, 5, 5, 10]


def test_the_composed_answer_has_one_heading_per_phase() -> None:
    framework = framework_get("delivery-framework")
    assert framework is not None
    answer = answer_compose(framework, ["Users shorten links.", "", "POST /urls", "", "", ""])
    assert answer.startswith("## Requirements\n\nUsers shorten links.\n\n## Core entities")
    parsed = answer_parse(answer, source="answer")
    assert [s.phase for s in parsed.sections][:3] == ["requirements", "data-model", "api"]


def test_the_clock_names_the_current_phase() -> None:
    framework = framework_get("delivery-framework")
    assert framework is not None
    assert phase_at(framework, 0) == 0
    assert phase_at(framework, 5 * 60) == 1
    assert phase_at(framework, 12 * 60 + 1) == 3
    assert phase_at(framework, 99 * 60) == 5


def test_minutes_for_the_debrief_leave_out_phases_it_cannot_place() -> None:
    framework = framework_get("delivery-framework")
    assert framework is not None
    assert phase_minutes(framework, [300, 0, 90, 0, 0, 120]) == {"Requirements": 5.0, "API": 1.5}
    assert "other" not in phase_budgets(framework)
    assert phase_budgets(framework)["requirements"] == 5


def test_texts_problem() -> None:
    framework = framework_get("five-step-framework")
    assert framework is not None
    assert texts_problem([""] * 5, framework) is None
    assert texts_problem([""] * 4, framework) == "expected 5 phase texts, got 4"
    assert "at most" in (texts_problem(["x" * 50_001, "", "", "", ""], framework) or "")
