"""Shared data for the debrief tests: the curriculum's skills and the case studies with sample answers."""

from __future__ import annotations

import functools
from pathlib import Path

from sysdojo.core.content.curriculum import plan_load
from sysdojo.core.content.model import Page
from sysdojo.core.content.parse import page_parse

REPO = Path(__file__).resolve().parents[3]
CONTENT = REPO / "content"
ANSWERS = REPO / "tests" / "fixtures" / "answers"


@functools.cache
def skills() -> dict[str, str]:
    plan = plan_load(CONTENT / "plan.yaml")
    return {entry.id: entry.title for entry in plan.values() if entry.kind == "skill"}


@functools.cache
def case(case_id: str) -> Page:
    path = CONTENT / "case-studies" / f"{case_id}.md"
    return page_parse(path.read_text(encoding="utf-8"), source=str(path))


def answer_pairs() -> list[str]:
    """Case ids with both a strong and a weak sample answer and a written case study, at run time."""
    return sorted(
        d.name
        for d in ANSWERS.iterdir()
        if (d / "strong.md").is_file() and (d / "weak.md").is_file()
        and (CONTENT / "case-studies" / f"{d.name}.md").is_file()
    )  # fmt: skip
