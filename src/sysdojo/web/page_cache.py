"""A per-process cache of whole pages for first-time visitors: no cookie, so nothing personal.

A visitor without cookies sees the same lesson as every other such visitor, so the response can be
reused until the next sync changes the catalog. Such pages carry no CSRF token (that would be one
secret shared by everyone); sysdojo.js fetches the visitor's own token before anything is posted.
Anything with a cookie (a session, a CSRF token) goes through Django as usual.

Two halves share one table. The Django middleware marks a shared request (so templates leave out
the CSRF token) and stores what Django answered; the WSGI wrapper serves a stored page before
Django builds a request at all, which is most of the cost of a hit (docs/decisions/0002).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.cookie import parse_cookie

from sysdojo.web.catalog.selectors import catalog_version

CACHEABLE_PATH = re.compile(r"^/(?:learn/[a-z0-9-]+/)?$")
ALLOWED_COOKIES = {"theme"}  # chosen by the visitor, part of the key, carries no identity
MAX_ENTRIES = 2048
MAX_BODY = 2 * 1024 * 1024
# A byte budget as well as a count: query strings are part of the key, so a crawler (or anyone) asking
# for /learn/x/?n=1, ?n=2, ... must not be able to grow a worker's memory past this.
MAX_BYTES = 64 * 1024 * 1024

Key = tuple[str, str, str, str]
# (status line, headers, body): exactly what Django's WSGI handler would have sent.
Entry = tuple[str, list[tuple[str, str]], bytes]
_ENTRIES: OrderedDict[Key, Entry] = OrderedDict()
_STORED_BYTES = 0
_STORE_LOCK = threading.Lock()  # stores are rare (misses only); lookups need no lock


def _store(key: Key, entry: Entry) -> None:
    """Keep an entry, dropping the oldest ones until the count and the byte budget hold."""
    global _STORED_BYTES
    with _STORE_LOCK:
        old = _ENTRIES.pop(key, None)
        if old is not None:
            _STORED_BYTES -= len(old[2])
        _ENTRIES[key] = entry
        _STORED_BYTES += len(entry[2])
        while _ENTRIES and (len(_ENTRIES) > MAX_ENTRIES or _STORED_BYTES > MAX_BYTES):
            _, dropped = _ENTRIES.popitem(last=False)
            _STORED_BYTES -= len(dropped[2])


def stored_bytes() -> int:
    return _STORED_BYTES


def cache_clear() -> None:
    global _STORED_BYTES
    with _STORE_LOCK:
        _ENTRIES.clear()
        _STORED_BYTES = 0


def _is_shared(*, method: str, path: str, cookies: dict[str, str], htmx: bool) -> bool:
    return (
        method in ("GET", "HEAD")
        and not set(cookies) - ALLOWED_COOKIES
        and not htmx
        and CACHEABLE_PATH.match(path) is not None
    )


def _key(*, path: str, query: str, cookies: dict[str, str]) -> Key:
    return (path, query, cookies.get("theme", ""), catalog_version())


class AnonymousPageCache:
    """Django middleware (outermost): marks shared requests and stores their responses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        shared = _is_shared(
            method=request.method or "",
            path=request.path_info,
            cookies=request.COOKIES,
            htmx="HTTP_HX_REQUEST" in request.META,
        )
        if not shared:
            return self.get_response(request)
        key = _key(
            path=request.path_info, query=request.META.get("QUERY_STRING", ""), cookies=request.COOKIES
        )
        request.shared_page = True  # type: ignore[attr-defined]  # templates leave out the CSRF token
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.cookies
            and len(response.content) <= MAX_BODY
        ):
            status = f"{response.status_code} {response.reason_phrase}"
            _store(key, (status, list(response.items()), response.content))
        return response


StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def serve_shared_pages(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so a stored shared page is answered without entering Django."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        path = environ.get("PATH_INFO", "")
        # Cheap tests first: most requests that are not shared fail on the method or the path.
        if method not in ("GET", "HEAD") or CACHEABLE_PATH.match(path) is None:
            return app(environ, start_response)
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if not _is_shared(method=method, path=path, cookies=cookies, htmx="HTTP_HX_REQUEST" in environ):
            return app(environ, start_response)
        hit = _ENTRIES.get(_key(path=path, query=environ.get("QUERY_STRING", ""), cookies=cookies))
        if hit is None:
            return app(environ, start_response)
        status, headers, body = hit
        start_response(status, headers)
        return [b"" if method == "HEAD" else body]

    return application
