"""`sysdojo serve` as a user runs it: migrate, sync, serve; and a clear refusal when the port is taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import REPO, free_port, stop, wait_until_serving

SYSDOJO = str(Path(sys.executable).parent / "sysdojo")
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "SYSDOJO_DATA_DIR": str(tmp_path / "data"),
        "SYSDOJO_CONTENT_DIR": str(FIXTURE_CONTENT),
        "SYSDOJO_DEBUG": "0",
        "SYSDOJO_ALLOWED_HOSTS": "127.0.0.1",
    }
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


@pytest.fixture
def server(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = free_port()
    log = tmp_path / "serve.log"
    process = subprocess.Popen(
        [SYSDOJO, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process, log, path="/healthz")
        yield port, process
    finally:
        stop(process)


def get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        assert response.status == 200
        return str(response.read().decode())


def test_serve_migrates_syncs_and_serves_the_curriculum(server: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, _ = server
    assert "Caching strategy" in get(port, "/")
    lesson = get(port, "/learn/caching/")
    assert "Caching strategy" in lesson and "csrfmiddlewaretoken" not in lesson
    assert get(port, "/learn/caching/") == lesson  # the second visit is the shared copy
    # An idle open connection (a browser's keep-alive) holds up nobody.
    with socket.create_connection(("127.0.0.1", port)):
        assert "Idempotency" in get(port, "/learn/idempotency/")


def test_a_second_server_on_the_same_port_is_refused_plainly(
    server: tuple[int, subprocess.Popen[bytes]], env: dict[str, str]
) -> None:
    port, _ = server
    second = subprocess.run(
        [SYSDOJO, "serve", "--port", str(port)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 1
    assert f"serve: cannot listen on 127.0.0.1:{port}: Address already in use" in second.stderr
    assert "Traceback" not in second.stderr
    assert "Caching strategy" in get(server[0], "/")  # the first server is untouched
