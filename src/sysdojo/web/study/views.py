"""Writes a learner makes from a page: status, notes, export and import. Each works as a plain form
post (redirecting back) and as an htmx request (answering with the fragment to swap)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sysdojo.core.errors import SysdojoError
from sysdojo.web.catalog.selectors import page_get
from sysdojo.web.study.forms import ImportForm, NoteForm, StatusForm
from sysdojo.web.study.rendering import note_html
from sysdojo.web.study.services import learner_for_request, note_save, progress_set
from sysdojo.web.study.transfer import import_summary, learner_export, learner_import


def _written_page_or_404(page_id: str) -> str:
    page = page_get(page_id=page_id)
    if page is None or not page.is_written:
        raise Http404("No such page")
    return page.id


@require_POST
def status_set(request: HttpRequest, page_id: str) -> HttpResponse:
    page_id = _written_page_or_404(page_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("status must be not-started, learning or mastered")
    learner = learner_for_request(request=request, create=True)
    assert learner is not None
    progress = progress_set(learner=learner, page_id=page_id, status=form.cleaned_data["status"])
    if request.headers.get("HX-Request") == "true":
        return render(request, "study/_status.html", {"page_id": page_id, "status": progress.status})
    return redirect("lesson", page_id=page_id)


@require_POST
def note_update(request: HttpRequest, page_id: str) -> HttpResponse:
    page_id = _written_page_or_404(page_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        message = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return render(request, "study/_note_saved.html", {"error": message}, status=400)
    learner = learner_for_request(request=request, create=True)
    assert learner is not None
    note = note_save(learner=learner, page_id=page_id, text=form.cleaned_data["text"])
    if request.headers.get("HX-Request") == "true":
        return render(request, "study/_note_saved.html", {"note": note, "preview": note_html(note.text)})
    return redirect("lesson", page_id=page_id)


@require_http_methods(["GET", "POST"])
def data(request: HttpRequest) -> HttpResponse:
    """Export (download) and import (upload) of everything the learner has written."""
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            learner = learner_for_request(request=request, create=True)
            assert learner is not None
            try:
                counts = learner_import(
                    learner=learner,
                    raw=form.cleaned_data["file"].read(),
                    source=form.cleaned_data["file"].name,
                )
            except SysdojoError as exc:
                return render(
                    request, "study/data.html", {"form": form, "problems": exc.problems}, status=400
                )
            messages.success(request, import_summary(counts))
            return redirect("data")
    return render(request, "study/data.html", {"form": form})


def export_download(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request=request, create=False)
    payload = learner_export(learner=learner)
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="sysdojo-{timezone.now():%Y%m%d}.json"'
    return response
