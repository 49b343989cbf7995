"""`sysdojo export anki` writes a deck Anki can import: a zip holding the collection database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


def run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SYSDOJO_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "sysdojo.web.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "sysdojo", *args], env=env, capture_output=True, text=True, timeout=120
    )


def guids(deck: Path, into: Path) -> set[str]:
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", into)
    with sqlite3.connect(into / "collection.anki2") as db:
        return {row[0] for row in db.execute("SELECT guid FROM notes")}


def test_export_anki_writes_a_deck_with_stable_guids(tmp_path: Path) -> None:
    assert run(["content", "sync", "--content", str(FIXTURE_CONTENT)], tmp_path).returncode == 0
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    done = run(["export", "anki", "-o", str(first)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wrote 3 page(s)" in done.stderr
    assert run(["export", "anki", "-o", str(second)], tmp_path).returncode == 0
    one, two = guids(first, tmp_path / "one"), guids(second, tmp_path / "two")
    assert one and one == two


def test_json_export_needs_a_user(tmp_path: Path) -> None:
    done = run(["export"], tmp_path)
    assert (
        done.returncode == 1 and "--user NAME is required" in done.stderr and "Traceback" not in done.stderr
    )
