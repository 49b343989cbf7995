"""Browser tests: a real gunicorn server (production settings, SQLite file, fixture content) driven by
Debian's Chromium through Playwright. Every test fails on a console error (CSP violations are reported
there) or an uncaught script error, and leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from tests.processes import free_port, run_ok, stop, wait_until_serving

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"


def _serve(content: Path, data: Path) -> Iterator[str]:
    """gunicorn serving `content` from a fresh SQLite file in `data`, static files collected."""
    env = {
        **os.environ,
        "SYSDOJO_DATA_DIR": str(data),
        "SYSDOJO_DEBUG": "0",
        "SYSDOJO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "sysdojo.web.settings",
    }
    env.pop("DATABASE_URL", None)
    run_ok([str(BIN / "sysdojo"), "manage", "migrate", "--noinput"], env)
    run_ok([str(BIN / "sysdojo"), "content", "sync", "--content", str(content)], env)
    run_ok([str(BIN / "sysdojo"), "manage", "collectstatic", "--noinput"], env)
    port = free_port()
    log = data / "gunicorn.log"
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "sysdojo.web.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
        ],
        env=env,
        cwd=REPO,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, log)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving the small fixture curriculum."""
    yield from _serve(FIXTURE_CONTENT, tmp_path_factory.mktemp("browser-data"))


@pytest.fixture(scope="session")
def curriculum_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving the real, bundled curriculum (content/)."""
    yield from _serve(REPO / "content", tmp_path_factory.mktemp("curriculum-data"))


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium, "
            "or `make system-deps`)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@dataclass
class Problems:
    """What went wrong in the page during a test: console errors (CSP reports among them), script errors."""

    console: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    server: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.console, *self.scripts, *self.server]


@dataclass
class Tab:
    page: Page
    base: str
    problems: Problems

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None and response.ok, (
            f"GET {path}: {response.status if response else 'no response'}"
        )


def _watch(page: Page, problems: Problems) -> None:
    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.scripts.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.server.append(f"{response.status} {response.url}") if response.status >= 500 else None
        ),
    )


def _artifact_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)


def open_tab(
    browser: Browser, base: str, request: pytest.FixtureRequest, *, width: int = 1280, height: int = 900
) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=base)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = Problems()
    _watch(page, problems)
    try:
        yield Tab(page=page, base=base, problems=problems)
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request)}.png"), full_page=True)
        context.close()
    assert problems.all() == [], "the page reported problems:\n" + "\n".join(problems.all())


@pytest.fixture
def tab(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh browser profile (no cookies: a new anonymous visitor) on a desktop-sized window."""
    yield from open_tab(browser, base_url, request)


@pytest.fixture
def curriculum_tab(browser: Browser, curriculum_url: str, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A new anonymous visitor on the real curriculum."""
    yield from open_tab(browser, curriculum_url, request)


@pytest.fixture
def phone_tab(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh profile on a 360 px wide screen."""
    yield from open_tab(browser, base_url, request, width=360, height=780)
