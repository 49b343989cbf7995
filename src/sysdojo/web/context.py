"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

THEMES = ("light", "dark")


def site(request: HttpRequest) -> dict[str, Any]:
    # The theme is a cookie read on the server, so the first paint is already right without inline script.
    theme = request.COOKIES.get("theme", "")
    return {"theme": theme if theme in THEMES else ""}
