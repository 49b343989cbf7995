"""Two gunicorn servers on one PostgreSQL database: what one server writes, the other serves.

Needs SYSDOJO_TEST_POSTGRES_URL (e.g. `SYSDOJO_TEST_POSTGRES_URL=$(scripts/postgres.sh)`); each run makes
a fresh database on that server and drops it afterwards.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.processes import free_port, run_ok, stop, wait_until_serving

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"
PASSWORD = "correct horse battery"


def postgres_url() -> str:
    """SYSDOJO_TEST_POSTGRES_URL, or DATABASE_URL when the suite itself runs on PostgreSQL."""
    url = os.environ.get("SYSDOJO_TEST_POSTGRES_URL", "")
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        url = os.environ["DATABASE_URL"]
    if not url:
        pytest.fail(
            "SYSDOJO_TEST_POSTGRES_URL is not set: these tests need a PostgreSQL server. Start one with\n"
            "    export SYSDOJO_TEST_POSTGRES_URL=$(scripts/postgres.sh)",
            pytrace=False,
        )
    return url


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@dataclass
class Servers:
    one: str
    two: str
    database_url: str


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    server_url = postgres_url()
    name = f"sysdojo_servers_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(server_url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        pytest.fail(f"cannot connect to SYSDOJO_TEST_POSTGRES_URL={server_url}: {exc}", pytrace=False)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        database_url = with_database(server_url, name)
        data = tmp_path_factory.mktemp("servers-data")
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SYSDOJO_DATA_DIR": str(data),  # shared by both servers: one secret key, one search index
            "SYSDOJO_DEBUG": "0",
            "SYSDOJO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "sysdojo.web.settings",
        }
        env.pop("SYSDOJO_SECRET_KEY", None)
        run_ok([str(BIN / "sysdojo"), "manage", "migrate", "--noinput"], env)
        run_ok([str(BIN / "sysdojo"), "content", "sync", "--content", str(FIXTURE_CONTENT)], env)
        run_ok([str(BIN / "sysdojo"), "manage", "collectstatic", "--noinput"], env)
        bases = []
        for number in (1, 2):
            port = free_port()
            log = data / f"gunicorn-{number}.log"
            process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "sysdojo.web.wsgi:application",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--no-control-socket",  # gunicorn 27's default socket path is shared machine-wide
                    "--access-logfile",
                    "-",
                ],
                env=env,
                cwd=REPO,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(base, process, log)
            bases.append(base)
        yield Servers(one=bases[0], two=bases[1], database_url=database_url)
    finally:
        stop(*processes)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@dataclass
class Reply:
    status: int
    url: str
    body: str


class Browser:
    """A visitor with a cookie jar, talking to whichever server it is told to."""

    def __init__(self, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(
        self,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> Reply:
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=30) as response:
                return Reply(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, url, exc.read().decode(errors="replace"))

    def get(self, url: str) -> Reply:
        return self.request(url)

    def form_token(self, url: str) -> str:
        # A first visit is served the shared page without a token; the page's script fetches /csrf.
        if not any(cookie.name == "csrftoken" for cookie in self.jar):
            self.get(url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/csrf")
        reply = self.get(url)
        assert reply.status == 200, f"GET {url}: {reply.status}\n{reply.body[:500]}"
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body)
        assert match, f"no CSRF token in {url}"
        return match.group(1)

    def post_form(self, page: str, url: str, fields: dict[str, str]) -> Reply:
        """GET the page holding the form (for its token), then POST the form, as a browser does."""
        token = self.form_token(page)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request(url, body, {"Referer": page})

    def csrf_cookie(self) -> str:
        return next(str(c.value) for c in self.jar if c.name == "csrftoken")

    def put_json(self, url: str, payload: object) -> Reply:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf_cookie()}
        return self.request(url, json.dumps(payload).encode(), headers, method="PUT")


def sign_up(browser: Browser, base: str, username: str) -> None:
    reply = browser.post_form(
        f"{base}/accounts/signup/",
        f"{base}/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert reply.status == 200 and reply.url == f"{base}/", (
        f"sign-up failed: {reply.status} {reply.body[:1000]}"
    )
    assert "Log out" in reply.body


def log_in(browser: Browser, base: str, username: str) -> None:
    # The token comes from a lesson's form: any page of the site gives this browser its CSRF cookie.
    reply = browser.post_form(
        f"{base}/learn/caching/", f"{base}/accounts/login/", {"username": username, "password": PASSWORD}
    )
    assert reply.status == 200 and reply.url == f"{base}/", (
        f"log-in failed: {reply.status} {reply.body[:1000]}"
    )
    assert "Log out" in reply.body


def test_a_status_set_through_one_server_is_served_by_the_other(servers: Servers) -> None:
    first = Browser()
    sign_up(first, servers.one, "ada")
    reply = first.post_form(
        f"{servers.one}/learn/caching/", f"{servers.one}/learn/caching/status", {"status": "mastered"}
    )
    assert reply.status == 200 and reply.url == f"{servers.one}/learn/caching/"
    assert 'value="mastered" class="sd-status-button" aria-pressed="true"' in reply.body

    second = Browser()  # another browser, logging in through the other server
    log_in(second, servers.two, "ada")
    learn = second.get(f"{servers.two}/").body
    assert "1/3 mastered" in learn
    assert 'data-status="mastered">mastered</span>' in learn
    progress = json.loads(second.get(f"{servers.two}/api/progress").body)
    assert [(p["page_id"], p["status"]) for p in progress] == [("caching", "mastered")]
    # The first browser's session lives in the database too, so server 2 knows it as well.
    assert "1/3 mastered" in first.get(f"{servers.two}/").body


def test_anonymous_progress_merges_across_servers(servers: Servers) -> None:
    browser = Browser()
    reply = browser.post_form(
        f"{servers.two}/learn/idempotency/", f"{servers.two}/learn/idempotency/status", {"status": "learning"}
    )
    assert reply.status == 200
    sign_up(browser, servers.one, "grace")
    progress = json.loads(browser.get(f"{servers.two}/api/progress").body)
    assert [(p["page_id"], p["status"]) for p in progress] == [("idempotency", "learning")]


def test_concurrent_writes_through_both_servers(servers: Servers) -> None:
    owner = Browser()
    sign_up(owner, servers.one, "hopper")
    errors: list[str] = []

    def work(number: int) -> None:
        browser = Browser(owner.jar)  # the same session, from several tabs at once
        base = servers.one if number % 2 else servers.two
        for round_ in range(5):
            status = ("not-started", "learning", "mastered")[(number + round_) % 3]
            reply = browser.put_json(f"{base}/api/progress/caching", {"status": status})
            if reply.status != 200:
                errors.append(f"{base}: {reply.status} {reply.body[:300]}")
            reply = browser.put_json(f"{base}/api/notes/caching", {"text": f"tab {number}"})
            if reply.status != 200:
                errors.append(f"{base}: {reply.status} {reply.body[:300]}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with psycopg.connect(servers.database_url) as db:
        rows = db.execute(
            "SELECT p.page_id, count(*) FROM study_progress p JOIN study_learner l ON l.id = p.learner_id "
            "JOIN auth_user u ON u.id = l.user_id WHERE u.username = 'hopper' GROUP BY p.page_id"
        ).fetchall()
        learners = db.execute(
            "SELECT count(*) FROM study_learner l JOIN auth_user u ON u.id = l.user_id "
            "WHERE u.username = 'hopper'"
        ).fetchone()
    assert rows == [("caching", 1)]
    assert learners == (1,)


def test_a_note_with_a_nul_character_is_refused_not_a_server_error(servers: Servers) -> None:
    """PostgreSQL text cannot hold NUL: the API must refuse such a note with 400, not fail with 500."""
    browser = Browser()
    browser.get(f"{servers.one}/csrf")  # what the page's script does for a first-time visitor
    reply = browser.put_json(f"{servers.one}/api/notes/caching", {"text": "before\u0000after"})
    assert reply.status == 400, f"PUT /api/notes with a NUL character answered {reply.status}"


def test_an_import_with_a_nul_character_is_refused_not_a_server_error(servers: Servers) -> None:
    browser = Browser()
    token = browser.form_token(f"{servers.one}/data/")
    export = {
        "format": "sysdojo-export",
        "version": 1,
        "exported_at": "2024-01-01T00:00:00+00:00",
        "last_page_id": "",
        "progress": [],
        "notes": [{"page_id": "caching", "text": "a\u0000b", "updated_at": "2024-01-01T00:00:00+00:00"}],
    }
    boundary = "----sysdojo" + uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="nul.json"\r\n'
        f"Content-Type: application/json\r\n\r\n{json.dumps(export)}\r\n--{boundary}--\r\n"
    ).encode()
    reply = browser.request(
        f"{servers.one}/data/",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"{servers.one}/data/"},
    )
    assert reply.status == 400, f"importing a note with a NUL character answered {reply.status}"
    assert "nul.json: notes[0].text" in reply.body
