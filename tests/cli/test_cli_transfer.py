"""The command line on a fresh SQLite data folder: content check, export and import (checked whole)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SYSDOJO = str(Path(sys.executable).parent / "sysdojo")
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"

EXPORT = {
    "format": "sysdojo-export",
    "version": 1,
    "exported_at": "2024-03-02T00:00:00+00:00",
    "last_page_id": "caching",
    "progress": [
        {"page_id": "caching", "status": "mastered", "updated_at": "2024-03-01T10:00:00.5+00:00"},
        {"page_id": "idempotency", "status": "learning", "updated_at": "2024-03-01T11:00:00+00:00"},
    ],
    "notes": [{"page_id": "caching", "text": "jitter ✓", "updated_at": "2024-03-01T10:00:00+00:00"}],
}


def sysdojo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SYSDOJO, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data = tmp_path_factory.mktemp("cli-data")
    environment = {
        **os.environ,
        "SYSDOJO_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "sysdojo.web.settings",
        "DJANGO_SUPERUSER_PASSWORD": "correct horse battery",
        "COLUMNS": "200",
    }
    environment.pop("DATABASE_URL", None)
    for args in (
        ("manage", "migrate", "--noinput"),
        ("manage", "createsuperuser", "--noinput", "--username", "ada", "--email", "ada@example.org"),
        ("manage", "createsuperuser", "--noinput", "--username", "bob", "--email", "bob@example.org"),
    ):
        done = sysdojo(environment, *args)
        assert done.returncode == 0, done.stderr
    yield environment


def test_content_check_of_the_fixture_content(env: dict[str, str]) -> None:
    done = sysdojo(env, "content", "check", "--content", str(FIXTURE_CONTENT))
    assert done.returncode == 0, done.stderr
    assert "content ok: 3 page(s) written of 5 planned" in done.stdout


def test_content_check_names_the_file_line_and_field(env: dict[str, str], tmp_path: Path) -> None:
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(FIXTURE_CONTENT), str(content)], check=True)
    page = content / "skills" / "caching.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("priority: high", "priority: urgent"), encoding="utf-8"
    )
    done = sysdojo(env, "content", "check", "--content", str(content))
    assert done.returncode == 1
    assert f"{page}:" in done.stderr and "priority" in done.stderr


def test_import_export_round_trip_and_idempotence(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(EXPORT), encoding="utf-8")
    first = sysdojo(env, "import", str(source), "--user", "ada")
    assert first.returncode == 0, first.stderr
    assert "ada: Imported 2 progress records and 1 note." in first.stdout
    again = sysdojo(env, "import", str(source), "--user", "ada")
    assert "ada: Nothing new to import: everything in the file is already here." in again.stdout

    out = tmp_path / "out.json"
    exported = sysdojo(env, "export", "--user", "ada", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["progress"] == [
        {"page_id": "caching", "status": "mastered", "updated_at": "2024-03-01T10:00:00.500000+00:00"},
        {"page_id": "idempotency", "status": "learning", "updated_at": "2024-03-01T11:00:00+00:00"},
    ]
    assert data["notes"] == EXPORT["notes"]
    assert data["last_page_id"] == "caching"

    # ada's export into bob, then bob's export: the same records.
    into_bob = sysdojo(env, "import", str(out), "--user", "bob")
    assert into_bob.returncode == 0, into_bob.stderr
    bob = json.loads(sysdojo(env, "export", "--user", "bob").stdout)
    assert {**bob, "exported_at": ""} == {**data, "exported_at": ""}


def test_a_bad_file_is_refused_whole(env: dict[str, str], tmp_path: Path) -> None:
    bad = dict(EXPORT)
    bad["progress"] = [
        {"page_id": "track-first-time", "status": "mastered", "updated_at": "2024-05-01T00:00:00+00:00"},
        {"page_id": "redis", "status": "learning", "updated_at": "2024-05-01T00:00:00+00:00"},
        {"page_id": "consistent-hashing", "status": "done", "updated_at": "2024-05-01T00:00:00+00:00"},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    done = sysdojo(env, "import", str(path), "--user", "bob")
    assert done.returncode == 1
    assert f"{path}: progress[2].status: 'done' is not one of not-started, learning, mastered" in done.stderr
    assert "nothing imported" in done.stderr
    after = json.loads(sysdojo(env, "export", "--user", "bob").stdout)
    assert "track-first-time" not in {p["page_id"] for p in after["progress"]}
    assert "redis" not in {p["page_id"] for p in after["progress"]}


def test_import_for_an_unknown_account_or_a_missing_file(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(EXPORT), encoding="utf-8")
    unknown = sysdojo(env, "import", str(path), "--user", "nobody")
    assert unknown.returncode == 1
    assert "--user: no account named 'nobody'" in unknown.stderr
    missing = sysdojo(env, "import", str(tmp_path / "missing.json"), "--user", "ada")
    assert missing.returncode == 1
    assert "missing.json: cannot read" in missing.stderr
