"""Web tests run against the small curriculum in tests/fixtures/content, synced once per session.

The test database is a real SQLite file (with the production options: WAL, BEGIN IMMEDIATE, a busy
timeout), not Django's default in-memory database, so the concurrency tests meet real file locking.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from sysdojo.web.catalog.services import curriculum_sync

FIXTURE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content"
PASSWORD = "correct horse battery"

UserFactory = Callable[..., User]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On SQLite, test against a database file in the private data folder instead of memory."""
    default = settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.sqlite3":
        default.setdefault("TEST", {})
        default["TEST"]["NAME"] = str(data_dir() / "test-sysdojo.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        curriculum_sync(content_dir=FIXTURE_CONTENT)
    yield


@pytest.fixture
def user_factory(db: None) -> UserFactory:
    def make(username: str = "ada", password: str = PASSWORD) -> User:
        return User.objects.create_user(username=username, password=password, email=f"{username}@example.org")

    return make


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF, like a browser would meet it."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def content_copy(db: None, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the fixture content to edit; the fixture content is synced again afterwards."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    yield folder
    curriculum_sync(content_dir=FIXTURE_CONTENT)


@pytest.fixture
def synced(transactional_db: None) -> None:
    """For transactional tests: the flush after an earlier transactional test empties the catalog."""
    curriculum_sync(content_dir=FIXTURE_CONTENT)


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def csrf_token_of(client: Client, url: str = "/") -> str:
    """GET a page the way a browser does and return the CSRF token its form carries.

    A first visit is served a shared page without a token; sysdojo.js then fetches /csrf, so the
    client does the same before it reads the form.
    """
    if "csrftoken" not in client.cookies:
        client.get("/csrf")
    body = client.get(url).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match, f"no CSRF token in the form of {url}"
    return match.group(1)


def login(client: Client, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form (django-axes refuses Client.login without a request)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, f"login as {username} failed: {response.status_code}"
