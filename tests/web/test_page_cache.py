"""The shared-page cache as the server runs it: the WSGI wrapper in front of Django's own handler."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from sysdojo.web import page_cache
from sysdojo.web.catalog.services import curriculum_sync
from sysdojo.web.page_cache import serve_shared_pages


class Recorded:
    """What one WSGI call answered."""

    def __init__(self) -> None:
        self.status = ""
        self.headers: list[tuple[str, str]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        self.status, self.headers = status, headers


class CountingDjango:
    """Django's real WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        return self.handler(environ, start_response)


def call(
    app: Any, path: str, *, method: str = "GET", cookie: str = "", **extra: str
) -> tuple[Recorded, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **({"HTTP_COOKIE": cookie} if cookie else {}),
        **extra,
    }
    recorded = Recorded()
    response = app(environ, recorded)
    body = b"".join(response)
    getattr(response, "close", lambda: None)()  # what a WSGI server does when it has sent the body
    return recorded, body


@pytest.fixture
def django_app(db: None) -> Iterator[CountingDjango]:
    # As Django's test client does: a request must not close the connection holding the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    page_cache.cache_clear()
    yield CountingDjango()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_a_second_cookieless_visit_is_answered_without_entering_django(django_app: CountingDjango) -> None:
    app = serve_shared_pages(django_app)
    first, first_body = call(app, "/learn/caching/")
    again, again_body = call(app, "/learn/caching/")
    assert django_app.calls == 1
    assert first.status == again.status == "200 OK"
    assert again.headers == first.headers and again_body == first_body
    assert b"csrfmiddlewaretoken" not in again_body
    assert ("Content-Security-Policy" in dict(again.headers)) and ("X-Frame-Options" in dict(again.headers))


def test_head_gets_the_headers_and_no_body(django_app: CountingDjango) -> None:
    app = serve_shared_pages(django_app)
    _, body = call(app, "/learn/caching/")
    head, head_body = call(app, "/learn/caching/", method="HEAD")
    assert django_app.calls == 1
    assert head_body == b"" and dict(head.headers)["Content-Length"] == str(len(body))


@pytest.mark.parametrize(
    ("cookie", "extra"),
    [
        ("sessionid=abc", {}),
        ("csrftoken=abc", {}),
        ("theme=dark; sessionid=abc", {}),
        ("", {"HTTP_HX_REQUEST": "true"}),
    ],
)
def test_anything_personal_goes_through_django(
    django_app: CountingDjango, cookie: str, extra: dict[str, str]
) -> None:
    app = serve_shared_pages(django_app)
    call(app, "/learn/caching/")
    call(app, "/learn/caching/", cookie=cookie, **extra)
    assert django_app.calls == 2


def test_the_chosen_theme_is_part_of_the_key(django_app: CountingDjango) -> None:
    app = serve_shared_pages(django_app)
    _, light = call(app, "/")
    _, dark = call(app, "/", cookie="theme=dark")
    _, dark_again = call(app, "/", cookie="theme=dark")
    assert django_app.calls == 2
    assert dark == dark_again and dark != light


def test_only_the_learn_page_and_lessons_are_shared(django_app: CountingDjango) -> None:
    app = serve_shared_pages(django_app)
    for _ in range(2):
        call(app, "/search/", QUERY_STRING="q=cache")
        call(app, "/learn/caching/status", method="POST")
    assert django_app.calls == 4


def test_a_sync_that_changes_the_catalog_retires_every_stored_page(
    django_app: CountingDjango, content_copy: Path
) -> None:
    app = serve_shared_pages(django_app)
    _, before = call(app, "/learn/caching/")
    lesson = content_copy / "skills" / "caching.md"
    lesson.write_text(
        lesson.read_text().replace("title: Caching strategy", "title: Caching strategy, revised")
    )
    curriculum_sync(content_dir=content_copy)
    _, after = call(app, "/learn/caching/")
    assert django_app.calls == 2
    assert b"Caching strategy, revised" in after and b"Caching strategy, revised" not in before


def test_query_variants_cannot_grow_a_workers_memory_past_the_budget(
    django_app: CountingDjango, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = serve_shared_pages(django_app)
    _, body = call(app, "/learn/caching/")
    monkeypatch.setattr(page_cache, "MAX_BYTES", len(body) * 3)
    for n in range(10):
        call(app, "/learn/caching/", QUERY_STRING=f"n={n}")
    assert page_cache.stored_bytes() <= len(body) * 3
    assert len(page_cache._ENTRIES) == 3  # the three newest
    calls = django_app.calls
    call(app, "/learn/caching/", QUERY_STRING="n=9")
    assert django_app.calls == calls  # the newest is still answered from the cache
