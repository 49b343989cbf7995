"""The parsed curriculum: frozen dataclasses built once, where a file is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sysdojo.core.content.executable import Executable

QuestionType = Literal["single", "multiple", "numeric"]


@dataclass(frozen=True)
class Flashcard:
    question: str
    answer: str
    line: int


@dataclass(frozen=True)
class QuizQuestion:
    type: QuestionType
    prompt: str
    explanation: str
    line: int
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()  # indexes into choices, for single and multiple
    value: float | None = None  # for numeric
    tolerance: float = 0.0  # absolute, for numeric
    unit: str = ""

    def accepts(self, answer: float | tuple[int, ...]) -> bool:
        """Whether an answer is right: a number for numeric questions, choice indexes otherwise."""
        if self.type == "numeric":
            if not isinstance(answer, (int, float)) or self.value is None:
                return False
            return abs(float(answer) - self.value) <= self.tolerance
        return isinstance(answer, tuple) and tuple(sorted(set(answer))) == self.correct


@dataclass(frozen=True)
class Stop:
    page_id: str
    why: str
    minutes: int
    line: int


@dataclass(frozen=True)
class KeyPoint:
    """One point of a case study's answer key: what a strong answer says, and which skill it shows."""

    point: str
    skill: str  # the id of one of the 19 graded skill pages
    weight: int  # 1-3
    synonyms: tuple[str, ...]
    line: int
    lesson: str = ""  # the page (id, optional #anchor) that teaches it


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    level: int
    line: int


@dataclass(frozen=True)
class Link:
    target: str  # a page id
    anchor: str
    line: int


@dataclass(frozen=True)
class DataBlock:
    """A fenced block the format treats as data (estimate, architecture, answer-key...)."""

    kind: str
    text: str
    line: int  # the line of the first YAML line in the file
    data: Any = None


@dataclass(frozen=True)
class Page:
    id: str
    kind: str
    title: str
    area: str
    priority: str
    depth: str
    summary: str
    source: str  # path of the file, as given to the parser
    body: str  # Markdown after the front matter
    body_line: int  # file line of the body's first line
    content_hash: str
    phase: int | None = None
    tier: int | None = None
    minutes: int | None = None
    goal: str = ""
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    links: tuple[Link, ...] = ()
    flashcards: tuple[Flashcard, ...] = ()
    quiz: tuple[QuizQuestion, ...] = ()
    stops: tuple[Stop, ...] = ()
    answer_key: tuple[KeyPoint, ...] = ()
    blocks: tuple[DataBlock, ...] = field(default=())
    executable: Executable | None = field(default=None, compare=False)
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def block(self, kind: str) -> DataBlock | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    def line_of(self, field_name: str) -> int:
        return self.field_lines.get(field_name, 1)
