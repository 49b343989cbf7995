"""Concurrent writers on the SQLite file: WAL, BEGIN IMMEDIATE and the busy timeout must keep every
write, with no "database is locked" and exactly one row per learner and page."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import learner_for_user, note_save, progress_set

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ROUNDS = 15
STATUSES = ("not-started", "learning", "mastered")


def run_threads(work: Callable[[int], None], count: int = THREADS) -> list[BaseException]:
    """Start `count` threads at once; return what they raised. Each closes its own connection."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def target(number: int) -> None:
        try:
            barrier.wait()
            work(number)
        except BaseException as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer thread hung"
    return errors


def test_the_database_is_a_wal_file_with_immediate_transactions() -> None:
    if connection.vendor == "postgresql":  # the suite's PostgreSQL run: the writers below still run
        assert connection.settings_dict["NAME"].startswith("test_")
        return
    assert connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA database_list")
        files = [row[2] for row in cursor.fetchall()]
    assert any(f.endswith(".sqlite3") for f in files), files  # a real file, not memory
    assert getattr(connection, "transaction_mode", None) == "IMMEDIATE"


def test_threads_writing_the_same_page_and_different_pages() -> None:
    learner = Learner.objects.create()
    pages = ["caching", "idempotency", "track-first-time", "shared"]

    def work(number: int) -> None:
        for round_ in range(ROUNDS):
            progress_set(learner=learner, page_id="shared", status=STATUSES[(number + round_) % 3])
            progress_set(learner=learner, page_id=pages[number % 3], status=STATUSES[round_ % 3])
            progress_set(learner=learner, page_id=f"page-{number}", status="learning")
            note_save(learner=learner, page_id="shared", text=f"thread {number} round {round_}")

    errors = run_threads(work)
    assert errors == [], "\n".join(repr(e) for e in errors)
    ids = list(Progress.objects.filter(learner=learner).values_list("page_id", flat=True))
    assert len(ids) == len(set(ids)), "two rows for one page"
    assert set(ids) == {*pages, *(f"page-{n}" for n in range(THREADS))}
    assert Note.objects.filter(learner=learner).count() == 1
    assert Note.objects.get(learner=learner).text.startswith("thread ")


def test_first_writes_race_to_create_the_same_row() -> None:
    """Many threads creating the same (learner, page) row at once: one row, no IntegrityError."""
    for attempt in range(10):
        learner = Learner.objects.create()

        def work(number: int, learner: Learner = learner) -> None:
            progress_set(learner=learner, page_id="caching", status=STATUSES[number % 3])

        errors = run_threads(work)
        assert errors == [], "\n".join(repr(e) for e in errors)
        assert Progress.objects.filter(learner=learner, page_id="caching").count() == 1, attempt


def test_concurrent_requests_of_one_account(synced: None) -> None:
    """The same account in several browsers posting at once, through the whole request cycle."""
    user = User.objects.create_user("ada", password=PASSWORD)
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)

    def work(number: int) -> None:
        client = clients[number]
        for round_ in range(5):
            for page in ("caching", "idempotency"):
                response = client.post(
                    f"/learn/{page}/status",
                    {"status": STATUSES[(number + round_) % 3]},
                    HTTP_HX_REQUEST="true",
                )
                assert response.status_code == 200, response.status_code
            response = client.post("/learn/caching/note", {"text": f"from {number}"}, HTTP_HX_REQUEST="true")
            assert response.status_code == 200, response.status_code
            assert client.get("/").status_code == 200

    errors = run_threads(work)
    assert errors == [], "\n".join(repr(e) for e in errors)
    assert Learner.objects.count() == 1
    learner = learner_for_user(user=user)
    assert sorted(Progress.objects.filter(learner=learner).values_list("page_id", flat=True)) == [
        "caching",
        "idempotency",
    ]
    assert Note.objects.filter(learner=learner).count() == 1


def test_first_requests_of_a_new_account_race_to_create_its_learner(synced: None) -> None:
    user = User.objects.create_user("grace", password=PASSWORD)
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    assert not Learner.objects.exists()

    def work(number: int) -> None:
        response = clients[number].post("/learn/caching/status", {"status": "learning"})
        assert response.status_code == 302, response.status_code

    errors = run_threads(work)
    assert errors == [], "\n".join(repr(e) for e in errors)
    assert Learner.objects.filter(user=user).count() == 1
    assert Progress.objects.filter(page_id="caching").count() == 1
