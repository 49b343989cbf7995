"""Accounts: sign-up and log-in merge the anonymous learner; argon2; django-axes; password pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import (
    MERGED_NOTE_SEPARATOR,
    SESSION_KEY,
    learner_for_user,
    note_save,
    progress_set,
)

from .conftest import PASSWORD, UserFactory, login

pytestmark = pytest.mark.django_db

EARLY = datetime(2024, 1, 1, tzinfo=UTC)
LATE = datetime(2030, 1, 1, tzinfo=UTC)


def anonymous_learner(client: Client) -> Learner:
    learner_id = client.session[SESSION_KEY]
    return Learner.objects.get(pk=learner_id, user__isnull=True)


def statuses(learner: Learner) -> dict[str, str]:
    return dict(Progress.objects.filter(learner=learner).values_list("page_id", "status"))


def signup(client: Client, username: str) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/"


def test_signup_page_renders(client: Client) -> None:
    body = client.get("/accounts/signup/").content.decode()
    assert "Create an account" in body and 'name="password2"' in body


def test_signup_merges_anonymous_progress_and_notes(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "mastered"})
    client.post("/learn/idempotency/status", {"status": "learning"})
    client.post("/learn/caching/note", {"text": "TTL + jitter"})
    client.get("/learn/idempotency/")
    anonymous = anonymous_learner(client)

    signup(client, "grace")

    user = User.objects.get(username="grace")
    learner = Learner.objects.get(user=user)
    assert statuses(learner) == {"caching": "mastered", "idempotency": "learning"}
    assert Note.objects.get(learner=learner, page_id="caching").text == "TTL + jitter"
    assert learner.last_page_id == "idempotency"
    assert not Learner.objects.filter(pk=anonymous.pk).exists()
    assert SESSION_KEY not in client.session
    # The pages now show the account's data.
    assert "Continue: Idempotency" in client.get("/").content.decode()
    assert "1/3 mastered, 1 learning" in client.get("/").content.decode()
    assert "TTL + jitter</textarea>" in client.get("/learn/caching/").content.decode()


def test_signup_without_anonymous_data_makes_an_empty_learner(client: Client) -> None:
    signup(client, "hopper")
    learner = Learner.objects.get(user__username="hopper")
    assert statuses(learner) == {}


def test_signup_refuses_a_weak_password(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {"username": "weak", "email": "w@example.org", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_login_merges_into_an_existing_account(client: Client, user_factory: UserFactory) -> None:
    user = user_factory("ada")
    account = learner_for_user(user=user)
    progress_set(learner=account, page_id="caching", status="mastered", at=EARLY)  # older: loses
    progress_set(learner=account, page_id="idempotency", status="mastered", at=LATE)  # newer: wins
    progress_set(learner=account, page_id="gone-page", status="learning", at=EARLY)  # untouched
    note_save(learner=account, page_id="caching", text="account note", at=EARLY)
    note_save(learner=account, page_id="idempotency", text="same words", at=EARLY)

    client.post("/learn/caching/status", {"status": "learning"})
    client.post("/learn/idempotency/status", {"status": "learning"})
    client.post("/learn/track-first-time/status", {"status": "mastered"})
    client.post("/learn/caching/note", {"text": "anonymous note"})
    client.post("/learn/idempotency/note", {"text": "  same words  "})
    client.post("/learn/track-first-time/note", {"text": "only here"})
    anonymous = anonymous_learner(client)

    login(client, "ada")

    assert statuses(account) == {
        "caching": "learning",
        "idempotency": "mastered",
        "gone-page": "learning",
        "track-first-time": "mastered",
    }
    notes = dict(Note.objects.filter(learner=account).values_list("page_id", "text"))
    assert notes["caching"] == "account note" + MERGED_NOTE_SEPARATOR + "anonymous note\n"
    assert notes["caching"].index("account note") < notes["caching"].index("anonymous note")
    assert notes["idempotency"] == "same words"
    assert notes["track-first-time"] == "only here"
    assert not Learner.objects.filter(pk=anonymous.pk).exists()
    assert Learner.objects.count() == 1


def test_login_merge_fills_an_empty_account_note(client: Client, user_factory: UserFactory) -> None:
    account = learner_for_user(user=user_factory("ada"))
    note_save(learner=account, page_id="caching", text="", at=EARLY)
    client.post("/learn/caching/note", {"text": "from the session"})
    login(client, "ada")
    assert Note.objects.get(learner=account, page_id="caching").text == "from the session"


def test_login_then_writes_go_to_the_account(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    login(client, "ada")
    client.post("/learn/caching/status", {"status": "learning"})
    assert statuses(Learner.objects.get(user__username="ada")) == {"caching": "learning"}
    assert not Learner.objects.filter(user__isnull=True).exists()


def test_password_is_hashed_with_argon2(client: Client) -> None:
    signup(client, "lovelace")
    user = User.objects.get(username="lovelace")
    assert user.password.startswith("argon2")
    assert PASSWORD not in user.password


def test_axes_locks_out_after_five_failed_logins(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    for attempt in range(5):
        response = client.post("/accounts/login/", {"username": "ada", "password": f"wrong-{attempt}"})
        assert "_auth_user_id" not in client.session
        assert response.status_code in (200, 429)
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code != 302, "the 6th attempt, with the right password, was let in"
    assert response.status_code in (403, 429)
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failed_logins_do_not_lock_out(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    for attempt in range(4):
        client.post("/accounts/login/", {"username": "ada", "password": f"wrong-{attempt}"})
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="ada").pk)


def test_password_change_page(client: Client, user_factory: UserFactory) -> None:
    assert client.get("/accounts/password_change/")["Location"].startswith("/accounts/login/")
    user_factory("ada")
    login(client, "ada")
    body = client.get("/accounts/password_change/").content.decode()
    assert "Change your password" in body and 'name="old_password"' in body
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new secret 42",
            "new_password2": "a brand new secret 42",
        },
    )
    assert response.status_code == 302
    assert "Password changed" in client.get(response["Location"]).content.decode()
    user = User.objects.get(username="ada")
    assert user.check_password("a brand new secret 42")
    assert user.password.startswith("argon2")


def test_password_reset_sends_an_email_with_a_working_link(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    body = client.get("/accounts/password_reset/").content.decode()
    assert "Reset your password" in body
    response = client.post("/accounts/password_reset/", {"email": "ada@example.org"})
    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.from_email == "sysdojo@localhost"
    match = re.search(r"(/accounts/reset/[^/\s]+/[^/\s]+/)", str(message.body))
    assert match, message.body
    response = client.get(match.group(1))
    assert response.status_code == 302  # Django swaps the token for a session marker
    form_url = response["Location"]
    assert "Choose a new password" in client.get(form_url).content.decode()
    done = client.post(form_url, {"new_password1": "reset secret 4242", "new_password2": "reset secret 4242"})
    assert done.status_code == 302
    assert "Password set" in client.get(done["Location"]).content.decode()
    assert User.objects.get(username="ada").check_password("reset secret 4242")


def test_password_reset_for_an_unknown_address_sends_nothing(client: Client) -> None:
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_logout_is_post_only(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    login(client, "ada")
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Log in" in client.get("/").content.decode()


def test_logout_button_is_a_form_post(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    login(client, "ada")
    body = client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/"[^>]*>', body)


def test_after_logout_the_account_data_is_not_shown(client: Client, user_factory: UserFactory) -> None:
    user_factory("ada")
    login(client, "ada")
    client.post("/learn/caching/status", {"status": "mastered"})
    client.post("/accounts/logout/")
    assert "0/3 mastered" in client.get("/").content.decode()


def test_login_page_renders(client: Client) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert "Log in" in body and 'name="username"' in body
