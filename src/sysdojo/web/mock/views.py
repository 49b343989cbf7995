"""Mock interview pages. Thin: parsing the request, calling a service, rendering."""

from __future__ import annotations

import json
import time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sysdojo.core.interview import DEFAULT_FRAMEWORK, FRAMEWORKS, framework_get, phase_at
from sysdojo.web.mock.models import MockSession
from sysdojo.web.mock.selectors import (
    mock_case_get,
    mock_cases,
    mock_drafts,
    mock_session_get,
    mock_sessions_of,
)
from sysdojo.web.mock.services import (
    MockClosed,
    MockError,
    llm_config,
    mock_debrief_compute,
    mock_expire,
    mock_expire_due,
    mock_save,
    mock_second_opinion_ask,
    mock_start,
    mock_submit,
)
from sysdojo.web.study.rendering import note_html
from sysdojo.web.study.services import learner_for_request


def _ms(value: Any) -> int:
    return int(value.timestamp() * 1000)


def _owned(request: HttpRequest, session_id: int) -> MockSession:
    session = mock_session_get(
        learner=learner_for_request(request=request, create=False), session_id=session_id
    )
    if session is None:
        raise Http404("No such mock interview")
    return mock_expire(session=session)  # the deadline is checked on every request, lazily


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request=request, create=False)
    if learner is not None:
        mock_expire_due(learner=learner)
    cases = list(mock_cases())
    titles = {p.id: p.title for p in cases}
    context = {
        "cases": cases,
        "frameworks": list(FRAMEWORKS.values()),
        "default_framework": DEFAULT_FRAMEWORK,
        "chosen_case": request.GET.get("case", ""),
        "sessions": [(s, titles.get(s.case_id, s.case_id)) for s in mock_sessions_of(learner=learner)],
    }
    return render(request, "mock/index.html", context)


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    case_id = request.POST.get("case", "")
    framework_id = request.POST.get("framework", DEFAULT_FRAMEWORK)
    if mock_case_get(case_id=case_id) is None or framework_get(framework_id) is None:
        messages.error(request, "Choose a written case study and one of the listed frameworks.")
        return redirect("mock:index")
    learner = learner_for_request(request=request, create=True)
    assert learner is not None
    session = mock_start(learner=learner, case_id=case_id, framework_id=framework_id)
    return redirect("mock:session", session_id=session.pk)


@require_GET
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    mock = _owned(request, session_id)
    framework = framework_get(mock.framework_id)
    if framework is None:
        raise Http404("This interview's framework no longer exists")
    case = mock_case_get(case_id=mock.case_id)
    now = timezone.now()
    drafts = mock_drafts(session=mock)
    if not mock.is_active:
        others = [d for d in drafts if d.tab_id != mock.answer_tab and d.texts != mock.texts]
        phases = list(zip(framework.phases, mock.texts, strict=False))
        context = {"mock": mock, "framework": framework, "case": case, "phases": phases, "others": others}
        return render(request, "mock/submitted.html", context)
    latest = drafts[0].texts if drafts else [""] * len(framework.phases)
    offsets, clock = [], 0
    for phase in framework.phases:
        offsets.append(clock)
        clock += phase.minutes
    current = phase_at(framework, (now - mock.started_at).total_seconds())
    context = {
        "mock": mock,
        "framework": framework,
        "case": case,
        "phases": [
            {
                "index": i,
                "phase": p,
                "start": offsets[i],
                "text": latest[i] if i < len(latest) else "",
                "current": i == current,
            }
            for i, p in enumerate(framework.phases)
        ],
        "started_ms": _ms(mock.started_at),
        "deadline_ms": _ms(mock.deadline),
        "server_now_ms": _ms(now),
        "drafts": [
            {"tab": d.tab_id, "seq": d.seq, "texts": d.texts, "saved_at": _ms(d.saved_at)} for d in drafts
        ],
    }
    return render(request, "mock/session.html", context)


def _json_list(raw: str, what: str) -> list[Any]:
    try:
        value = json.loads(raw) if raw else []
    except json.JSONDecodeError as exc:
        raise MockError(f"{what} must be a JSON list") from exc
    if not isinstance(value, list):
        raise MockError(f"{what} must be a JSON list")
    return value


@require_POST
def save(request: HttpRequest, session_id: int) -> HttpResponse:
    """One tab's draft, as a form post (fetch or navigator.sendBeacon); answers JSON."""
    mock = _owned(request, session_id)
    try:
        texts = _json_list(request.POST.get("texts", ""), "texts")
        seconds = _json_list(request.POST.get("seconds", ""), "seconds")
        if not all(isinstance(t, str) for t in texts):
            raise MockError("every phase text must be a string")
        if not all(isinstance(s, (int, float)) and not isinstance(s, bool) for s in seconds):
            raise MockError("seconds must be numbers")
        raw_seq = request.POST.get("seq", "")
        if not raw_seq.isdigit():
            raise MockError("the sequence number must be a non-negative integer")
        result = mock_save(
            session=mock, tab=request.POST.get("tab", ""), seq=int(raw_seq), texts=texts, seconds=seconds
        )
    except MockClosed as exc:
        return JsonResponse({"ok": False, "closed": True, "error": str(exc)}, status=409)
    except MockError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "stored": result.stored,
            "seq": result.seq,
            "saved_at": _ms(result.saved_at),
            "others": [
                {"tab": d.tab_id, "texts": d.texts, "saved_at": _ms(d.saved_at)} for d in result.others
            ],
        }
    )


@require_POST
def submit(request: HttpRequest, session_id: int) -> HttpResponse:
    """The learner ends the interview: the posted text is saved first (so a page without JavaScript
    works too), then the answer is frozen."""
    mock = _owned(request, session_id)
    if mock.is_active:
        framework = framework_get(mock.framework_id)
        assert framework is not None
        texts = [request.POST.get(f"phase-{i}", "") for i in range(len(framework.phases))]
        tab = request.POST.get("tab", "") or "form"
        raw_seq = request.POST.get("seq", "")
        seq = int(raw_seq) if raw_seq.isdigit() else int(time.time() * 1000)
        try:
            mock_save(session=mock, tab=tab, seq=seq, texts=texts)
        except MockClosed as exc:
            messages.warning(request, str(exc))
        except MockError as exc:
            messages.error(request, f"Not submitted: {exc}")
            return redirect("mock:session", session_id=mock.pk)
        mock_submit(session=mock, by="learner")
    return redirect("mock:session", session_id=mock.pk)


@require_GET
def debrief(request: HttpRequest, session_id: int) -> HttpResponse:
    mock = _owned(request, session_id)
    if mock.is_active:
        return redirect("mock:session", session_id=mock.pk)
    if not mock.debrief and not mock.debrief_error:  # e.g. the process stopped right after submitting
        mock = mock_debrief_compute(session=mock)
    case = mock_case_get(case_id=mock.case_id)
    d = json.loads(json.dumps(mock.debrief))  # a copy to add links to; the stored result stays as graded
    for item in [*d.get("skills", []), *d.get("missing", []), d.get("next_lesson") or {}]:
        if item.get("lesson"):
            item["href"] = _lesson_href(str(item["lesson"]))
    context = {"mock": mock, "case": case, "d": d, **_opinion_context(mock)}
    return render(request, "mock/debrief.html", context)


def _opinion_context(mock: MockSession, error: str = "") -> dict[str, Any]:
    config = llm_config()
    return {
        "mock": mock,
        "llm": config,
        "llm_name": (config.model or "the LLM") if config else "",
        "opinion_html": note_html(mock.second_opinion) if mock.second_opinion else "",
        "opinion_error": error,
    }


@require_POST
def second_opinion(request: HttpRequest, session_id: int) -> HttpResponse:
    """Ask the configured LLM for a second opinion: a form post (redirect back to the debrief) or an
    htmx request (answering with the fragment to swap)."""
    mock = _owned(request, session_id)
    config = llm_config()
    if config is None:
        raise Http404("No LLM is configured")
    error = ""
    try:
        mock_second_opinion_ask(session=mock, config=config)
    except MockError as exc:
        error = str(exc)
    if request.headers.get("HX-Request") == "true":
        # 200 even on an error, so htmx swaps the message in.
        return render(request, "mock/_second_opinion.html", _opinion_context(mock, error))
    if error:
        messages.error(request, f"No second opinion: {error}")
    return redirect(reverse("mock:debrief", kwargs={"session_id": mock.pk}) + "#sd-second-opinion")


def _lesson_href(lesson: str) -> str:
    page_id, _, anchor = lesson.partition("#")
    return reverse("lesson", kwargs={"page_id": page_id}) + (f"#{anchor}" if anchor else "")
