"""The fixture case study with executable blocks (an estimate, an architecture, an answer key).

It lives in tests/fixtures/design-content/, apart from tests/fixtures/content/, because several tests count
the pages of the small fixture curriculum. `design_content(folder)` writes the fixture curriculum plus the
case study (and its plan rows) into `folder`, ready for `curriculum_sync` or `sysdojo content sync`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXTURE_CONTENT = TESTS / "fixtures" / "content"
DESIGN_CONTENT = TESTS / "fixtures" / "design-content"
CASE_STUDY = DESIGN_CONTENT / "case-studies" / "url-shortener.md"
CASE_STUDY_ID = "url-shortener"


def design_content(folder: Path) -> Path:
    """The fixture curriculum with the case study added; returns `folder`."""
    shutil.copytree(FIXTURE_CONTENT, folder)
    shutil.copytree(DESIGN_CONTENT / "case-studies", folder / "case-studies")
    plan = folder / "plan.yaml"
    rows = (DESIGN_CONTENT / "plan-rows.yaml").read_text(encoding="utf-8")
    plan.write_text(plan.read_text(encoding="utf-8").rstrip("\n") + "\n" + rows, encoding="utf-8")
    return folder


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` that contains `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")
