"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

THEMES = ("light", "dark")


def site(request: HttpRequest) -> dict[str, Any]:
    # The theme is a cookie read on the server, so the first paint is already right without inline script.
    theme = request.COOKIES.get("theme", "")
    # A page shared between cookieless visitors (see page_cache.py) must not carry a CSRF token.
    return {"theme": theme if theme in THEMES else "", "shared_page": getattr(request, "shared_page", False)}
