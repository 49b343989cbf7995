"""The debrief of one answer: frozen dataclasses, with `to_dict()` giving plain JSON-ready data."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sysdojo.core.debrief.figures import FigureCheck


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, FigureCheck):
            out["message"] = value.message
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Evidence:
    """A sentence of the answer, quoted."""

    line: int
    phase: str
    text: str


@dataclass(frozen=True)
class PointResult:
    """One answer-key point: made or not, with the sentences that made it."""

    point: str
    skill: str
    weight: int
    covered: bool
    matched: tuple[str, ...]  # the synonyms found
    evidence: tuple[Evidence, ...]
    lesson: str  # the page (and anchor) that teaches it; the skill page when the key names none
    key_line: int  # line of the point in the case study


@dataclass(frozen=True)
class Mention:
    name: str  # a technology, or a vague phrase as written
    line: int
    text: str  # the sentence
    specific: bool  # sized or configured in the same sentence
    skill: str | None = None  # for vague phrases: the skill they weaken


@dataclass(frozen=True)
class Specificity:
    specific: tuple[Mention, ...]  # "Redis cluster, 6 shards, LRU, 64 GB"
    bare: tuple[Mention, ...]  # "Redis" with nothing to size or configure it
    vague: tuple[Mention, ...]  # "add a cache", "scale horizontally" with no number
    score: float  # 0-1: specific / (specific + bare / 2 + vague)


@dataclass(frozen=True)
class PhaseTime:
    phase: str  # canonical phase id
    headings: tuple[str, ...]
    line: int
    words: int
    minutes: float | None
    budget: float | None
    verdict: str  # "", "on time", "over budget", "rushed"


@dataclass(frozen=True)
class Structure:
    phases: tuple[PhaseTime, ...]  # the phases the answer has, in the canonical order
    missing: tuple[str, ...]  # core phases it skips
    tradeoffs: tuple[Evidence, ...]
    failure_modes: tuple[Evidence, ...]  # failures named together with what happens or what is done
    observability: tuple[str, ...]  # the signals named (SLO, p99, alert...)
    sized: tuple[str, ...]  # major components given a capacity figure
    unsized: tuple[str, ...]  # major components named without one
    score: float  # 0-1


@dataclass(frozen=True)
class SkillScore:
    skill: str
    title: str
    score: int  # 1-4
    reason: str
    evidence: tuple[Evidence, ...]
    weight: int  # the answer key's total weight on this skill (0 if it is not in the key)
    lesson: str  # what to study to raise it


@dataclass(frozen=True)
class NextLesson:
    skill: str
    title: str
    lesson: str
    reason: str


@dataclass(frozen=True)
class Debrief:
    case_id: str
    case_title: str
    overall: int  # 0-100
    parts: dict[str, float]  # the overall score's components, each 0-1
    skills: tuple[SkillScore, ...]  # weakest first
    points: tuple[PointResult, ...]  # in answer-key order
    figures: tuple[FigureCheck, ...]
    specificity: Specificity
    structure: Structure
    next_lesson: NextLesson | None

    @property
    def missing(self) -> tuple[PointResult, ...]:
        return tuple(p for p in self.points if not p.covered)

    @property
    def wrong_figures(self) -> tuple[FigureCheck, ...]:
        return tuple(f for f in self.figures if not f.ok)

    def skill(self, skill_id: str) -> SkillScore | None:
        return next((s for s in self.skills if s.skill == skill_id), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self)
        data["missing"] = [_plain(p) for p in self.missing]
        data["wrong_figures"] = [_plain(f) for f in self.wrong_figures]
        return data
