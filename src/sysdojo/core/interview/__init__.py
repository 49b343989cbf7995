"""Timed mock interviews, the pure part: the frameworks' phase budgets, the save-ordering rule that
keeps the newest acknowledged draft, and the answer handed to the debrief."""

from sysdojo.core.interview.frameworks import (
    DEFAULT_FRAMEWORK,
    FRAMEWORKS,
    Framework,
    Phase,
    framework_get,
)
from sysdojo.core.interview.saves import (
    Draft,
    Save,
    answer_compose,
    draft_apply,
    phase_at,
    phase_minutes,
    save_is_newer,
    texts_problem,
)

__all__ = [
    "DEFAULT_FRAMEWORK",
    "FRAMEWORKS",
    "Draft",
    "Framework",
    "Phase",
    "Save",
    "answer_compose",
    "draft_apply",
    "framework_get",
    "phase_at",
    "phase_minutes",
    "save_is_newer",
    "texts_problem",
]
