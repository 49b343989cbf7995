"""The curriculum's conventions, beyond what the format requires: enough practice on every page.

The format (sysdojo content check) accepts a page with one flashcard; the curriculum promises more.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from sysdojo.core.content.curriculum import Curriculum, curriculum_load
from sysdojo.core.content.model import Page
from sysdojo.paths import content_dir

PRACTICE_MINIMUMS = {
    # kind: (flashcards, quiz questions, related pages)
    "framework": (6, 4, 3),
    "skill": (6, 4, 3),
    "concept": (6, 4, 3),
    "pattern": (6, 4, 3),
    "technology": (6, 4, 3),
    "case-study": (8, 5, 3),
}


@cache
def curriculum() -> Curriculum:
    return curriculum_load(content_dir())


def pages(*kinds: str) -> list[Page]:
    return sorted((p for p in curriculum().pages.values() if p.kind in kinds), key=lambda p: p.id)


@pytest.mark.parametrize("page", pages(*PRACTICE_MINIMUMS), ids=lambda p: p.id)
def test_enough_flashcards_quiz_and_related_pages(page: Page) -> None:
    cards, questions, related = PRACTICE_MINIMUMS[page.kind]
    assert len(page.flashcards) >= cards, f"{page.source}: {len(page.flashcards)} flashcards, want {cards}"
    assert len(page.quiz) >= questions, f"{page.source}: {len(page.quiz)} quiz questions, want {questions}"
    assert len(page.related) >= related, f"{page.source}: {len(page.related)} related pages, want {related}"


def _probes(page: Page, section: str) -> int:
    """The ### questions under a ## section."""
    titles = [(s.level, s.title) for s in page.sections]
    start = next((i for i, (level, t) in enumerate(titles) if level == 2 and t.lower() == section), None)
    if start is None:
        return 0
    count = 0
    for level, _ in titles[start + 1 :]:
        if level == 2:
            break
        count += 1
    return count


@pytest.mark.parametrize(
    "page", pages("framework", "skill", "concept", "pattern", "technology"), ids=lambda p: p.id
)
def test_at_least_three_interview_probes(page: Page) -> None:
    assert _probes(page, "interview probes") >= 3, f"{page.source}: fewer than 3 interview probes"


@pytest.mark.parametrize("page", pages("case-study"), ids=lambda p: p.id)
def test_case_studies_are_complete(page: Page) -> None:
    assert _probes(page, "follow-up questions") >= 5, f"{page.source}: fewer than 5 follow-up questions"
    assert len(page.answer_key) >= 12, f"{page.source}: answer key has {len(page.answer_key)} points, want 12"
    assert page.executable is not None and page.executable.estimate is not None, "no estimate block"
    assert page.executable.design is not None, "no architecture block"
    assert any(q.type == "numeric" for q in page.quiz), "no numeric estimation drill"


@pytest.mark.parametrize("page", pages("pattern", "technology"), ids=lambda p: p.id)
def test_patterns_and_technologies_draw_their_shape(page: Page) -> None:
    assert page.executable is not None and page.executable.design is not None, f"{page.source}: no diagram"


@pytest.mark.parametrize("page", pages("path"), ids=lambda p: p.id)
def test_paths_say_how_long_each_stop_takes(page: Page) -> None:
    assert page.stops and all(stop.minutes > 0 and stop.why for stop in page.stops)
    assert page.goal


def test_no_page_is_a_stub() -> None:
    short = [
        f"{p.id} ({len(re.findall(r'[A-Za-z]+', p.body))} words)"
        for p in curriculum().pages.values()
        if p.kind != "path" and len(re.findall(r"[A-Za-z]+", p.body)) < 800
    ]
    assert short == []


@pytest.mark.parametrize(
    "page",
    [p for p in curriculum().pages.values() if p.executable is not None and p.executable.design is not None],
    ids=lambda p: p.id,
)
def test_every_design_is_healthy_at_its_stated_traffic(page: Page) -> None:
    """No unintended single point of failure and no component above 70% at the page's own peak."""
    from sysdojo.core.content.executable import executable_evaluate

    assert page.executable is not None
    analysis = executable_evaluate(page.executable, source=page.source).analysis
    assert analysis is not None
    assert [s.id for s in analysis.spofs if s.accepted is None] == [], f"{page.source}: unintended SPOF"
    hot = {x.id: round(x.utilization, 2) for x in analysis.loads if x.utilization and x.utilization > 0.7}
    assert hot == {}, f"{page.source}: above 70% at its stated traffic"
