"""The rules a mock interview's drafts follow, without a database.

Every browser tab keeps its own draft, and numbers its saves with a sequence that only grows. Saves
arrive over the network in any order, twice, or never; the stored draft of a tab changes only when
a save is newer (higher sequence) than what is stored, so a late, duplicated or replayed save can
never overwrite newer text. The web app applies exactly this rule with a conditional UPDATE
(`... WHERE seq < new_seq`), and tests/core/interview checks it as a state machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sysdojo.core.debrief.answer import OTHER, phase_of
from sysdojo.core.interview.frameworks import Framework

PHASE_MAX_CHARS = 50_000
TAB_ID_MAX = 64


@dataclass(frozen=True)
class Save:
    tab: str
    seq: int
    texts: tuple[str, ...]  # one per phase, in the framework's order


@dataclass(frozen=True)
class Draft:
    tab: str
    seq: int
    texts: tuple[str, ...]


def save_is_newer(*, stored_seq: int | None, new_seq: int) -> bool:
    """Whether a save replaces the stored draft: only a strictly higher sequence does (a duplicate is
    not newer, so replaying an acknowledged save changes nothing)."""
    return stored_seq is None or new_seq > stored_seq


def draft_apply(drafts: Mapping[str, Draft], save: Save) -> tuple[dict[str, Draft], bool]:
    """The drafts after `save` arrives, and whether it was stored. Other tabs' drafts are untouched:
    two tabs writing at once keep both texts."""
    stored = drafts.get(save.tab)
    out = dict(drafts)
    if not save_is_newer(stored_seq=stored.seq if stored else None, new_seq=save.seq):
        return out, False
    out[save.tab] = Draft(tab=save.tab, seq=save.seq, texts=save.texts)
    return out, True


def texts_problem(texts: Sequence[str], framework: Framework) -> str | None:
    """Why these phase texts cannot be stored, or None. NUL is refused: PostgreSQL cannot store it."""
    if len(texts) != len(framework.phases):
        return f"expected {len(framework.phases)} phase texts, got {len(texts)}"
    for phase, text in zip(framework.phases, texts, strict=True):
        if len(text) > PHASE_MAX_CHARS:
            return f"{phase.title}: a phase holds at most {PHASE_MAX_CHARS:,} characters"
        if "\x00" in text:
            return f"{phase.title}: the text cannot contain a NUL character"
    return None


def tab_problem(tab: str) -> str | None:
    if not tab or len(tab) > TAB_ID_MAX or not all(c.isalnum() or c in "-_" for c in tab):
        return f"the tab id must be 1-{TAB_ID_MAX} letters, digits, '-' or '_'"
    return None


def answer_compose(framework: Framework, texts: Sequence[str]) -> str:
    """The answer the debrief reads: every phase as a `## ` heading followed by its text."""
    return (
        "\n\n".join(
            f"## {phase.title}\n\n{text.strip()}"
            for phase, text in zip(framework.phases, texts, strict=False)
        ).rstrip()
        + "\n"
    )


def phase_at(framework: Framework, elapsed_seconds: float) -> int:
    """The phase the clock says the candidate should be in (the last one once time is up)."""
    end = 0.0
    for i, phase in enumerate(framework.phases):
        end += phase.minutes * 60
        if elapsed_seconds < end:
            return i
    return len(framework.phases) - 1


def phase_minutes(framework: Framework, seconds: Sequence[float]) -> dict[str, float]:
    """Minutes spent per phase, keyed by phase title, for the debrief. Phases the debrief has no name
    for (a wrap-up, follow-ups) are left out: it refuses names it cannot place."""
    out: dict[str, float] = {}
    for phase, spent in zip(framework.phases, seconds, strict=False):
        if phase_of(phase.title) != OTHER and spent > 0:
            out[phase.title] = round(spent / 60, 1)
    return out


def phase_budgets(framework: Framework) -> dict[str, float]:
    """The framework's budgets keyed by the debrief's phase ids (phases it cannot place left out)."""
    out: dict[str, float] = {}
    for phase in framework.phases:
        key = phase_of(phase.title)
        if key != OTHER:
            out[key] = out.get(key, 0.0) + phase.minutes
    return out
