"""A minimal OpenAI-compatible chat-completions client on urllib: one POST, one answer or one error."""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from sysdojo.core.errors import SysdojoError
from sysdojo.core.second_opinion.prompt import prompt_build

MAX_REPLY_BYTES = 2_000_000
SOURCE = "second opinion"


@dataclass(frozen=True)
class LlmConfig:
    url: str  # the API's base URL, e.g. http://127.0.0.1:11434/v1
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = 60.0

    @property
    def endpoint(self) -> str:
        return self.url.strip().rstrip("/") + "/chat/completions"

    @property
    def target(self) -> str:
        """The endpoint without user:password@ (sent as Basic auth instead, urllib does not)."""
        parts = urlsplit(self.endpoint)
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _fail(config: LlmConfig, message: str) -> SysdojoError:
    """One line, with the endpoint shown without credentials and the key never echoed."""
    text = " ".join(f"{_shown(config.endpoint)}: {message}".split())
    if config.api_key:
        text = text.replace(config.api_key, "***")
    return SysdojoError.at(SOURCE, text)


def _shown(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _excerpt(raw: bytes) -> str:
    text = " ".join(raw.decode("utf-8", "replace").split())
    return text[:200] + ("..." if len(text) > 200 else "")


def chat_complete(config: LlmConfig, messages: Sequence[Mapping[str, str]]) -> str:
    """POST {url}/chat/completions and return the first choice's message content."""
    parts = urlsplit(config.url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(config, "the LLM URL must be an http:// or https:// base URL")
    if config.timeout <= 0:
        raise _fail(config, "the timeout must be a positive number of seconds")
    body = json.dumps(
        {"model": config.model, "messages": [dict(m) for m in messages], "temperature": 0, "stream": False}
    ).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    elif parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    request = urllib.request.Request(config.target, data=body, headers=headers, method="POST")
    # A local model is reached directly, whatever proxy the environment names for the outside world.
    handlers = [urllib.request.ProxyHandler({})] if _is_loopback(parts.hostname) else []
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=config.timeout) as response:
            raw = response.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        try:
            detail = _excerpt(exc.read(2000))
        except (OSError, http.client.HTTPException):
            detail = ""
        finally:
            exc.close()
        raise _fail(
            config, f"the server answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise _fail(config, f"no answer within {config.timeout:g} seconds") from None
        if isinstance(reason, ConnectionRefusedError):
            raise _fail(config, "connection refused (is the LLM server running?)") from None
        message = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
        raise _fail(config, f"cannot connect: {message}") from None
    except TimeoutError:
        raise _fail(config, f"no answer within {config.timeout:g} seconds") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _fail(config, f"the request failed: {type(exc).__name__} {exc}") from None
    if len(raw) > MAX_REPLY_BYTES:
        raise _fail(config, f"the answer is larger than {MAX_REPLY_BYTES} bytes")
    return _content(config, raw)


def _content(config: LlmConfig, raw: bytes) -> str:
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _fail(config, f"the answer is not JSON: {_excerpt(raw) or '(empty)'}") from None
    if not isinstance(data, dict):
        raise _fail(config, "the answer is not a JSON object")
    if isinstance(data.get("error"), (dict, str)):
        error = data["error"]
        detail = error.get("message", "") if isinstance(error, dict) else error
        raise _fail(config, f"the server reported an error: {_excerpt(str(detail).encode())}")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        raise _fail(config, "the answer has no choices")
    first = choices[0]
    message = first.get("message") if isinstance(first, dict) else None
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str):
        raise _fail(config, "the first choice has no message content")
    if not content.strip():
        raise _fail(config, "the model answered with an empty message")
    return content.strip()


def second_opinion(
    config: LlmConfig, *, debrief: Mapping[str, Any], answer: str, case_title: str = ""
) -> str:
    """Ask the model for its opinion of this answer and its offline debrief."""
    return chat_complete(config, prompt_build(debrief=debrief, answer=answer, case_title=case_title))
