"""Read one Markdown page with YAML front matter into a validated `Page`.

Checks that need only the file itself happen here; checks across pages (ids that must
resolve, duplicates) are in `validate.py`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sysdojo.core.content import blocks as block_parsers
from sysdojo.core.content.executable import Executable, executable_evaluate, executable_parse
from sysdojo.core.content.model import DataBlock, Link, Page, Section
from sysdojo.core.content.schema import (
    ALL_FIELDS,
    BLOCK_KINDS,
    DEPTHS,
    KINDS,
    PAGE_ID,
    PHASES,
    PRIORITIES,
    REQUIRED_FIELDS,
    SUMMARY_MAX,
    TIERS,
    heading_key,
)
from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.estimate import estimate_contradictions, estimate_evaluate, estimate_render
from sysdojo.core.yamlio import LocatedYaml, yaml_load

# Bump when parsing or rendering changes, so the next sync re-renders every page.
FORMAT_VERSION = "1"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)
_EXTERNAL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
PAGE_LINK = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([a-z0-9_-]+))?$")


def markdown_parser() -> MarkdownIt:
    # Raw HTML is off: content and user notes can never inject markup.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


_PARSER = markdown_parser()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _front_matter(text: str, source: str) -> tuple[LocatedYaml, str, int]:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise SysdojoError.at(
            source,
            "the file must start with YAML front matter between two '---' lines",
            line=1,
        )
    doc = yaml_load(match.group(1), source=source, line_offset=1, field_name="front matter")
    if not isinstance(doc.data, dict):
        raise SysdojoError.at(source, "front matter must be a YAML mapping of fields", line=2)
    body_line = text[: match.end()].count("\n") + 1
    return doc, text[match.end() :], body_line


def _str_list(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(v.strip() for v in value)


def _check_fields(doc: LocatedYaml, source: str, report: block_parsers.Report) -> dict[str, Any]:
    meta: dict[str, Any] = doc.data
    for key in meta:
        if key not in ALL_FIELDS:
            report(
                str(key),
                f"unknown field (known fields: {', '.join(ALL_FIELDS)})",
                doc.line_of(key),
            )
    for key in REQUIRED_FIELDS:
        if key not in meta or meta[key] in (None, ""):
            report(key, "missing required field", doc.first_line)
    clean: dict[str, Any] = {}
    for key in ("id", "kind", "title", "area", "summary", "goal", "priority", "depth"):
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            report(key, "must be a non-empty text", doc.line_of(key))
            continue
        clean[key] = " ".join(value.split())
    if "id" in clean and not PAGE_ID.match(clean["id"]):
        report(
            "id",
            f"'{clean['id']}' must be lowercase words joined by '-'",
            doc.line_of("id"),
        )
    kind = clean.get("kind")
    if kind is not None and kind not in KINDS:
        report(
            "kind",
            f"unknown kind '{kind}' (kinds: {', '.join(KINDS)})",
            doc.line_of("kind"),
        )
        clean.pop("kind")
    if clean.get("priority") not in (None, *PRIORITIES):
        report(
            "priority",
            f"must be one of {', '.join(PRIORITIES)}",
            doc.line_of("priority"),
        )
    if clean.get("depth") not in (None, *DEPTHS):
        report("depth", f"must be one of {', '.join(DEPTHS)}", doc.line_of("depth"))
    if len(clean.get("summary", "")) > SUMMARY_MAX:
        report(
            "summary",
            f"must be one line of at most {SUMMARY_MAX} characters",
            doc.line_of("summary"),
        )
    for key, allowed in (("phase", PHASES), ("tier", TIERS)):
        if key in meta:
            value = meta[key]
            if value is None:
                continue  # null: the catalog gives the page no phase (or tier)
            if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
                report(
                    key,
                    f"must be a whole number from {allowed[0]} to {allowed[-1]}",
                    doc.line_of(key),
                )
            else:
                clean[key] = value
    if "kind" in clean:
        placement = KINDS[clean["kind"]].placement
        other = "tier" if placement == "phase" else "phase"
        if placement not in meta:
            report(placement, f"a {clean['kind']} page needs '{placement}'", doc.first_line)
        if other in meta:
            report(
                other,
                f"a {clean['kind']} page is placed by '{placement}', not '{other}'",
                doc.line_of(other),
            )
    if clean.get("kind") == "path" and not clean.get("goal"):
        report("goal", "a path needs a 'goal'", doc.first_line)
    if "minutes" in meta:
        minutes = meta["minutes"]
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 6000:
            report(
                "minutes",
                "must be a whole number from 1 to 6000",
                doc.line_of("minutes"),
            )
        else:
            clean["minutes"] = minutes
    for key in ("related", "tags", "sources"):
        if key in meta and meta[key] is not None:
            values = _str_list(meta[key])
            if values is None:
                report(key, "must be a list of texts", doc.line_of(key))
            else:
                clean[key] = values
    for page_id in clean.get("related", ()):
        if not PAGE_ID.match(page_id):
            report("related", f"'{page_id}' is not a page id", doc.line_of("related"))
    return clean


def _inline_links(token: Token, line: int, source: str, report: block_parsers.Report) -> list[Link]:
    links = []
    for child in token.children or ():
        if child.type != "link_open":
            continue
        href = str(child.attrs.get("href", ""))
        if _EXTERNAL.match(href) or href.startswith("#"):
            continue
        match = PAGE_LINK.match(href)
        if not match:
            report(
                "link",
                f"'{href}' is neither a page id (like 'caching#anchor') nor an http(s) URL",
                line,
            )
            continue
        links.append(Link(target=match.group(1), anchor=match.group(2) or "", line=line))
    return links


def _executable(
    blocks: list[DataBlock], body: str, body_line: int, source: str, problems: list[Problem]
) -> Executable | None:
    """Parse the estimate and architecture blocks with the engines, and check the prose against them."""
    by_kind = {b.kind: b for b in blocks}
    estimate, design = by_kind.get("estimate"), by_kind.get("architecture")
    if estimate is None and design is None:
        return None
    try:
        executable = executable_parse(
            estimate_text=estimate.text if estimate else None,
            estimate_line=estimate.line - 1 if estimate else 0,
            design_text=design.text if design else None,
            design_line=design.line - 1 if design else 0,
            source=source,
        )
        if executable.estimate is not None:
            result = estimate_evaluate(executable.estimate)
            estimate_render(body, result, source=source, line_offset=body_line - 1)
            problems.extend(estimate_contradictions(body, result, source=source, line_offset=body_line - 1))
        if executable.design is not None:
            executable_evaluate(executable, source=source)
    except SysdojoError as exc:
        problems.extend(exc.problems)
        return None
    return executable


def page_parse(text: str, *, source: str) -> Page:
    """Parse and check one page. Raises SysdojoError listing every problem found in the file."""
    doc, body, body_line = _front_matter(text, source)
    problems, report = block_parsers.problems_collector(source)
    meta = _check_fields(doc, source, report)

    tokens = _PARSER.parse(body)
    sections: list[Section] = []
    links: list[Link] = []
    data_blocks: list[DataBlock] = []
    parsed: dict[str, Any] = {}
    seen_anchors: set[str] = set()
    for index, token in enumerate(tokens):
        line = body_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            title = tokens[index + 1].content.strip()
            anchor = slugify(title)
            while anchor in seen_anchors:
                anchor += "-2"
            seen_anchors.add(anchor)
            sections.append(Section(title=title, anchor=anchor, level=int(token.tag[1]), line=line))
        elif token.type == "heading_open" and token.tag == "h1":
            report("body", "use '##' headings: the title comes from the front matter", line)
        elif token.type == "inline":
            links.extend(_inline_links(token, line, source, report))
        elif token.type == "fence" and token.info.strip() in BLOCK_KINDS:
            kind = token.info.strip()
            if kind in parsed:
                report(kind, f"a page has at most one '{kind}' block", line)
                continue
            try:
                located = yaml_load(token.content, source=source, line_offset=line, field_name=kind)
            except SysdojoError as exc:
                problems.extend(exc.problems)
                parsed[kind] = None  # present but broken: reported once, not also as missing
                continue
            if kind == "flashcards":
                parsed[kind] = block_parsers.flashcards_parse(located, report)
            elif kind == "quiz":
                parsed[kind] = block_parsers.quiz_parse(located, report)
            elif kind == "stops":
                parsed[kind] = block_parsers.stops_parse(located, report)
            elif kind == "answer-key":
                parsed[kind] = block_parsers.answer_key_parse(located, report)
            else:
                parsed[kind] = True
            data_blocks.append(DataBlock(kind=kind, text=token.content, line=line + 1, data=located.data))

    executable = _executable(data_blocks, body, body_line, source, problems)
    schema = KINDS.get(meta.get("kind", ""))
    if schema is not None:
        present = {heading_key(s.title) for s in sections if s.level == 2}
        for required in schema.sections:
            if heading_key(required) not in present:
                report("sections", f"missing required section '## {required}'", body_line)
        for required_block in schema.blocks:
            if required_block not in parsed:
                report(required_block, f"missing a ```{required_block} block", body_line)
    if problems:
        raise SysdojoError(problems)
    digest = hashlib.sha256(f"{FORMAT_VERSION}\n{text}".encode()).hexdigest()
    return Page(
        id=meta["id"],
        kind=meta["kind"],
        title=meta["title"],
        area=meta["area"],
        priority=meta["priority"],
        depth=meta["depth"],
        summary=meta["summary"],
        source=source,
        body=body,
        body_line=body_line,
        content_hash=digest,
        phase=meta.get("phase"),
        tier=meta.get("tier"),
        minutes=meta.get("minutes"),
        goal=meta.get("goal", ""),
        related=meta.get("related", ()),
        tags=meta.get("tags", ()),
        sources=meta.get("sources", ()),
        sections=tuple(sections),
        links=tuple(links),
        flashcards=parsed.get("flashcards", ()),
        quiz=parsed.get("quiz", ()),
        stops=parsed.get("stops", ()),
        answer_key=parsed.get("answer-key") or (),
        blocks=tuple(data_blocks),
        executable=executable,
        field_lines={str(k): doc.line_of(k) for k in doc.data},
    )
