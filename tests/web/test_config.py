"""Settings read from the environment: bad values are refused with the setting's name, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sysdojo.web.config import SettingError, database, time_zone

SYSDOJO = str(Path(sys.executable).parent / "sysdojo")


def test_time_zones_are_iana_names() -> None:
    assert time_zone("Asia/Kolkata") == "Asia/Kolkata"
    with pytest.raises(SettingError, match="SYSDOJO_TIME_ZONE: 'Mars/Olympus' is not an IANA time zone"):
        time_zone("Mars/Olympus")
    with pytest.raises(SettingError):
        time_zone("../../etc/passwd")


def test_only_postgres_urls_are_databases(tmp_path: Path) -> None:
    assert database("", tmp_path)["ENGINE"] == "django.db.backends.sqlite3"
    assert database("postgres://u:p%40ss@db:5433/sd", tmp_path)["PASSWORD"] == "p@ss"
    with pytest.raises(SettingError, match="DATABASE_URL: unsupported scheme 'mysql'"):
        database("mysql://u@db/sd", tmp_path)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SYSDOJO_TIME_ZONE", "Mars/Olympus", "SYSDOJO_TIME_ZONE: 'Mars/Olympus'"),
        ("SYSDOJO_LLM_TIMEOUT", "soon", "SYSDOJO_LLM_TIMEOUT: a number of seconds"),
        ("DATABASE_URL", "mysql://u@db/sd", "DATABASE_URL: unsupported scheme"),
    ],
)
def test_the_cli_refuses_a_bad_setting_plainly(tmp_path: Path, name: str, value: str, message: str) -> None:
    env = {**os.environ, "SYSDOJO_DATA_DIR": str(tmp_path), "COLUMNS": "200", name: value}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([SYSDOJO, "content", "sync"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"setting refused: {message}" in done.stderr
    assert "Traceback" not in done.stderr
