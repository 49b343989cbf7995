"""The review app on a real SQLite file: the queue, ratings, the log replay, settings, merge, Anki."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from sysdojo.web.catalog.models import Page
from sysdojo.web.review.anki import anki_deck_build
from sysdojo.web.review.models import CardState, ReviewLog, ReviewSettings
from sysdojo.web.review.selectors import review_cards_of, review_queue
from sysdojo.web.review.services import (
    review_rate,
    review_settings_set,
    review_state_rebuild,
)
from sysdojo.web.study.models import Learner
from sysdojo.web.study.services import progress_set

from ..conftest import UserFactory, csrf_token_of, login
from .test_scheduling import deck_guids

pytestmark = pytest.mark.django_db
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
STATE_FIELDS = ("page_id", "card_key", "state", "step", "stability", "difficulty", "due", "last_review")
STATE_FIELDS += ("first_review", "reps", "lapses")


def studying(*page_ids: str) -> Learner:
    learner = Learner.objects.create()
    for page_id in page_ids:
        progress_set(learner=learner, page_id=page_id, status="learning")
    return learner


def states(learner: Learner) -> list[tuple[Any, ...]]:
    return list(
        CardState.objects.filter(learner=learner).order_by("page_id", "card_key").values_list(*STATE_FIELDS)
    )


def counts(body: str) -> dict[str, int]:
    return {name: int(n) for name, n in re.findall(r'data-count="(\w+)">(\d+)<', body)}


def test_cards_of_pages_being_learned_or_mastered_enter_the_queue() -> None:
    learner = studying("caching")
    cards = review_cards_of(learner=learner)
    assert [c.kind for c in cards] == ["flashcard", "flashcard", "mastery"]
    assert (
        cards[-1].question
        == "You pick a pattern, an eviction policy and an invalidation rule and defend them."
    )
    progress_set(learner=learner, page_id="track-first-time", status="mastered")
    progress_set(learner=learner, page_id="idempotency", status="not-started")
    assert {c.page_id for c in review_cards_of(learner=learner)} == {"caching", "track-first-time"}
    queue = review_queue(learner=learner)
    assert (queue.due_now, queue.new, queue.later_today) == (0, 4, 0)
    assert queue.card == cards[0] and queue.card_is_new


def test_due_cards_appear_before_new_ones_and_the_new_limit_holds() -> None:
    learner = studying("caching", "idempotency")
    now = timezone.now()
    review_settings_set(learner=learner, desired_retention=0.9, new_per_day=2)
    first = review_queue(learner=learner, now=now).card
    assert first is not None
    review_rate(learner=learner, page_id=first.page_id, card_key=first.key, rating=1, at=now)
    queue = review_queue(learner=learner, now=now)
    assert (queue.due_now, queue.new, queue.later_today) == (0, 1, 1), "Again: back later today"
    queue = review_queue(learner=learner, now=now + timedelta(minutes=2))
    assert queue.due_now == 1 and queue.card == first, "a due card comes before new cards"
    second = review_queue(learner=learner, now=now).card
    assert second is not None and second != first
    review_rate(learner=learner, page_id=second.page_id, card_key=second.key, rating=3, at=now)
    assert review_queue(learner=learner, now=now).new == 0, "two new cards a day, both introduced"


def test_a_rating_reschedules_again_soon_and_easy_later() -> None:
    learner = studying("caching")
    cards = review_cards_of(learner=learner)
    now = timezone.now()
    again = review_rate(learner=learner, page_id="caching", card_key=cards[0].key, rating=1, at=now)
    easy = review_rate(learner=learner, page_id="caching", card_key=cards[1].key, rating=4, at=now)
    assert again.due - now <= timedelta(minutes=10)
    assert easy.due - now >= timedelta(days=1)
    assert ReviewLog.objects.filter(learner=learner).count() == 2


def test_bad_ratings_are_refused_without_writing() -> None:
    learner = studying("caching")
    key = review_cards_of(learner=learner)[0].key
    with pytest.raises(ValueError, match="rating must be"):
        review_rate(learner=learner, page_id="caching", card_key=key, rating=0)
    with pytest.raises(ValueError, match="no such card"):
        review_rate(learner=learner, page_id="idempotency", card_key=key, rating=3)
    with pytest.raises(ValueError, match="no such card"):
        review_rate(learner=learner, page_id="caching", card_key="0" * 16, rating=3)
    assert not ReviewLog.objects.exists() and not CardState.objects.exists()


def test_the_log_replays_to_the_same_state() -> None:
    learner = studying("caching", "idempotency")
    cards = review_cards_of(learner=learner)
    now = timezone.now()
    for step, rating in enumerate((3, 1, 3, 4, 2, 3, 1, 3)):
        card = cards[step % len(cards)]
        at = now + timedelta(days=step * 2, minutes=step)
        if step == 4:
            review_settings_set(learner=learner, desired_retention=0.8)
        review_rate(learner=learner, page_id=card.page_id, card_key=card.key, rating=rating, at=at)
    before = states(learner)
    assert len(before) == 5
    assert review_state_rebuild(learner=learner) == 5
    assert states(learner) == before
    assert {log.desired_retention for log in ReviewLog.objects.filter(learner=learner)} == {0.9, 0.8}


def test_settings_validate_the_retention() -> None:
    learner = studying()
    with pytest.raises(ValueError, match=r"from 0\.70 to 0\.99"):
        review_settings_set(learner=learner, desired_retention=0.6)
    with pytest.raises(ValueError, match="new cards a day"):
        review_settings_set(learner=learner, desired_retention=0.9, new_per_day=-1)
    assert not ReviewSettings.objects.exists()
    assert review_settings_set(learner=learner, desired_retention=0.85).new_per_day == 20


def test_the_queue_page_and_an_htmx_rating(client: Client) -> None:
    assert "Nothing to review" in client.get("/review/").content.decode()
    assert not Learner.objects.exists(), "reading the queue creates no learner"
    client.post("/learn/caching/status", {"status": "learning"})
    body = client.get("/review/").content.decode()
    assert counts(body) == {"due": 0, "new": 3, "later": 0}
    key = re.search(r'name="card_key" value="([0-9a-f]{16})"', body)
    assert key and "What hit ratio should a static-asset cache reach?" in body
    response = client.post(
        "/review/rate", {"page_id": "caching", "card_key": key.group(1), "rating": "3"}, **HTMX
    )
    fragment = response.content.decode()
    assert response.status_code == 200 and fragment.startswith('<div id="sd-review"')
    assert counts(fragment) == {"due": 0, "new": 2, "later": 1}
    assert "Why jitter TTLs?" in fragment


def test_bad_posts_get_a_message_not_a_500(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "learning"})
    response = client.post("/review/rate", {"page_id": "caching", "card_key": "nope", "rating": "9"}, **HTMX)
    assert response.status_code == 400 and "Not rated" in response.content.decode()
    response = client.post("/review/rate", {"page_id": "caching", "card_key": "0" * 16, "rating": "3"})
    assert response.status_code == 302
    assert "no such card" in client.get("/review/").content.decode()
    response = client.post("/review/settings", {"desired_retention": "1.5", "new_per_day": "20"}, **HTMX)
    assert response.status_code == 400 and "less than or equal to 0.99" in response.content.decode()
    assert not ReviewLog.objects.exists() and not ReviewSettings.objects.exists()
    response = client.post("/review/settings", {"desired_retention": "0.95", "new_per_day": "5"}, **HTMX)
    assert response.status_code == 200 and "Saved." in response.content.decode()
    assert ReviewSettings.objects.get().desired_retention == 0.95
    assert counts(client.get("/review/").content.decode())["new"] == 3


def test_the_forms_need_a_csrf_token(csrf_client: Client) -> None:
    response = csrf_client.post("/review/settings", {"desired_retention": "0.9", "new_per_day": "20"})
    assert response.status_code == 403
    token = csrf_token_of(csrf_client, "/review/")
    response = csrf_client.post(
        "/review/settings", {"desired_retention": "0.9", "new_per_day": "20", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_merge_on_login_keeps_both_logs_and_rebuilds(client: Client, user_factory: UserFactory) -> None:
    user = user_factory("grace")
    account = Learner.objects.create(user=user)
    progress_set(learner=account, page_id="caching", status="learning")
    review_settings_set(learner=account, desired_retention=0.95)
    shared = review_cards_of(learner=account)[0]
    now = timezone.now()
    review_rate(learner=account, page_id="caching", card_key=shared.key, rating=3, at=now - timedelta(days=3))

    client.post("/learn/caching/status", {"status": "learning"})
    visitor = Learner.objects.get(user__isnull=True)
    review_settings_set(learner=visitor, desired_retention=0.75)
    review_rate(learner=visitor, page_id="caching", card_key=shared.key, rating=1, at=now - timedelta(days=1))
    only_mine = review_cards_of(learner=visitor)[2]
    review_rate(learner=visitor, page_id="caching", card_key=only_mine.key, rating=4, at=now)

    login(client, "grace")
    assert not Learner.objects.filter(pk=visitor.pk).exists()
    assert ReviewLog.objects.filter(learner=account).count() == 3
    assert CardState.objects.filter(learner=account).count() == 2
    merged = CardState.objects.get(learner=account, card_key=shared.key)
    assert merged.reps == 2 and merged.first_review == now - timedelta(days=3)
    assert ReviewSettings.objects.get(learner=account).desired_retention == 0.95, "the account's settings win"
    before = states(account)
    review_state_rebuild(learner=account)
    assert states(account) == before


def test_merge_moves_settings_when_the_account_has_none(client: Client, user_factory: UserFactory) -> None:
    user_factory("alan")
    client.post("/review/settings", {"desired_retention": "0.8", "new_per_day": "7"})
    login(client, "alan")
    settings = ReviewSettings.objects.get()
    assert settings.learner.user is not None and settings.new_per_day == 7


def test_anki_deck_download_and_stable_guids(client: Client) -> None:
    response = client.get("/review/anki.apkg")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('sysdojo.apkg"')
    notes = deck_guids(response.content)
    assert len(notes) == 3 + 2 + 1, (
        "caching: 2 flashcards + mastery; idempotency: 1 + mastery; track: mastery"
    )
    pages = list(Page.objects.all())
    assert set(deck_guids(anki_deck_build(pages=pages))) == set(notes)
    caching = next(p for p in pages if p.id == "caching")
    caching.flashcards = [{**caching.flashcards[0], "a": "At least 95%."}, *caching.flashcards[1:]]
    edited = deck_guids(anki_deck_build(pages=pages))
    assert set(edited) == set(notes)
    assert any("At least 95%." in fields for _, fields in edited.values())


@pytest.mark.parametrize(("zone", "new_at_18_40_utc"), [("Asia/Kolkata", 1), ("UTC", 0)])
def test_the_new_card_day_starts_at_midnight_where_the_learner_is(
    settings: SettingsWrapper, zone: str, new_at_18_40_utc: int
) -> None:
    """SYSDOJO_TIME_ZONE sets TIME_ZONE: 18:40 UTC is already tomorrow (00:10) in India, not in London."""
    settings.TIME_ZONE = zone
    learner = studying("caching")
    review_settings_set(learner=learner, desired_retention=0.9, new_per_day=1)
    evening = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # 23:30 in India
    card = review_queue(learner=learner, now=evening).card
    assert card is not None
    review_rate(learner=learner, page_id=card.page_id, card_key=card.key, rating=4, at=evening)
    assert review_queue(learner=learner, now=evening + timedelta(minutes=20)).new == 0
    assert review_queue(learner=learner, now=evening + timedelta(minutes=40)).new == new_at_18_40_utc
