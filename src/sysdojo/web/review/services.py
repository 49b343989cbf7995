"""Writes of the review app: ratings, settings, rebuilding states from the log, merging on login.

A rating appends to the log and then replays that card's log into its CardState, inside one short
transaction: the state is always exactly what the log says, even when two ratings race (the later
replay sees both). No row locks, as in the study app.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from sysdojo.core.scheduling.memory import RATINGS, Memory, Review, memory_replay, retention_problem
from sysdojo.web.review.models import CardState, ReviewLog, ReviewSettings
from sysdojo.web.review.selectors import card_memory_replay, review_card_get, review_settings_of
from sysdojo.web.study.models import Learner

NEW_PER_DAY_MAX = 500


def _state_fields(memory: Memory, first_review: datetime) -> dict[str, object]:
    return {
        "state": memory.state,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
        "first_review": first_review,
        "reps": memory.reps,
        "lapses": memory.lapses,
    }


def _card_state_write(*, learner: Learner, page_id: str, card_key: str) -> CardState:
    memory = card_memory_replay(learner=learner, page_id=page_id, card_key=card_key)
    assert memory is not None, "called after a review was logged"
    first = (
        ReviewLog.objects.filter(learner=learner, page_id=page_id, card_key=card_key)
        .order_by("reviewed_at")
        .values_list("reviewed_at", flat=True)
        .first()
    )
    assert first is not None
    fields = _state_fields(memory, first)
    rows = CardState.objects.filter(learner=learner, page_id=page_id, card_key=card_key)
    if not rows.update(**fields):
        try:
            with transaction.atomic():
                CardState.objects.create(learner=learner, page_id=page_id, card_key=card_key, **fields)
        except IntegrityError:  # a concurrent rating created it: its replay and ours agree on the log
            rows.update(**fields)
    return CardState.objects.get(learner=learner, page_id=page_id, card_key=card_key)


def review_rate(
    *, learner: Learner, page_id: str, card_key: str, rating: int, at: datetime | None = None
) -> CardState:
    """Log a rating (1 Again, 2 Hard, 3 Good, 4 Easy) of a card the learner studies; reschedule it."""
    if rating not in RATINGS:
        raise ValueError("rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    if review_card_get(learner=learner, page_id=page_id, card_key=card_key) is None:
        raise ValueError("no such card among the pages you are learning")
    when = at or timezone.now()
    retention = review_settings_of(learner=learner).desired_retention
    with transaction.atomic():
        ReviewLog.objects.create(
            learner=learner,
            page_id=page_id,
            card_key=card_key,
            rating=rating,
            reviewed_at=when,
            desired_retention=retention,
        )
        return _card_state_write(learner=learner, page_id=page_id, card_key=card_key)


def review_settings_set(
    *, learner: Learner, desired_retention: float, new_per_day: int | None = None
) -> ReviewSettings:
    problem = retention_problem(desired_retention)
    if problem:
        raise ValueError(problem)
    current = review_settings_of(learner=learner)
    per_day = current.new_per_day if new_per_day is None else new_per_day
    if not 0 <= per_day <= NEW_PER_DAY_MAX:
        raise ValueError(f"new cards a day must be from 0 to {NEW_PER_DAY_MAX}")
    fields = {"desired_retention": desired_retention, "new_per_day": per_day, "updated_at": timezone.now()}
    with transaction.atomic():
        if not ReviewSettings.objects.filter(learner=learner).update(**fields):
            try:
                with transaction.atomic():
                    ReviewSettings.objects.create(learner=learner, **fields)
            except IntegrityError:
                ReviewSettings.objects.filter(learner=learner).update(**fields)
    return ReviewSettings.objects.get(learner=learner)


def review_state_rebuild(*, learner: Learner) -> int:
    """Replace every CardState of the learner by a replay of the log; returns the number of cards."""
    reviews: dict[tuple[str, str], list[Review]] = defaultdict(list)
    firsts: dict[tuple[str, str], datetime] = {}
    for log in ReviewLog.objects.filter(learner=learner).order_by("reviewed_at", "pk"):
        identity = (log.page_id, log.card_key)
        reviews[identity].append(Review(log.rating, log.reviewed_at, log.desired_retention))
        firsts.setdefault(identity, log.reviewed_at)
    rows = []
    for (page_id, card_key), card_reviews in reviews.items():
        memory = memory_replay(reviews=card_reviews)
        assert memory is not None
        fields = _state_fields(memory, firsts[(page_id, card_key)])
        rows.append(CardState(learner=learner, page_id=page_id, card_key=card_key, **fields))
    with transaction.atomic():
        CardState.objects.filter(learner=learner).delete()
        CardState.objects.bulk_create(rows)
    return len(rows)


def review_merge(*, source: Learner, target: Learner) -> None:
    """Move an anonymous learner's review data into the account's learner (called by learner_merge).

    Both logs are kept whole, so a card reviewed on both sides gets the reviews of both, replayed in
    time order. The account's settings win; the visitor's apply when the account has none.
    """
    if source.pk == target.pk:
        return
    with transaction.atomic():
        moved = ReviewLog.objects.filter(learner=source).update(learner=target)
        if not ReviewSettings.objects.filter(learner=target).exists():
            ReviewSettings.objects.filter(learner=source).update(learner=target)
        ReviewSettings.objects.filter(learner=source).delete()
        CardState.objects.filter(learner=source).delete()
        if moved:
            review_state_rebuild(learner=target)
