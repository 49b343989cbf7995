"""A per-process cache of whole pages for first-time visitors: no cookie, so nothing personal.

A visitor without cookies sees the same lesson as every other such visitor, so the response can be
reused until the next sync changes the catalog. Such pages carry no CSRF token (that would be one
secret shared by everyone); sysdojo.js fetches the visitor's own token before anything is posted.
Anything with a cookie (a session, a CSRF token) goes through Django as usual.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from sysdojo.web.catalog.selectors import catalog_version

CACHEABLE_PATH = re.compile(r"^/(?:learn/[a-z0-9-]+/)?$")
ALLOWED_COOKIES = {"theme"}  # chosen by the visitor, part of the key, carries no identity
MAX_ENTRIES = 2048
MAX_BODY = 2 * 1024 * 1024

_ENTRIES: OrderedDict[tuple[str, ...], tuple[int, list[tuple[str, str]], bytes]] = OrderedDict()


def is_shared(request: HttpRequest) -> bool:
    """True when the response to this request may be shown to any other cookieless visitor."""
    return (
        request.method in ("GET", "HEAD")
        and not set(request.COOKIES) - ALLOWED_COOKIES
        and "HTTP_HX_REQUEST" not in request.META
        and CACHEABLE_PATH.match(request.path) is not None
    )


class AnonymousPageCache:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_shared(request):
            return self.get_response(request)
        key = (
            request.path,
            request.META.get("QUERY_STRING", ""),
            request.COOKIES.get("theme", ""),
            catalog_version(),
        )
        hit = _ENTRIES.get(key)
        if hit is not None:
            _ENTRIES.move_to_end(key)
            status, headers, body = hit
            cached = HttpResponse(body, status=status)
            for name, value in headers:
                cached[name] = value
            return cached
        request.shared_page = True  # type: ignore[attr-defined]  # templates leave out the CSRF token
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.cookies
            and len(response.content) <= MAX_BODY
        ):
            _ENTRIES[key] = (response.status_code, list(response.items()), response.content)
            if len(_ENTRIES) > MAX_ENTRIES:
                _ENTRIES.popitem(last=False)
        return response
