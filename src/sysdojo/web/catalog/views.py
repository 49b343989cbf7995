"""Pages of the curriculum: the Learn page, a lesson, search, the progress overview. Thin: they
call selectors and services and render templates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sysdojo.core.content.executable import (
    design_section_html,
    errors_fragment_html,
    estimate_section_html,
    executable_evaluate,
    live_fragments_html,
)
from sysdojo.core.content.render import pygments_css
from sysdojo.core.content.schema import DEPTHS, KINDS, PRIORITIES
from sysdojo.core.errors import SysdojoError
from sysdojo.web.catalog.cards import card_html
from sysdojo.web.catalog.models import Page
from sysdojo.web.catalog.selectors import (
    LearnFilters,
    areas,
    catalog_pages,
    catalog_version,
    learn_groups,
    lesson_snapshot,
    page_executable,
    page_get,
    pages_by_ids,
    pages_search,
)
from sysdojo.web.study import selectors as study
from sysdojo.web.study.rendering import note_html
from sysdojo.web.study.services import learner_for_request, learner_touch

_KIND_LABELS = {kind: schema.label for kind, schema in KINDS.items()}


def _kind_label(kind: str) -> str:
    return _KIND_LABELS.get(kind, kind)


@require_GET
def learn(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request=request, create=False)
    statuses = study.statuses_of(learner=learner)
    filters = LearnFilters.from_query(request.GET)
    groups = learn_groups(filters=filters, statuses=statuses)
    for group in groups:
        group.cards = [  # type: ignore[attr-defined]
            (title, [card_html(p, group.statuses[p.id]) for p in pages]) for title, pages in group.subgroups
        ]
    all_pages = catalog_pages()
    written = {p.id for p in all_pages if p.is_written}
    kind_bars = study.progress_bars(
        pages=all_pages, statuses=statuses, key=lambda p: p.kind, label=_kind_label
    )
    continue_page = None
    if learner is not None and learner.last_page_id:
        continue_page = page_get(page_id=learner.last_page_id)
    return render(
        request,
        "catalog/learn.html",
        {
            "groups": groups,
            "filters": filters,
            "statuses": statuses,
            "kinds": _KIND_LABELS,
            "areas": areas(),
            "priorities": PRIORITIES,
            "depths": DEPTHS,
            "kind_bars": {bar.key: bar for bar in kind_bars},
            "overall": _overall(kind_bars),
            "continue_page": continue_page,
            "written_count": len(written),
            "planned_count": len(all_pages),
        },
    )


def _overall(bars: list[study.ProgressBar]) -> study.ProgressBar:
    return study.ProgressBar(
        key="all",
        label="Everything written so far",
        total=sum(b.total for b in bars),
        learning=sum(b.learning for b in bars),
        mastered=sum(b.mastered for b in bars),
    )


@require_GET
def lesson(request: HttpRequest, page_id: str) -> HttpResponse:
    snapshot = lesson_snapshot(page_id=page_id)
    if snapshot is None:
        raise Http404("No such page")
    page = snapshot.page
    learner = learner_for_request(request=request, create=False)
    if learner is not None and page.is_written:
        learner_touch(learner=learner, page_id=page.id)
    path_bar = None
    if page.kind == "path":
        statuses = study.statuses_of(learner=learner)
        status = statuses.get(page.id, "not-started")
        written = set(
            Page.objects.filter(pk__in=[s["id"] for s in page.stops], state=Page.State.WRITTEN).values_list(
                "id", flat=True
            )
        )
        path_bar = study.path_bar(path=page, statuses=statuses, written=written)
    else:  # one row, not the learner's whole history
        status = study.status_of(learner=learner, page_id=page.id)
    note = study.note_of(learner=learner, page_id=page.id)
    return render(
        request,
        "catalog/lesson.html",
        {
            "page": page,
            "snapshot": snapshot,
            "status": status,
            "path_nav": _path_navigation(request, page),
            "path_bar": path_bar,
            "note": note,
            "note_preview": note_html(note.text) if note else "",
        },
    )


def _path_navigation(request: HttpRequest, page: Page) -> dict[str, object] | None:
    path_id = request.GET.get("path", "")
    if not path_id:
        return None
    path = (
        Page.objects.filter(pk=path_id, kind="path", state=Page.State.WRITTEN)
        .only("id", "title", "stops")
        .first()
    )
    if path is None:
        return None
    ids = [s["id"] for s in path.stops]
    if page.id not in ids:
        return None
    index = ids.index(page.id)
    neighbours = pages_by_ids(
        ids=[
            i
            for i in (ids[index - 1] if index else None, ids[index + 1] if index + 1 < len(ids) else None)
            if i
        ]
    )
    previous = neighbours.get(ids[index - 1]) if index else None
    following = neighbours.get(ids[index + 1]) if index + 1 < len(ids) else None
    return {"path": path, "position": index + 1, "count": len(ids), "previous": previous, "next": following}


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = []
    error = ""
    if query:
        try:
            hits = pages_search(query=query, limit=30)
        except SysdojoError as exc:
            error = str(exc.problems[0].message)
    template = "catalog/_search_results.html" if request.headers.get("HX-Request") else "catalog/search.html"
    return render(request, template, {"query": query, "hits": hits, "error": error, "kinds": _KIND_LABELS})


@require_GET
def progress_overview(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request=request, create=False)
    statuses = study.statuses_of(learner=learner)
    pages = catalog_pages()
    written = {p.id for p in pages if p.is_written}
    paths = [
        p
        for p in Page.objects.filter(kind="path", state=Page.State.WRITTEN).only(
            "id", "title", "stops", "state"
        )
    ]
    return render(
        request,
        "catalog/progress.html",
        {
            "by_kind": study.progress_bars(
                pages=pages, statuses=statuses, key=lambda p: p.kind, label=_kind_label
            ),
            "by_phase": study.progress_bars(
                pages=pages,
                statuses=statuses,
                key=lambda p: f"{p.phase}" if p.phase is not None else None,
                label=lambda k: f"Phase {k}",
            ),
            "by_tier": study.progress_bars(
                pages=pages,
                statuses=statuses,
                key=lambda p: f"{p.tier}" if p.tier is not None else None,
                label=lambda k: f"Tier {k}",
            ),
            "by_area": study.progress_bars(pages=pages, statuses=statuses, key=lambda p: p.area),
            "by_path": [study.path_bar(path=p, statuses=statuses, written=written) for p in paths],
            "notes": study.notes_of(learner=learner) if learner else [],
            "titles": {p.id: p.title for p in pages},
        },
    )


@cache_control(max_age=86400, public=True)
@require_GET
def code_css(request: HttpRequest) -> HttpResponse:
    return HttpResponse(pygments_css(), content_type="text/css")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: the process answers and the catalog has been synced."""
    return HttpResponse(f"ok {catalog_version()}\n", content_type="text/plain")


def _design_changes(query: Mapping[str, str]) -> dict[str, Any]:
    """Read the reader's changes from the query string; a bad value raises SysdojoError naming it."""
    inputs = {key[3:]: value for key, value in query.items() if key.startswith("in.") and value.strip()}
    components: dict[str, dict[str, Any]] = {}
    for key, value in query.items():
        if key.startswith("hit.") and value.strip():
            try:
                ratio = float(value)
            except ValueError:
                raise SysdojoError.at("request", f"'{value[:20]}' is not a number", field=key) from None
            components.setdefault(key[4:], {})["hit_ratio"] = ratio
    try:
        scale = float(query.get("scale") or 1)
    except ValueError:
        raise SysdojoError.at("request", "must be a number", field="scale") from None
    fail = [query["fail"]] if query.get("fail") else []
    return {"inputs": inputs, "components": components, "scale": scale, "fail": fail}


@require_GET
def design(request: HttpRequest, page_id: str) -> HttpResponse:
    """Recalculate a page's estimate and design with the reader's changes (htmx swaps the result in)."""
    page = page_get(page_id=page_id)
    executable = page_executable(page_id=page_id) if page is not None else None
    if page is None or executable is None:
        raise Http404("This page has no estimate or design")
    try:
        evaluation = executable_evaluate(executable, source=page.source, **_design_changes(request.GET))
    except SysdojoError as exc:
        problems = [f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems]
        if request.headers.get("HX-Request") == "true":
            # 200 so htmx swaps the message in; the figures already on the page stay as they were.
            return HttpResponse(errors_fragment_html(executable, problems))
        return render(request, "catalog/design_error.html", {"page": page, "problems": problems}, status=400)
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(live_fragments_html(evaluation))
    action = request.path
    return render(
        request,
        "catalog/design.html",
        {
            "page": page,
            "estimate_html": estimate_section_html(evaluation, action=action),
            "design_html": design_section_html(evaluation, action=action),
        },
    )


@require_GET
def csrf_token_cookie(request: HttpRequest) -> HttpResponse:
    """Gives a visitor who arrived on a shared (cached) page their own CSRF cookie; sysdojo.js calls it."""
    get_token(request)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form post, explained. Usually a first visit with scripts off: the page had no token yet."""
    get_token(request)  # the visitor now has a token: going back and reloading makes the form work
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
