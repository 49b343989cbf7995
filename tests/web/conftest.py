"""Web tests run against the small curriculum in tests/fixtures/content, synced once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from sysdojo.web.catalog.services import curriculum_sync

FIXTURE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        curriculum_sync(content_dir=FIXTURE_CONTENT)
    yield


@pytest.fixture
def user_factory(db: None) -> object:
    def make(username: str = "ada", password: str = "correct horse battery") -> User:
        return User.objects.create_user(username=username, password=password, email=f"{username}@example.org")

    return make


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF, like a browser would meet it."""
    return Client(enforce_csrf_checks=True)


def data_dir() -> Path:
    return Path(settings.DATA_DIR)
