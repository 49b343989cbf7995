"""The JSON API (OpenAPI at /api/docs): what the pages do with scripts, for scripts of your own.

Every call acts on the caller's own learner (their account, or their anonymous session): no URL
names another learner, so nobody can address anyone else's data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.utils import check_csrf

from sysdojo.core.errors import SysdojoError
from sysdojo.web.catalog.models import Page
from sysdojo.web.catalog.selectors import page_get, pages_search
from sysdojo.web.skills import selectors as skills_selectors
from sysdojo.web.skills.services import quiz_attempt_record
from sysdojo.web.study import selectors as study
from sysdojo.web.study.models import Progress
from sysdojo.web.study.rendering import note_html
from sysdojo.web.study.services import learner_for_request, note_problem, note_save, progress_set

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def session_csrf(request: HttpRequest) -> bool:
    """The API shares the pages' session, so unsafe calls need the CSRF token like a form post."""
    if request.method in _UNSAFE and check_csrf(request) is not None:
        raise HttpError(
            403, "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value"
        )
    return True


api = NinjaAPI(title="sysdojo API", version="1", auth=session_csrf, urls_namespace="api")


class ProgressOut(Schema):
    page_id: str
    status: str
    updated_at: datetime


class StatusIn(Schema):
    status: str


class NoteOut(Schema):
    page_id: str
    text: str
    html: str
    updated_at: datetime | None


class NoteIn(Schema):
    text: str


class SearchHitOut(Schema):
    page_id: str
    title: str
    kind: str
    snippet_html: str


class QuizAnswerIn(Schema):
    answer: float | list[int]


class QuizResultOut(Schema):
    correct: bool
    explanation: str
    expected: str


class PageOut(Schema):
    id: str
    title: str
    kind: str
    state: str
    summary: str


def _written(page_id: str) -> Page:
    page = page_get(page_id=page_id)
    if page is None or not page.is_written:
        raise HttpError(404, f"no page '{page_id}'")
    return page


@api.get("/pages", response=list[PageOut], summary="Every page of the curriculum, written or coming")
def pages(request: HttpRequest) -> Any:
    return Page.objects.exclude(state=Page.State.REMOVED).only("id", "title", "kind", "state", "summary")


@api.get("/progress", response=list[ProgressOut], summary="The caller's status on every page they touched")
def progress_list(request: HttpRequest) -> Any:
    learner = learner_for_request(request=request, create=False)
    if learner is None:
        return []
    return Progress.objects.filter(learner=learner).order_by("page_id")


@api.put("/progress/{page_id}", response=ProgressOut, summary="Set the caller's status on a page")
def progress_put(request: HttpRequest, page_id: str, body: StatusIn) -> Any:
    page = _written(page_id)
    if body.status not in Progress.Status.values:
        raise HttpError(400, f"status must be one of {', '.join(Progress.Status.values)}")
    learner = learner_for_request(request=request, create=True)
    assert learner is not None
    return progress_set(learner=learner, page_id=page.id, status=body.status)


@api.get("/notes/{page_id}", response=NoteOut, summary="The caller's note on a page")
def note_get(request: HttpRequest, page_id: str) -> Any:
    page = _written(page_id)
    note = study.note_of(learner=learner_for_request(request=request, create=False), page_id=page.id)
    text = note.text if note else ""
    return {
        "page_id": page.id,
        "text": text,
        "html": note_html(text),
        "updated_at": note.updated_at if note else None,
    }


@api.put("/notes/{page_id}", response=NoteOut, summary="Replace the caller's note on a page")
def note_put(request: HttpRequest, page_id: str, body: NoteIn) -> Any:
    page = _written(page_id)
    problem = note_problem(body.text)
    if problem:
        raise HttpError(400, problem)
    learner = learner_for_request(request=request, create=True)
    assert learner is not None
    note = note_save(learner=learner, page_id=page.id, text=body.text)
    return {
        "page_id": page.id,
        "text": note.text,
        "html": note_html(note.text),
        "updated_at": note.updated_at,
    }


@api.get("/search", response=list[SearchHitOut], summary="Full-text search over every written page")
def search(request: HttpRequest, q: str, limit: int = 20) -> Any:
    if not 1 <= limit <= 100:
        raise HttpError(400, "limit must be from 1 to 100")
    try:
        return pages_search(query=q, limit=limit)
    except SysdojoError as exc:
        raise HttpError(503, exc.problems[0].message) from None


def _checked(page_id: str, index: int, answer: float | list[int]) -> skills_selectors.QuizResult:
    try:
        return skills_selectors.quiz_check(page_id=page_id, index=index, answer=answer)
    except skills_selectors.QuizMissing as exc:
        raise HttpError(404, str(exc)) from None
    except skills_selectors.QuizAnswerInvalid as exc:
        raise HttpError(400, str(exc)) from None


@api.post("/quiz/{page_id}/{index}", response=QuizResultOut, summary="Check an answer to a quiz question")
def quiz_check(request: HttpRequest, page_id: str, index: int, body: QuizAnswerIn) -> Any:
    """Checks without recording; the lesson page uses /skills/quiz, which also records the attempt."""
    result = _checked(page_id, index, body.answer)
    return {"correct": result.correct, "explanation": result.explanation, "expected": result.expected}


# --- skills: quiz attempts (the skills app) ----------------------------------------------------------


@api.post(
    "/skills/quiz/{page_id}/{index}",
    response=QuizResultOut,
    summary="Check an answer to a quiz question and record the attempt for the skill map",
)
def skills_quiz_answer(request: HttpRequest, page_id: str, index: int, body: QuizAnswerIn) -> Any:
    result = _checked(page_id, index, body.answer)
    learner = learner_for_request(request=request, create=True)
    assert learner is not None
    quiz_attempt_record(
        learner=learner, page_id=page_id, index=index, answer=body.answer, correct=result.correct
    )
    return {"correct": result.correct, "explanation": result.explanation, "expected": result.expected}
