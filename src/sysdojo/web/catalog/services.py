"""Writes to the curriculum tables: the idempotent sync from content/ to the database and search index."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from sysdojo.core.content.curriculum import Curriculum, content_digest, curriculum_load
from sysdojo.core.content.model import Page as ParsedPage
from sysdojo.core.content.render import RenderContext, page_render
from sysdojo.core.errors import SysdojoError
from sysdojo.core.search import SearchDocument, search_index_build
from sysdojo.web.catalog.models import Page, SyncState
from sysdojo.web.catalog.selectors import VERSION_FILE


@dataclass(frozen=True)
class SyncReport:
    rendered: int
    unchanged: int
    planned: int
    removed: int
    indexed: int


def page_url(page_id: str) -> str:
    return reverse("lesson", args=[page_id])


def _context_digest(curriculum: Curriculum) -> str:
    """What a page's rendering depends on besides its own file: which pages exist, and their titles."""
    parts = sorted(
        f"{pid}\t{entry.title}\t{pid in curriculum.pages}" for pid, entry in curriculum.plan.items()
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _written_fields(parsed: ParsedPage, context: RenderContext) -> dict[str, Any]:
    rendered = page_render(parsed, context)
    return {
        "html": rendered.html,
        "toc": [{"level": t.level, "title": t.title, "anchor": t.anchor} for t in rendered.toc],
        "word_count": len(rendered.text.split()),
        "flashcards": [{"q": c.question, "a": c.answer} for c in parsed.flashcards],
        "quiz": [
            {
                "type": q.type,
                "prompt": q.prompt,
                "choices": list(q.choices),
                "correct": list(q.correct),
                "value": q.value,
                "tolerance": q.tolerance,
                "unit": q.unit,
                "explanation": q.explanation,
            }
            for q in parsed.quiz
        ],
        "stops": [{"id": s.page_id, "why": s.why, "minutes": s.minutes} for s in parsed.stops],
        # The executable blocks and the answer key are kept as written (text and file line), so the
        # live recalculation and the debrief parse exactly what the content check accepted.
        "blocks": {
            b.kind: {"text": b.text, "line": b.line, "source": parsed.source}
            for b in parsed.blocks
            if b.kind not in ("flashcards", "quiz", "stops")
        },
        "text": rendered.text,
    }


def curriculum_sync(
    *, content_dir: Path | None = None, progress: Callable[[str], None] | None = None
) -> SyncReport:
    """Bring the database and the search index in line with content/. Refuses invalid content whole.

    Rendering is skipped for pages whose file and context are unchanged, so a second sync is cheap.
    """
    folder = content_dir or settings.CONTENT_DIR
    index_path: Path = settings.SEARCH_INDEX
    digest = content_digest(folder)
    if index_path.exists() and SyncState.objects.filter(name="content", digest=digest).exists():
        written = Page.objects.filter(state=Page.State.WRITTEN).count()
        planned = Page.objects.filter(state=Page.State.PLANNED).count()
        return SyncReport(rendered=0, unchanged=written + planned, planned=planned, removed=0, indexed=0)
    curriculum = curriculum_load(folder)
    if curriculum.problems:
        raise SysdojoError(list(curriculum.problems))
    context_digest = _context_digest(curriculum)
    context = RenderContext(
        url_for=page_url,
        titles={pid: entry.title for pid, entry in curriculum.plan.items()},
        written=frozenset(curriculum.pages),
    )
    existing = {row["id"]: row["sync_hash"] for row in Page.objects.values("id", "sync_hash")}
    rendered = unchanged = 0
    to_write: list[Page] = []
    search_changed = False
    for order, (page_id, entry) in enumerate(curriculum.plan.items()):
        parsed = curriculum.pages.get(page_id)
        base = {
            "state": Page.State.WRITTEN if parsed else Page.State.PLANNED,
            "kind": entry.kind,
            "title": parsed.title if parsed else entry.title,
            "area": entry.area,
            "phase": parsed.phase if parsed else entry.phase,
            "tier": parsed.tier if parsed else entry.tier,
            "priority": parsed.priority if parsed else entry.priority,
            "depth": parsed.depth if parsed else entry.depth,
            "summary": parsed.summary if parsed else entry.summary,
            "order": order,
        }
        source_hash = parsed.content_hash if parsed else "planned"
        sync_hash = hashlib.sha256(f"{source_hash}\n{context_digest}\n{base}".encode()).hexdigest()
        if existing.get(page_id) == sync_hash:
            unchanged += 1
            continue
        search_changed = True
        fields: dict[str, Any] = dict(base, sync_hash=sync_hash)
        if parsed:
            if progress is not None:
                progress(page_id)
            fields.update(
                _written_fields(parsed, context),
                minutes=parsed.minutes,
                goal=parsed.goal,
                tags=list(parsed.tags),
                related=list(parsed.related),
                source=_relative(Path(parsed.source), folder),
            )
            rendered += 1
        else:
            fields.update(html="", text="", toc=[], flashcards=[], quiz=[], stops=[], blocks={}, word_count=0)
        to_write.append(Page(id=page_id, **fields))
    gone = set(existing) - set(curriculum.plan)
    with transaction.atomic():
        Page.objects.bulk_create(
            to_write,
            batch_size=200,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[f.name for f in Page._meta.concrete_fields if f.name not in ("id",)],
        )
        removed = (
            Page.objects.filter(id__in=gone)
            .exclude(state=Page.State.REMOVED)
            .update(state=Page.State.REMOVED, sync_hash="")
        )
    indexed = 0
    if search_changed or removed or not index_path.exists():
        indexed = search_index_build(path=index_path, documents=_search_documents())
    SyncState.objects.update_or_create(name="content", defaults={"digest": digest})
    version_file = Path(settings.DATA_DIR) / VERSION_FILE
    if to_write or removed or not version_file.exists():
        # A new file (new inode) tells every worker's lesson cache that the catalog changed.
        temporary = version_file.with_suffix(".tmp")
        temporary.write_text(digest, encoding="utf-8")
        os.replace(temporary, version_file)
    return SyncReport(
        rendered=rendered,
        unchanged=unchanged,
        planned=len(curriculum.plan) - len(curriculum.pages),
        removed=removed,
        indexed=indexed,
    )


def _relative(path: Path, folder: Path) -> str:
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def _search_documents() -> list[SearchDocument]:
    """Index text comes from the stored pages, so unchanged pages are not rendered again."""
    rows = Page.objects.filter(state=Page.State.WRITTEN).values_list(
        "id", "title", "kind", "toc", "text", "tags"
    )
    return [
        SearchDocument(
            page_id=page_id,
            title=title,
            kind=kind,
            headings=" ".join(entry["title"] for entry in toc),
            body=text,
            tags=" ".join(tags),
        )
        for page_id, title, kind, toc, text, tags in rows
    ]
