"""Reads of the curriculum tables."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string

from sysdojo.core.content.executable import Executable, executable_parse
from sysdojo.core.content.schema import DEPTHS, KINDS, PRIORITIES
from sysdojo.core.search import SearchHit, SearchIndex
from sysdojo.web.catalog.models import Page

# The Learn page's layout: each group is a title and a filter over the catalog, in this order.
LEARN_GROUPS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("start", "Start here", {"id": "delivery-framework"}),
    ("tracks", "Tracks", {"kind": "path", "id__startswith": "track-"}),
    ("paths", "Reading paths", {"kind": "path", "id__startswith": "path-"}),
    ("plans", "Study plans", {"kind": "path", "excluded_prefixes": ("track-", "path-")}),
    ("frameworks", "Interview frameworks", {"kind": "framework"}),
    ("skills", "Graded skills", {"kind": "skill"}),
    ("patterns", "Patterns", {"kind": "pattern"}),
    ("technologies", "Technologies", {"kind": "technology"}),
    ("concepts", "Deep dives", {"kind": "concept"}),
    ("case-studies", "Case studies", {"kind": "case-study"}),
    ("lld", "Low-level design", {"kind": "lld-case-study"}),
    ("ml", "ML system design", {"kind": "ml-case-study"}),
    ("capstones", "Capstones", {"kind": "capstone"}),
    ("evolution", "Evolution studies", {"kind": "evolution-study"}),
    ("outages", "Outage studies", {"kind": "outage-study"}),
    ("articles", "Articles", {"kind": "article"}),
)


@dataclass(frozen=True)
class LearnFilters:
    kind: str = ""
    area: str = ""
    phase: int | None = None
    tier: int | None = None
    priority: str = ""
    depth: str = ""
    status: str = ""  # not-started | learning | mastered | coming
    written_only: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> LearnFilters:
        def number(name: str, allowed: range) -> int | None:
            raw = query.get(name, "")
            return int(raw) if raw.isdigit() and int(raw) in allowed else None

        def choice(name: str, allowed: Iterable[str]) -> str:
            raw = query.get(name, "")
            return raw if raw in allowed else ""

        return cls(
            kind=choice("kind", KINDS),
            area=query.get("area", "")[:60],
            phase=number("phase", range(0, 10)),
            tier=number("tier", range(1, 5)),
            priority=choice("priority", PRIORITIES),
            depth=choice("depth", DEPTHS),
            status=choice("status", ("not-started", "learning", "mastered", "coming")),
            written_only=query.get("written") == "1",
        )

    @property
    def active(self) -> bool:
        return any(
            (
                self.kind,
                self.area,
                self.phase is not None,
                self.tier is not None,
                self.priority,
                self.depth,
                self.status,
                self.written_only,
            )
        )


@dataclass
class LearnGroup:
    key: str
    title: str
    pages: list[Page] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)

    @property
    def subgroups(self) -> list[tuple[str, list[Page]]]:
        """Skills by area, deep dives by phase, case studies by tier; other groups are one list."""
        split = _SUBGROUPS.get(self.key)
        if split is None:
            return [("", self.pages)]
        found: dict[str, list[Page]] = {}
        for page in self.pages:
            found.setdefault(split(page), []).append(page)
        return sorted(found.items())


def _by_phase(page: Page) -> str:
    return f"Phase {page.phase}" if page.phase is not None else "Any phase"


def _by_tier(page: Page) -> str:
    return f"Tier {page.tier}" if page.tier is not None else "Any tier"


_SUBGROUPS = {
    "skills": lambda page: page.area.replace("-", " ").capitalize(),
    "concepts": _by_phase,
    "case-studies": _by_tier,
    "lld": _by_tier,
    "ml": _by_tier,
}


def page_get(*, page_id: str) -> Page | None:
    """A page to show: what the lesson template needs, not the search text or the raw blocks."""
    return (
        Page.objects.filter(pk=page_id)
        .exclude(state=Page.State.REMOVED)
        .defer("text", "flashcards", "blocks", "tags", "source", "sync_hash")
        .first()
    )


def pages_listed() -> QuerySet[Page]:
    return Page.objects.exclude(state=Page.State.REMOVED).defer(
        "html", "text", "toc", "quiz", "flashcards", "blocks"
    )


def pages_by_ids(*, ids: Iterable[str]) -> dict[str, Page]:
    return {
        p.id: p
        for p in Page.objects.filter(pk__in=list(ids)).defer("html", "text", "quiz", "flashcards", "blocks")
    }


def areas() -> list[str]:
    return sorted({page.area for page in catalog_pages()})


def _matches(page: Page, rule: dict[str, object]) -> bool:
    for key, value in rule.items():
        if key == "id" and page.id != value:
            return False
        if key == "kind" and page.kind != value:
            return False
        if key == "id__startswith" and not page.id.startswith(str(value)):
            return False
        if key == "excluded_prefixes" and isinstance(value, tuple) and page.id.startswith(value):
            return False
    return True


def _passes(page: Page, filters: LearnFilters) -> bool:
    return (
        (not filters.kind or page.kind == filters.kind)
        and (not filters.area or page.area == filters.area)
        and (filters.phase is None or page.phase == filters.phase)
        and (filters.tier is None or page.tier == filters.tier)
        and (not filters.priority or page.priority == filters.priority)
        and (not filters.depth or page.depth == filters.depth)
        and (not filters.written_only or page.is_written)
    )


def learn_groups(*, filters: LearnFilters, statuses: Mapping[str, str]) -> list[LearnGroup]:
    """The Learn page's groups with the pages that pass the filters, each page listed once."""
    groups = [LearnGroup(key=key, title=title) for key, title, _ in LEARN_GROUPS]
    placed: set[str] = set()
    for page in catalog_pages():
        if not _passes(page, filters):
            continue
        status = statuses.get(page.id, "not-started") if page.is_written else "coming"
        if filters.status and status != filters.status:
            continue
        for group, (_, _, rule) in zip(groups, LEARN_GROUPS, strict=True):
            if page.id not in placed and _matches(page, rule):
                group.pages.append(page)
                group.statuses[page.id] = status
                placed.add(page.id)
                break
    return [g for g in groups if g.pages]


_CATALOG: list[tuple[str, list[Page]]] = []


def catalog_pages() -> list[Page]:
    """Every listed page (not removed), without bodies, kept in memory while the catalog is unchanged.

    The Learn and progress pages read all ~320 rows; loading them per request was most of their cost.
    Treat the returned pages as read-only: they are shared between requests.
    """
    version = catalog_version()
    if _CATALOG and _CATALOG[0][0] == version:
        return _CATALOG[0][1]
    pages = list(pages_listed())
    _CATALOG[:] = [(version, pages)]
    return pages


_INDEXES: dict[str, SearchIndex] = {}


def pages_search(*, query: str, limit: int = 20) -> list[SearchHit]:
    """Ranked hits with highlighted snippets. Raises SysdojoError when no index has been built."""
    path = settings.SEARCH_INDEX
    index = _INDEXES.get(str(path))
    if index is None:
        index = _INDEXES[str(path)] = SearchIndex(path)
    return index.query(query[:200], limit=limit)


def catalog_version() -> str:
    """Changes whenever a sync changes anything (the sync replaces the file): a stat, no query."""
    try:
        stat = os.stat(settings.DATA_DIR / VERSION_FILE)
    except FileNotFoundError:
        return "none"
    return f"{stat.st_ino}:{stat.st_mtime_ns}"


VERSION_FILE = "catalog.version"


@dataclass(frozen=True)
class LessonSnapshot:
    """The part of a lesson that is the same for every reader, rendered once per catalog version."""

    page: Page
    toc_html: str
    header_html: str
    related_html: str


_LESSONS: OrderedDict[str, tuple[str, LessonSnapshot]] = OrderedDict()
_LESSONS_MAX = 1024


def lesson_snapshot(*, page_id: str) -> LessonSnapshot | None:
    """A lesson's shared HTML from this process's memory while the catalog is unchanged.

    Serving a lesson to a visitor without a session then needs no database query at all, which is
    what lets one small machine serve the lesson pages at over a thousand requests a second.
    """
    version = catalog_version()
    hit = _LESSONS.get(page_id)
    if hit is not None and hit[0] == version:
        _LESSONS.move_to_end(page_id)
        return hit[1]
    page = page_get(page_id=page_id)
    if page is None:
        return None
    related = pages_by_ids(ids=page.related)
    context = {"page": page, "kind_label": KINDS[page.kind].label if page.kind in KINDS else page.kind}
    snapshot = LessonSnapshot(
        page=page,
        toc_html=render_to_string("catalog/_lesson_toc.html", context),
        header_html=render_to_string("catalog/_lesson_header.html", context),
        related_html=render_to_string(
            "catalog/_lesson_related.html", {"related": [related[r] for r in page.related if r in related]}
        ),
    )
    _LESSONS[page_id] = (version, snapshot)
    if len(_LESSONS) > _LESSONS_MAX:
        _LESSONS.popitem(last=False)
    return snapshot


_EXECUTABLES: dict[str, tuple[str, Executable | None]] = {}


def page_executable(*, page_id: str) -> Executable | None:
    """The page's parsed estimate and architecture blocks, parsed once per catalog version."""
    version = catalog_version()
    hit = _EXECUTABLES.get(page_id)
    if hit is not None and hit[0] == version:
        return hit[1]
    row = Page.objects.filter(pk=page_id, state=Page.State.WRITTEN).values_list("blocks", flat=True).first()
    executable = None
    if row and ("estimate" in row or "architecture" in row):
        estimate, design = row.get("estimate"), row.get("architecture")
        source = (estimate or design)["source"]
        executable = executable_parse(
            estimate_text=estimate["text"] if estimate else None,
            estimate_line=estimate["line"] - 1 if estimate else 0,
            design_text=design["text"] if design else None,
            design_line=design["line"] - 1 if design else 0,
            source=source,
        )
    _EXECUTABLES[page_id] = (version, executable)
    return executable
