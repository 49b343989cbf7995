"""The optional LLM second opinion on a mock debrief, against a real chat-completions server on
127.0.0.1: off unless configured, a form post or an htmx post stores and shows the reply (escaped,
labelled), and a failure shows a message and stores nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from sysdojo.web.mock.models import MockSession
from tests.core.second_opinion.server import FakeLlm
from tests.web.conftest import csrf_token_of
from tests.web.mock.test_mock import STRONG, case_study, start

pytestmark = pytest.mark.django_db
__all__ = ["case_study"]  # the fixture, imported to be used here
KEY = "sk-web-secret-456"
REPLY = "I **mostly agree**.\n\n- Size the cache.\n\n<script>alert(1)</script>"


@pytest.fixture
def llm(settings: SettingsWrapper) -> Iterator[FakeLlm]:
    with FakeLlm(answer=REPLY) as server:
        settings.LLM_URL = server.url
        settings.LLM_MODEL = "tiny-model"
        settings.LLM_API_KEY = KEY
        settings.LLM_TIMEOUT = 5.0
        yield server


def submitted(client: Client) -> MockSession:
    session = start(client)
    form = {f"phase-{i}": "" for i in range(len(session.texts))}  # one text per phase
    form["phase-3"] = STRONG
    assert client.post(f"/mock/{session.pk}/submit", {**form, "tab": "t", "seq": "1"}).status_code == 302
    session.refresh_from_db()
    assert session.debrief
    return session


def test_not_configured_no_button_and_no_route(
    client: Client, case_study: Path, settings: SettingsWrapper
) -> None:
    settings.LLM_URL = ""
    session = submitted(client)
    body = client.get(f"/mock/{session.pk}/debrief").content.decode()
    assert "Overall:" in body
    assert "for a second opinion</button>" not in body and "/second-opinion" not in body
    assert client.post(f"/mock/{session.pk}/second-opinion").status_code == 404


def test_configured_the_debrief_offers_the_button(client: Client, case_study: Path, llm: FakeLlm) -> None:
    session = submitted(client)
    body = client.get(f"/mock/{session.pk}/debrief").content.decode()
    assert "Ask tiny-model for a second opinion" in body
    assert f'action="/mock/{session.pk}/second-opinion"' in body and "csrfmiddlewaretoken" in body
    assert llm.requests == []  # showing the page never calls the LLM


def test_a_form_post_stores_and_shows_the_reply(client: Client, case_study: Path, llm: FakeLlm) -> None:
    session = submitted(client)
    response = client.post(f"/mock/{session.pk}/second-opinion")
    assert response.status_code == 302
    assert response["Location"] == f"/mock/{session.pk}/debrief#sd-second-opinion"
    session.refresh_from_db()
    assert session.second_opinion == REPLY.strip() and session.second_opinion_at is not None
    (request,) = llm.requests
    assert request.body["model"] == "tiny-model" and request.body["temperature"] == 0
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    prompt = request.body["messages"][1]["content"]
    assert "URL shortener" in prompt and STRONG[:40] in prompt
    body = client.get(f"/mock/{session.pk}/debrief").content.decode()
    assert "may be wrong" in body and "<strong>mostly agree</strong>" in body
    assert "<li>Size the cache.</li>" in body
    assert "<script>alert(1)</script>" not in body and "alert(1)" in body  # escaped, never run
    assert "Ask tiny-model again" in body and KEY not in body


def test_an_htmx_post_answers_the_fragment(
    client: Client, csrf_client: Client, case_study: Path, llm: FakeLlm
) -> None:
    session = submitted(client)
    csrf_client.cookies = client.cookies  # the same learner, now in a browser that meets CSRF
    url = f"/mock/{session.pk}/debrief"
    token = csrf_token_of(csrf_client, url)
    refused = csrf_client.post(f"/mock/{session.pk}/second-opinion", HTTP_HX_REQUEST="true")
    assert refused.status_code == 403 and llm.requests == []  # CSRF is enforced
    response = csrf_client.post(
        f"/mock/{session.pk}/second-opinion", HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="sd-second-opinion"') and "<html" not in body
    assert "<strong>mostly agree</strong>" in body and "may be wrong" in body
    assert MockSession.objects.get(pk=session.pk).second_opinion == REPLY.strip()


def test_an_error_is_shown_and_nothing_is_stored(client: Client, case_study: Path, llm: FakeLlm) -> None:
    session = submitted(client)
    llm.status, llm.raw = 500, f'{{"error": "invalid key {KEY}"}}'.encode()
    response = client.post(f"/mock/{session.pk}/second-opinion", follow=True)
    body = response.content.decode()
    assert "No second opinion:" in body and "HTTP 500" in body and KEY not in body
    session.refresh_from_db()
    assert session.second_opinion == "" and session.second_opinion_at is None
    htmx = client.post(f"/mock/{session.pk}/second-opinion", HTTP_HX_REQUEST="true").content.decode()
    assert "No second opinion:" in htmx and "HTTP 500" in htmx and "Traceback" not in htmx


def test_a_failed_retry_keeps_the_earlier_reply(client: Client, case_study: Path, llm: FakeLlm) -> None:
    session = submitted(client)
    client.post(f"/mock/{session.pk}/second-opinion")
    llm.raw = b"not json"
    body = client.post(f"/mock/{session.pk}/second-opinion", follow=True).content.decode()
    assert "not JSON" in body and "<strong>mostly agree</strong>" in body
    assert MockSession.objects.get(pk=session.pk).second_opinion == REPLY.strip()


def test_a_refused_connection_and_a_timeout_are_messages(
    client: Client, case_study: Path, llm: FakeLlm, settings: SettingsWrapper
) -> None:
    session = submitted(client)
    llm.delay, settings.LLM_TIMEOUT = 1.0, 0.1
    body = client.post(f"/mock/{session.pk}/second-opinion", follow=True).content.decode()
    assert "no answer within 0.1 seconds" in body
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.LLM_URL = f"http://127.0.0.1:{port}/v1"
    body = client.post(f"/mock/{session.pk}/second-opinion", follow=True).content.decode()
    assert "No second opinion:" in body and "connection refused" in body
    assert MockSession.objects.get(pk=session.pk).second_opinion == ""


def test_an_active_interview_cannot_be_asked_about(client: Client, case_study: Path, llm: FakeLlm) -> None:
    session = start(client)
    body = client.post(f"/mock/{session.pk}/second-opinion", follow=True).content.decode()
    assert "submit the interview first" in body and llm.requests == []


def test_someone_elses_interview_is_not_found(client: Client, case_study: Path, llm: FakeLlm) -> None:
    session = submitted(client)
    assert Client().post(f"/mock/{session.pk}/second-opinion").status_code == 404
    assert llm.requests == []
