"""A candidate's answer, read once: optional front matter, `## ` phases, sentences with lines.

The format (also in RUBRIC.md)::

    ---
    minutes: {requirements: 5, capacity estimate: 6}   # optional: time spent per phase
    ---
    ## Requirements
    <!-- minutes: 5 -->                                 # optional: the same, inside a phase
    ...

Headings name phases loosely (`## Back-of-the-envelope` is the estimation phase, `## HLD` the high-level
design); anything unrecognised is kept as an "other" phase, still read for content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sysdojo.core.errors import SysdojoError
from sysdojo.core.yamlio import yaml_load

MAX_CHARS = 100_000  # ~15,000 words: far beyond a 45-minute interview, and keeps grading bounded

# The canonical phases of a system design interview, in order, with the headings that name them.
PHASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("requirements", ("requirements", "requirement", "functional requirements", "scope", "scoping",
                      "clarifying questions", "clarifications", "assumptions", "goals", "problem",
                      "non functional requirements")),
    ("estimation", ("capacity estimate", "capacity estimates", "capacity estimation", "estimation",
                    "estimate", "estimates", "back of the envelope", "back of envelope", "capacity",
                    "capacity planning", "sizing", "numbers", "scale estimate", "math")),
    ("api", ("api", "apis", "api design", "interface", "interfaces", "endpoints", "endpoint")),
    ("data-model", ("data model", "data modeling", "data modelling", "schema", "database schema",
                    "storage", "entities", "data", "storage model")),
    ("high-level-design", ("high level design", "high level architecture", "architecture", "hld",
                           "design", "overview", "system design", "components", "basic design")),
    ("deep-dives", ("deep dives", "deep dive", "detailed design", "details", "scaling", "scale",
                    "bottlenecks", "scaling and bottlenecks", "deeper")),
    ("trade-offs", ("trade offs", "tradeoffs", "trade off", "tradeoff", "alternatives", "decisions",
                    "design decisions", "alternatives considered")),
    ("failure-modes", ("failure modes", "failure mode", "failures", "failure", "reliability",
                       "fault tolerance", "resilience", "what can go wrong", "failure handling",
                       "disaster recovery")),
    ("observability", ("observability", "monitoring", "metrics", "alerting", "operations")),
)  # fmt: skip
PHASE_IDS = tuple(p for p, _ in PHASES)
OTHER = "other"
_ALIASES = sorted(((a, p) for p, names in PHASES for a in names), key=lambda x: -len(x[0]))


@dataclass(frozen=True)
class Sentence:
    index: int
    phase: str  # canonical phase id, or "other"
    section: int  # index into Answer.sections
    start: int  # offsets into Answer.text
    end: int
    line: int
    text: str  # as written, whitespace collapsed, Markdown emphasis removed


@dataclass(frozen=True)
class AnswerSection:
    heading: str
    phase: str
    line: int
    start: int  # offset of the body in Answer.text
    end: int
    words: int
    minutes: float | None


@dataclass(frozen=True)
class Answer:
    source: str
    text: str  # the body: front matter removed, minute markers blanked; offsets refer to this
    line_offset: int  # file lines before `text`
    sections: tuple[AnswerSection, ...]
    sentences: tuple[Sentence, ...]
    minutes: Mapping[str, float]  # canonical phase -> minutes, from the front matter and markers

    def line_at(self, pos: int) -> int:
        return self.line_offset + self.text.count("\n", 0, pos) + 1

    def phase_at(self, pos: int) -> str:
        starts = [s.start for s in self.sections]
        i = bisect.bisect_right(starts, pos) - 1
        return self.sections[i].phase if i >= 0 else OTHER


def phase_of(heading: str) -> str:
    """The canonical phase a heading names: exact alias first, then the longest alias it contains."""
    words = " ".join(re.findall(r"[a-z]+", heading.lower().replace("-", " ")))
    words = re.sub(r"^(?:step|phase|part)\s+", "", words)
    for alias, phase in _ALIASES:
        if words == alias:
            return phase
    padded = f" {words} "
    for alias, phase in _ALIASES:
        if len(alias) > 3 and f" {alias} " in padded:
            return phase
    return OTHER


_FENCE_LINE = re.compile(r"^\s*(```|~~~)")
_MINUTES = re.compile(r"<!--\s*minutes\s*:\s*([0-9]{1,4}(?:\.[0-9]{1,3})?)\s*-->", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[^a-z0-9\s])|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
_INLINE = re.compile(r"\*\*|__|`|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")


def _front_matter(text: str, source: str) -> tuple[str, int, dict[str, float]]:
    """Split off `---` front matter; returns the body, its line offset and the minutes it gives."""
    if not text.startswith("---\n"):
        return text, 0, {}
    end = text.find("\n---", 3)
    if end < 0 or text[end + 4 : end + 5] not in ("", "\n"):
        return text, 0, {}
    located = yaml_load(text[4 : end + 1], source=source, line_offset=1, field_name="front matter")
    data = located.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SysdojoError.at(source, "must be a mapping (minutes: ...)", line=2, field="front matter")
    unknown = sorted(str(k) for k in data if k != "minutes")
    if unknown:
        raise SysdojoError.at(
            source,
            f"unknown key {unknown[0]!r}; the only key is 'minutes'",
            line=located.line_of(unknown[0]),
            field="front matter",
        )
    minutes = data.get("minutes") or {}
    if not isinstance(minutes, dict):
        raise SysdojoError.at(
            source, "must map phases to minutes, e.g. {requirements: 5}", line=located.line_of("minutes"),
            field="minutes",
        )  # fmt: skip
    out = phase_minutes_check(
        {str(k): v for k, v in minutes.items()}, source=source, line=located.line_of("minutes")
    )
    body_start = end + 5
    return text[body_start:], text.count("\n", 0, body_start), out


def phase_minutes_check(
    minutes: Mapping[str, object], *, source: str, line: int | None = None, field: str = "minutes"
) -> dict[str, float]:
    """Phase names (any heading wording) to minutes; keys become canonical phase ids."""
    out: dict[str, float] = {}
    for name, value in minutes.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600:
            raise SysdojoError.at(
                source, f"minutes for {name!r} must be a number from 0 to 600", line=line, field=field
            )
        phase = name if name in PHASE_IDS else phase_of(name)
        if phase == OTHER:
            raise SysdojoError.at(
                source, f"{name!r} is not a phase ({', '.join(PHASE_IDS)})", line=line, field=field
            )
        out[phase] = out.get(phase, 0.0) + float(value)
    return out


def clean(text: str) -> str:
    """Sentence text for quoting: Markdown emphasis and list markers gone, whitespace collapsed."""
    text = _INLINE.sub("", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text)
    return " ".join(text.split())


def answer_parse(text: str, *, source: str = "answer") -> Answer:
    """Split an answer into phases and sentences; no `## ` heading is an error."""
    if len(text) > MAX_CHARS:
        raise SysdojoError.at(
            source, f"is {len(text):,} characters; an answer may have at most {MAX_CHARS:,}", line=1
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", " ")
    body, offset, minutes = _front_matter(text, source)
    headings: list[tuple[int, int, str]] = []  # (heading line start, body start, title)
    pos, fenced = 0, False
    for raw in body.splitlines(keepends=True):
        if _FENCE_LINE.match(raw):
            fenced = not fenced
        elif not fenced and raw.startswith("## "):
            headings.append((pos, pos + len(raw), raw[3:].strip().strip("#").strip()))
        pos += len(raw)
    if not headings:
        raise SysdojoError.at(
            source,
            "has no '## ' headings; write the answer in phases (## Requirements, ## Capacity estimate, "
            "## API, ## Data model, ## High-level design, ## Deep dives, ## Trade-offs, ## Failure modes)",
            line=offset + 1,
        )
    sections: list[AnswerSection] = []
    sentences: list[Sentence] = []
    # The text before the first heading is read as an "other" phase.
    spans = [(0, 0, "", headings[0][0])] if body[: headings[0][0]].strip() else []
    spans += [(h[0], h[1], h[2], headings[i + 1][0] if i + 1 < len(headings) else len(body))
              for i, h in enumerate(headings)]  # fmt: skip
    chars = list(body)
    for m in _MINUTES.finditer(body):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    marked = {m.start(): float(m.group(1)) for m in _MINUTES.finditer(body)}
    blank = "".join(chars)
    blank = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), blank)
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    for head_at, start, title, end in spans:
        phase = phase_of(title) if title else OTHER
        marker = [v for at, v in marked.items() if start <= at < end]
        section_minutes = marker[0] if marker else None
        if section_minutes is not None and phase != OTHER:
            minutes.setdefault(phase, 0.0)
            minutes[phase] += section_minutes
        chunk = blank[start:end]
        sections.append(
            AnswerSection(
                heading=title,
                phase=phase,
                line=offset + body.count("\n", 0, head_at) + 1,
                start=start,
                end=end,
                words=len(chunk.split()),
                minutes=section_minutes,
            )
        )
        bounds = [start] + [x for m in _SPLIT.finditer(chunk) for x in (start + m.start(), start + m.end())]
        bounds.append(end)
        for piece_start, piece_end in zip(bounds[::2], bounds[1::2], strict=True):
            piece = blank[piece_start:piece_end]
            cleaned = clean(re.sub(r"^\s*(```|~~~)\S*\s*$", "", piece, flags=re.M))
            if not cleaned or not re.search(r"[A-Za-z0-9]", cleaned):
                continue
            at = piece_start + len(piece) - len(piece.lstrip())
            sentences.append(
                Sentence(
                    index=len(sentences),
                    phase=phase,
                    section=len(sections) - 1,
                    start=at,
                    end=piece_start + len(piece.rstrip()),
                    line=offset + bisect.bisect_right(line_starts, at),
                    text=cleaned,
                )
            )
    return Answer(
        source=source,
        text=blank,
        line_offset=offset,
        sections=tuple(sections),
        sentences=tuple(sentences),
        minutes=dict(sorted(minutes.items())),
    )
