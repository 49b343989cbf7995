"""Where sysdojo finds its content and keeps its data, overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps content/ at the repository root; an installed wheel ships it inside the package.
_CHECKOUT_CONTENT = PACKAGE_DIR.parent.parent / "content"
_BUNDLED_CONTENT = PACKAGE_DIR / "content"


def content_dir() -> Path:
    configured = os.environ.get("SYSDOJO_CONTENT_DIR")
    if configured:
        return Path(configured)
    return _CHECKOUT_CONTENT if _CHECKOUT_CONTENT.is_dir() else _BUNDLED_CONTENT


def data_dir() -> Path:
    """The folder for the database and the search index (created on first use)."""
    configured = os.environ.get("SYSDOJO_DATA_DIR")
    path = Path(configured) if configured else Path.cwd() / ".sysdojo"
    path.mkdir(parents=True, exist_ok=True)
    return path
