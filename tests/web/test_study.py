"""Studying a page: status (plain form and htmx), progress bars, continue-where-you-left-off, notes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import NOTE_MAX_CHARS, TOUCH_INTERVAL, learner_touch

from .conftest import csrf_token_of

pytestmark = pytest.mark.django_db

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


def pressed(html: str) -> list[str]:
    """The values of the status buttons marked aria-pressed="true"."""
    return re.findall(r'value="([a-z-]+)" class="sd-status-button" aria-pressed="true"', html)


def learn_overall(client: Client) -> str:
    body = client.get("/").content.decode()
    match = re.search(r'<span class="sd-bar-count">([^<]*)</span>', body)
    assert match, "the Learn page shows no progress bar"
    return match.group(1)


def test_status_plain_form_post_redirects_back_to_the_lesson(client: Client) -> None:
    response = client.post("/learn/caching/status", {"status": "mastered"})
    assert response.status_code == 302
    assert response["Location"] == "/learn/caching/"
    assert Progress.objects.get(page_id="caching").status == "mastered"
    lesson = client.get(response["Location"]).content.decode()
    assert pressed(lesson) == ["mastered"]


def test_status_htmx_answers_with_the_fragment_only(client: Client) -> None:
    response = client.post("/learn/caching/status", {"status": "learning"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div class="sd-status-control" id="sd-status"')
    assert "<html" not in body and "<body" not in body
    assert pressed(body) == ["learning"]


def test_status_round_trip_not_started_learning_mastered(client: Client) -> None:
    for status in ("learning", "mastered", "not-started", "mastered", "learning"):
        body = client.post("/learn/caching/status", {"status": status}, **HTMX).content.decode()
        assert pressed(body) == [status]
        assert pressed(client.get("/learn/caching/").content.decode()) == [status]
        assert list(Progress.objects.values_list("page_id", "status")) == [("caching", status)]


def test_status_on_a_page_not_written_is_404(client: Client) -> None:
    assert client.post("/learn/redis/status", {"status": "learning"}).status_code == 404
    assert client.post("/learn/no-such-page/status", {"status": "learning"}).status_code == 404
    assert not Progress.objects.exists()


def test_status_needs_post(client: Client) -> None:
    assert client.get("/learn/caching/status").status_code == 405


def test_progress_bars_move_on_the_progress_page(client: Client) -> None:
    before = client.get("/progress/").content.decode()
    assert "0/1 mastered" in before
    assert "1/3 mastered" not in before
    client.post("/learn/caching/status", {"status": "mastered"})
    client.post("/learn/idempotency/status", {"status": "learning"})
    after = client.get("/progress/").content.decode()
    # By kind: the one written skill is mastered; by path: the track's written stops.
    assert 'aria-label="Graded skill: 1 mastered, 0 learning, of 1"' in after
    assert 'aria-label="Concept: 0 mastered, 1 learning, of 1"' in after
    assert 'aria-label="First-time track: 1 mastered, 1 learning, of 2"' in after
    assert 'aria-label="Phase 3: 1 mastered, 0 learning, of 1"' in after


def test_progress_bar_moves_on_the_learn_page(client: Client) -> None:
    assert learn_overall(client) == "0/3 mastered"
    client.post("/learn/caching/status", {"status": "learning"})
    assert learn_overall(client) == "0/3 mastered, 1 learning"
    client.post("/learn/caching/status", {"status": "mastered"})
    assert learn_overall(client) == "1/3 mastered"
    body = client.get("/").content.decode()
    assert 'data-status="mastered">mastered</span>' in body
    assert '<progress class="sd-bar-mastered" max="3" value="1">' in body


def test_learn_status_filter_uses_the_learners_statuses(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "mastered"})
    body = client.get("/?status=mastered").content.decode()
    assert 'href="/learn/caching/"' in body
    assert 'href="/learn/idempotency/"' not in body


def test_continue_where_you_left_off(client: Client) -> None:
    assert "Continue:" not in client.get("/").content.decode()
    client.get("/learn/caching/")  # a visitor with no learner row yet is not remembered
    assert "Continue:" not in client.get("/").content.decode()
    assert not Learner.objects.exists()
    client.post("/learn/caching/status", {"status": "learning"})  # now the visitor has a learner row
    client.get("/learn/idempotency/")
    body = client.get("/").content.decode()
    assert '<a class="sd-button" href="/learn/idempotency/">Continue: Idempotency</a>' in body
    client.get("/learn/redis/")  # a page not written yet is not where one left off
    assert "Continue: Idempotency" in client.get("/").content.decode()


def test_rereading_a_page_writes_nothing_until_the_touch_interval_has_passed(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "learning"})
    learner = Learner.objects.get()
    start = timezone.now()
    assert learner_touch(learner=learner, page_id="caching", at=start)
    assert not learner_touch(learner=learner, page_id="caching", at=start + TOUCH_INTERVAL / 2)
    assert learner_touch(learner=learner, page_id="idempotency", at=start + TOUCH_INTERVAL / 2)
    later = start + TOUCH_INTERVAL * 2
    assert learner_touch(learner=learner, page_id="idempotency", at=later)
    stored = Learner.objects.get()
    assert (stored.last_page_id, stored.last_seen_at) == ("idempotency", later)


def test_continue_is_per_learner(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "learning"})
    client.get("/learn/idempotency/")
    other = Client()
    other.post("/learn/caching/status", {"status": "learning"})
    assert "Continue:" not in other.get("/").content.decode()


def test_note_saved_by_htmx_answers_saved_at_and_a_preview(client: Client) -> None:
    response = client.post("/learn/caching/note", {"text": "**TTL** with jitter"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert re.match(r"Saved at \d\d:\d\d:\d\d", body.strip())
    assert 'hx-swap-oob="innerHTML:#sd-note-preview"' in body
    assert "<strong>TTL</strong> with jitter" in body
    assert Note.objects.get(page_id="caching").text == "**TTL** with jitter"
    lesson = client.get("/learn/caching/").content.decode()
    assert "**TTL** with jitter</textarea>" in lesson
    assert "<strong>TTL</strong> with jitter" in lesson


def test_note_plain_post_redirects(client: Client) -> None:
    response = client.post("/learn/caching/note", {"text": "plain"})
    assert response.status_code == 302 and response["Location"] == "/learn/caching/"
    assert Note.objects.get(page_id="caching").text == "plain"


def test_note_preview_is_sanitized(client: Client) -> None:
    text = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    response = client.post("/learn/caching/note", {"text": text}, **HTMX)
    assert response.status_code == 200
    for body in (response.content.decode(), client.get("/learn/caching/").content.decode()):
        assert "<script>" not in body.lower()
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", body, re.IGNORECASE)
        assert "<img" not in body.lower()
        assert "onerror=" not in body.replace("onerror=alert(1)&gt;", "")  # only as escaped text
    assert Note.objects.get(page_id="caching").text == text  # stored as written, sanitized on display


def test_note_too_long_is_refused_and_nothing_is_stored(client: Client) -> None:
    response = client.post("/learn/caching/note", {"text": "x" * (NOTE_MAX_CHARS + 1)}, **HTMX)
    assert response.status_code == 400
    assert "Not saved" in response.content.decode()
    assert not Note.objects.exists()
    ok = client.post("/learn/caching/note", {"text": "x" * NOTE_MAX_CHARS}, **HTMX)
    assert ok.status_code == 200
    assert len(Note.objects.get(page_id="caching").text) == NOTE_MAX_CHARS


def test_note_too_long_does_not_replace_an_existing_note(client: Client) -> None:
    client.post("/learn/caching/note", {"text": "keep me"}, **HTMX)
    assert client.post("/learn/caching/note", {"text": "y" * 100_001}, **HTMX).status_code == 400
    assert Note.objects.get(page_id="caching").text == "keep me"


def test_post_without_csrf_token_is_refused(csrf_client: Client) -> None:
    assert csrf_client.post("/learn/caching/status", {"status": "learning"}).status_code == 403
    assert csrf_client.post("/learn/caching/note", {"text": "hi"}, **HTMX).status_code == 403
    assert not Progress.objects.exists()
    assert not Note.objects.exists()


def test_post_with_csrf_token_is_accepted(csrf_client: Client) -> None:
    token = csrf_token_of(csrf_client, "/learn/caching/")
    response = csrf_client.post("/learn/caching/status", {"status": "learning", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    htmx = csrf_client.post("/learn/caching/note", {"text": "hi"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert htmx.status_code == 200
    assert Progress.objects.get(page_id="caching").status == "learning"
