"""The second-opinion client against a real HTTP server on 127.0.0.1: the request it sends, the
answer it reads, and every failure as one SysdojoError on one line without the API key."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from sysdojo.core.errors import SysdojoError
from sysdojo.core.second_opinion import LlmConfig, chat_complete, prompt_build, second_opinion
from tests.core.second_opinion.server import FakeLlm

KEY = "sk-very-secret-key-123"
DEBRIEF = {
    "case_id": "url-shortener",
    "case_title": "URL shortener",
    "overall": 42,
    "points": [
        {"point": "Pre-generated keys", "skill": "data-modeling", "weight": 3, "covered": False},
        {"point": "Cache-aside reads", "skill": "caching", "weight": 2, "covered": True},
    ],
    "skills": [{"skill": "caching", "title": "Caching strategy", "score": 3, "reason": "sized cache"}],
    "wrong_figures": [{"message": "you said 4,000 reads per second; the estimate gives ~19K/s"}],
    "next_lesson": {"skill": "data-modeling", "title": "Data modeling", "lesson": "x", "reason": "weakest"},
}
ANSWER = "## Requirements\n\nShort links, 12K reads per second. Redis cluster, 6 shards.\n"


@pytest.fixture
def llm() -> Iterator[FakeLlm]:
    with FakeLlm() as server:
        yield server


def config(llm: FakeLlm, **changes: object) -> LlmConfig:
    values: dict[str, object] = {"url": llm.url, "model": "tiny-model", "api_key": KEY, "timeout": 5.0}
    values.update(changes)
    return LlmConfig(**values)  # type: ignore[arg-type]


def one_line_without_key(exc: pytest.ExceptionInfo[SysdojoError]) -> str:
    message = str(exc.value)
    assert "\n" not in message and "Traceback" not in message
    assert KEY not in message
    assert message.startswith("second opinion: http://127.0.0.1:")
    return message


def test_the_prompt_carries_the_case_the_key_the_debrief_and_the_answer() -> None:
    system, user = prompt_build(debrief=DEBRIEF, answer=ANSWER)
    assert system["role"] == "system" and user["role"] == "user"
    text = user["content"]
    assert "URL shortener" in text
    assert "Pre-generated keys (skill: data-modeling, weight 3; offline grader: missing)" in text
    assert "Cache-aside reads" in text and "offline grader: made" in text
    assert "Caching strategy: 3/4" in text and "Overall: 42/100" in text
    assert "19K/s" in text and "Redis cluster, 6 shards" in text
    assert prompt_build(debrief=DEBRIEF, answer=ANSWER) == [system, user]  # deterministic


def test_it_posts_a_deterministic_chat_completion_and_reads_the_first_choice(llm: FakeLlm) -> None:
    answer = second_opinion(config(llm), debrief=DEBRIEF, answer=ANSWER, case_title="URL shortener")
    assert answer == llm.answer
    (request,) = llm.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body["model"] == "tiny-model" and request.body["temperature"] == 0
    assert [m["role"] for m in request.body["messages"]] == ["system", "user"]
    assert "Redis cluster" in request.body["messages"][1]["content"]


def test_a_trailing_slash_and_no_key_are_fine(llm: FakeLlm) -> None:
    assert chat_complete(config(llm, url=llm.url + "/", api_key=""), [{"role": "user", "content": "hi"}])
    (request,) = llm.requests
    assert request.path == "/v1/chat/completions" and "Authorization" not in request.headers


def test_a_refused_connection_is_one_clear_line() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cfg = LlmConfig(url=f"http://127.0.0.1:{port}/v1", model="m", api_key=KEY, timeout=5)
    with pytest.raises(SysdojoError) as exc:
        chat_complete(cfg, [{"role": "user", "content": "hi"}])
    assert "connection refused" in one_line_without_key(exc)


def test_a_server_error_names_the_status_and_never_echoes_the_key(llm: FakeLlm) -> None:
    llm.status, llm.raw = 500, f'{{"error": "bad key {KEY}\\nsecond line"}}'.encode()
    with pytest.raises(SysdojoError) as exc:
        chat_complete(config(llm), [{"role": "user", "content": "hi"}])
    message = one_line_without_key(exc)
    assert "HTTP 500" in message and "***" in message


def test_a_wrong_path_is_a_404(llm: FakeLlm) -> None:
    with pytest.raises(SysdojoError) as exc:
        chat_complete(config(llm, url=llm.url + "/nope"), [{"role": "user", "content": "hi"}])
    assert "HTTP 404" in one_line_without_key(exc)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<html>not json</html>", "not JSON"),
        (b"", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"choices": []}', "no choices"),
        (b'{"choices": [{"message": {"role": "assistant"}}]}', "no message content"),
        (b'{"choices": [{"text": "legacy"}]}', "no message content"),
        (b'{"choices": [{"message": {"content": "  "}}]}', "empty message"),
        (b'{"error": {"message": "model not found"}}', "model not found"),
    ],
)
def test_bad_answers_are_clear_errors(llm: FakeLlm, raw: bytes, expected: str) -> None:
    llm.raw = raw
    with pytest.raises(SysdojoError) as exc:
        chat_complete(config(llm), [{"role": "user", "content": "hi"}])
    assert expected in one_line_without_key(exc)


def test_a_slow_server_times_out(llm: FakeLlm) -> None:
    llm.delay = 1.0
    with pytest.raises(SysdojoError) as exc:
        chat_complete(config(llm, timeout=0.1), [{"role": "user", "content": "hi"}])
    assert "no answer within 0.1 seconds" in one_line_without_key(exc)


@pytest.mark.parametrize("url", ["", "127.0.0.1:11434/v1", "ftp://127.0.0.1/v1", "http:///v1"])
def test_a_bad_url_is_refused_before_any_request(url: str) -> None:
    with pytest.raises(SysdojoError) as exc:
        chat_complete(LlmConfig(url=url, model="m"), [{"role": "user", "content": "hi"}])
    assert "http:// or https://" in str(exc.value) and "\n" not in str(exc.value)


def test_credentials_in_the_url_are_not_shown(llm: FakeLlm) -> None:
    llm.status, llm.raw = 500, b"{}"
    url = llm.url.replace("http://", "http://user:pa55word@")
    with pytest.raises(SysdojoError) as exc:
        chat_complete(config(llm, url=url), [{"role": "user", "content": "hi"}])
    assert "pa55word" not in str(exc.value) and "HTTP 500" in str(exc.value)
    assert llm.requests[0].headers["Authorization"] == f"Bearer {KEY}"


def test_credentials_in_the_url_become_basic_auth(llm: FakeLlm) -> None:
    url = llm.url.replace("http://", "http://user:pa55word@")
    assert chat_complete(config(llm, url=url, api_key=""), [{"role": "user", "content": "hi"}])
    assert llm.requests[0].headers["Authorization"] == "Basic dXNlcjpwYTU1d29yZA=="
    assert llm.requests[0].path == "/v1/chat/completions"


def test_the_key_is_not_in_the_configs_repr() -> None:
    assert KEY not in repr(LlmConfig(url="http://127.0.0.1/v1", model="m", api_key=KEY))
