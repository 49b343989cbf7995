"""Load the whole curriculum from a content folder and check it as one body of pages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sysdojo.core.content.model import Page
from sysdojo.core.content.parse import FORMAT_VERSION, page_parse
from sysdojo.core.content.schema import DEPTHS, KINDS, PAGE_ID, PRIORITIES
from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.yamlio import yaml_load

PLAN_FILE = "plan.yaml"


@dataclass(frozen=True)
class PlanEntry:
    """One row of content/plan.yaml: a page the curriculum has or will have."""

    id: str
    kind: str
    title: str
    area: str
    priority: str
    depth: str
    summary: str
    phase: int | None = None
    tier: int | None = None


@dataclass(frozen=True)
class Curriculum:
    pages: dict[str, Page]
    plan: dict[str, PlanEntry]
    problems: tuple[Problem, ...] = field(default=())

    def title_of(self, page_id: str) -> str:
        entry = self.plan.get(page_id)
        return entry.title if entry else page_id

    def is_written(self, page_id: str) -> bool:
        return page_id in self.pages


def plan_load(path: Path) -> dict[str, PlanEntry]:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SysdojoError.at(source, f"cannot read the plan: {exc.strerror}") from None
    doc = yaml_load(text, source=source)
    if not isinstance(doc.data, list):
        raise SysdojoError.at(source, "the plan must be a YAML list of pages", line=doc.first_line)
    plan: dict[str, PlanEntry] = {}
    problems: list[Problem] = []
    for index, row in enumerate(doc.data):
        line = doc.line_of(index)
        if not isinstance(row, dict):
            problems.append(Problem(source, "each row must be a mapping", line, f"[{index + 1}]"))
            continue
        try:
            entry = PlanEntry(
                id=str(row["id"]),
                kind=str(row["kind"]),
                title=str(row["title"]),
                area=str(row["area"]),
                priority=str(row["priority"]),
                depth=str(row["depth"]),
                summary=str(row.get("summary", "")),
                phase=row.get("phase"),
                tier=row.get("tier"),
            )
        except KeyError as exc:
            problems.append(Problem(source, f"missing field {exc.args[0]}", line, f"[{index + 1}]"))
            continue
        if not PAGE_ID.match(entry.id) or entry.kind not in KINDS:
            problems.append(Problem(source, "bad id or kind", line, entry.id))
        elif entry.priority not in PRIORITIES or entry.depth not in DEPTHS:
            problems.append(Problem(source, "bad priority or depth", line, entry.id))
        elif entry.id in plan:
            problems.append(Problem(source, "the same id twice", line, entry.id))
        else:
            plan[entry.id] = entry
    if problems:
        raise SysdojoError(problems)
    return plan


def page_files(content_dir: Path) -> Iterator[Path]:
    yield from sorted(p for p in content_dir.rglob("*.md") if not p.name.startswith(("_", ".")))


def content_digest(content_dir: Path) -> str:
    """A hash of every file the curriculum is read from (and of the format version): cheap to compute,
    so a sync can tell that nothing changed without parsing anything."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION}\n".encode())
    for path in [content_dir / PLAN_FILE, *page_files(content_dir)]:
        digest.update(str(path.relative_to(content_dir)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.exists() else b"missing")
    return digest.hexdigest()


def curriculum_load(content_dir: Path, *, progress: Callable[[Path], None] | None = None) -> Curriculum:
    """Parse every page and run the cross-page checks; problems are collected, not raised."""
    plan = plan_load(content_dir / PLAN_FILE)
    pages: dict[str, Page] = {}
    problems: list[Problem] = []
    for path in page_files(content_dir):
        if progress is not None:
            progress(path)
        source = str(path)
        try:
            page = page_parse(path.read_text(encoding="utf-8"), source=source)
        except UnicodeDecodeError:
            problems.append(Problem(source, "is not UTF-8 text", 1))
            continue
        except SysdojoError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_check_against_plan(page, path, plan))
        if page.id in pages:
            first = pages[page.id].source
            problems.append(
                Problem(
                    source,
                    f"duplicate id '{page.id}' (also in {first})",
                    page.line_of("id"),
                    "id",
                )
            )
            continue
        pages[page.id] = page
    skills = {pid for pid, entry in plan.items() if entry.kind == "skill"}
    for page in pages.values():
        problems.extend(_check_references(page, plan))
        for point in page.answer_key:
            if point.skill not in skills:
                message = (
                    f"skill '{point.skill}' is not one of the graded skills ({', '.join(sorted(skills))})"
                )
                problems.append(Problem(page.source, message, point.line, "answer-key"))
            if point.lesson and point.lesson.split("#")[0] not in plan:
                message = f"lesson '{point.lesson}' is not a page of the curriculum"
                problems.append(Problem(page.source, message, point.line, "answer-key"))
    return Curriculum(pages=pages, plan=plan, problems=tuple(problems))


def _check_against_plan(page: Page, path: Path, plan: dict[str, PlanEntry]) -> list[Problem]:
    problems = []
    if path.stem != page.id:
        problems.append(
            Problem(
                page.source,
                f"id '{page.id}' must match the file name '{path.stem}.md'",
                page.line_of("id"),
                "id",
            )
        )
    folder = KINDS[page.kind].folder
    if path.parent.name != folder:
        problems.append(
            Problem(
                page.source,
                f"a {page.kind} page belongs in content/{folder}/",
                page.line_of("kind"),
                "kind",
            )
        )
    entry = plan.get(page.id)
    if entry is None:
        problems.append(
            Problem(
                page.source,
                f"'{page.id}' is not in content/{PLAN_FILE}",
                page.line_of("id"),
                "id",
            )
        )
    elif entry.kind != page.kind:
        problems.append(
            Problem(
                page.source,
                f"the plan says '{page.id}' is a {entry.kind}, not a {page.kind}",
                page.line_of("kind"),
                "kind",
            )
        )
    else:
        for name, planned, actual in (("phase", entry.phase, page.phase), ("tier", entry.tier, page.tier)):
            if planned != actual:
                want = "null" if planned is None else planned
                message = f"the plan places '{page.id}' at {name} {want}"
                problems.append(Problem(page.source, message, page.line_of(name), name))
    return problems


def _check_references(page: Page, plan: dict[str, PlanEntry]) -> list[Problem]:
    problems = []
    for page_id in page.related:
        if page_id not in plan:
            problems.append(
                Problem(
                    page.source,
                    f"'{page_id}' is not a page of the curriculum",
                    page.line_of("related"),
                    "related",
                )
            )
        elif page_id == page.id:
            problems.append(
                Problem(
                    page.source,
                    "a page cannot be related to itself",
                    page.line_of("related"),
                    "related",
                )
            )
    for link in page.links:
        if link.target not in plan:
            problems.append(
                Problem(
                    page.source,
                    f"link to '{link.target}', which is not a page of the curriculum",
                    link.line,
                    "link",
                )
            )
    for stop in page.stops:
        if stop.page_id not in plan:
            problems.append(
                Problem(
                    page.source,
                    f"stop '{stop.page_id}' is not a page of the curriculum",
                    stop.line,
                    "stops",
                )
            )
    return problems
