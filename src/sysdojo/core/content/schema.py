"""What each kind of page must contain: its front matter, its sections, its structured blocks.

This table is the single source of truth for the format; docs/content-format.md explains it
and tests/core/content/test_docs.py checks the two agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PRIORITIES = ("high", "medium", "low")
DEPTHS = ("fundamental", "intermediate", "deep-dive")
PHASES = range(0, 10)
TIERS = range(1, 5)
PAGE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class KindSchema:
    kind: str
    label: str
    folder: str
    placement: str  # "phase" (study-guide phase 0-9) or "tier" (case-study difficulty 1-4)
    sections: tuple[str, ...]
    blocks: tuple[str, ...] = ("flashcards", "quiz")


# Sections every kind ends with, in this order; kept apart so the table below reads as what differs.
_PRACTICE = ("Mastery check", "Flashcards", "Quiz")

KINDS: dict[str, KindSchema] = {
    schema.kind: schema
    for schema in (
        KindSchema(
            "framework",
            "Framework",
            "frameworks",
            "phase",
            (
                "Why it exists",
                "How it works",
                "Common mistakes",
                "Interview probes",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "skill",
            "Graded skill",
            "skills",
            "phase",
            (
                "What it is",
                "How it works",
                "What interviewers look for",
                "Common mistakes",
                "Interview probes",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "concept",
            "Concept",
            "concepts",
            "phase",
            (
                "What it is",
                "How it works",
                "Trade-offs",
                "When not to use it",
                "Common mistakes",
                "Interview probes",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "pattern",
            "Pattern",
            "patterns",
            "phase",
            (
                "The problem",
                "How it works",
                "When to use it",
                "When not to use it",
                "Trade-offs",
                "Failure modes",
                "Common mistakes",
                "Interview probes",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "technology",
            "Technology",
            "technologies",
            "phase",
            (
                "What it is",
                "How it works",
                "Numbers to know",
                "When to use it",
                "When not to use it",
                "Trade-offs",
                "Failure modes",
                "Common mistakes",
                "Interview probes",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "case-study",
            "Case study",
            "case-studies",
            "tier",
            (
                "Requirements",
                "Capacity estimate",
                "API",
                "Data model",
                "High-level design",
                "Deep dives",
                "Trade-offs",
                "Failure modes",
                "Follow-up questions",
                *_PRACTICE,
            ),
            ("flashcards", "quiz", "answer-key"),
        ),
        KindSchema(
            "lld-case-study",
            "LLD case study",
            "lld",
            "tier",
            (
                "Requirements",
                "Entities",
                "Class design",
                "Design patterns",
                "Concurrency",
                "Code",
                "Extensions",
                "Follow-up questions",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "ml-case-study",
            "ML case study",
            "ml",
            "tier",
            (
                "Requirements",
                "Data and labels",
                "Features",
                "Model",
                "Serving",
                "Evaluation",
                "Monitoring",
                "Follow-up questions",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "capstone",
            "Capstone",
            "capstones",
            "tier",
            (
                "Requirements",
                "Capacity estimate",
                "API",
                "Data model",
                "High-level design",
                "Trade-offs",
                "Scaling and bottlenecks",
                "Cost",
                "Failure modes",
                "Observability",
                "Migration",
                "Self-review",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "evolution-study",
            "Evolution study",
            "evolution",
            "tier",
            (
                "Trigger",
                "Change",
                "Gains",
                "Costs",
                "When not to do it",
                "Follow-up questions",
                *_PRACTICE,
            ),
        ),
        KindSchema(
            "outage-study",
            "Outage study",
            "outages",
            "tier",
            (
                "What happened",
                "Root cause",
                "Blast radius",
                "Recovery",
                "Lessons",
                *_PRACTICE,
            ),
        ),
        KindSchema("article", "Article", "articles", "tier", _PRACTICE),
        KindSchema(
            "path",
            "Path",
            "paths",
            "phase",
            ("Goal", "Stops", "Mastery check"),
            ("stops",),
        ),
    )
}

REQUIRED_FIELDS = (
    "id",
    "kind",
    "title",
    "area",
    "priority",
    "depth",
    "summary",
    "related",
    "tags",
)
OPTIONAL_FIELDS = ("phase", "tier", "minutes", "goal", "sources")
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS

# Fenced code blocks with these info strings are data, not code: parsed as YAML and rendered by the app.
BLOCK_KINDS = ("flashcards", "quiz", "stops", "estimate", "architecture", "answer-key")

SUMMARY_MAX = 240


def heading_key(text: str) -> str:
    """Normalise a heading so "Trade-offs", "trade offs" and "Trade-Offs:" compare equal."""
    text = text.lower().replace("&", "and")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
