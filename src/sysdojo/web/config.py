"""Every setting sysdojo reads from its environment, declared in one table (`sysdojo settings` lists it)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class SettingError(ValueError):
    """A setting's value cannot be used; the message names the setting and says what it expects."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS = (
    Setting("SYSDOJO_DATA_DIR", "./.sysdojo", "folder for the SQLite database, search index and secret key"),
    Setting("SYSDOJO_CONTENT_DIR", "", "curriculum folder (default: the bundled content/)"),
    Setting(
        "DATABASE_URL", "", "postgres://user:password@host:5432/name to use PostgreSQL instead of SQLite"
    ),
    Setting("SYSDOJO_SECRET_KEY", "", "Django secret key (default: generated once into the data folder)"),
    Setting("SYSDOJO_DEBUG", "0", "1 for Django's debug pages (never in production)"),
    Setting("SYSDOJO_PRODUCTION", "0", "1 behind HTTPS: secure cookies, HSTS, SSL redirect"),
    Setting("SYSDOJO_ALLOWED_HOSTS", "127.0.0.1,localhost", "comma-separated host names the server answers"),
    Setting(
        "SYSDOJO_TIME_ZONE",
        "UTC",
        "IANA time zone where your day starts and ends (new flashcards per day, streaks), e.g. Europe/Berlin",
    ),
    Setting(
        "SYSDOJO_LLM_URL",
        "",
        "OpenAI-compatible API base URL (e.g. http://127.0.0.1:11434/v1) for an optional LLM second "
        "opinion on mock debriefs; empty: off, never called",
    ),
    Setting("SYSDOJO_LLM_MODEL", "", "model name sent to SYSDOJO_LLM_URL (e.g. llama3.1)"),
    Setting("SYSDOJO_LLM_API_KEY", "", "bearer token for SYSDOJO_LLM_URL, if it needs one"),
    Setting("SYSDOJO_LLM_TIMEOUT", "60", "seconds to wait for the LLM's answer"),
)


def setting(name: str) -> str:
    return next(s for s in SETTINGS if s.name == name).value()


def secret_key(data_dir: Path) -> str:
    configured = setting("SYSDOJO_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def database(url: str, data_dir: Path) -> dict[str, Any]:
    """Django's DATABASES['default'] for a postgres:// URL, or the SQLite file in the data folder."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "sysdojo.sqlite3",
            # One connection per worker, kept: opening SQLite and running the PRAGMAs per request
            # costs more than many of the requests themselves.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
                # timeout instead of failing with "database is locked" when a read upgrades to a write.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SettingError(f"DATABASE_URL: unsupported scheme '{parts.scheme}' (use postgres://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


def time_zone(name: str) -> str:
    """A valid IANA zone name, or SettingError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            f"SYSDOJO_TIME_ZONE: {name!r} is not an IANA time zone (e.g. Europe/Berlin)"
        ) from None
    return name
