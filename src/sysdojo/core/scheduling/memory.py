"""FSRS scheduling as pure functions over plain values, so a card's state is a replay of its log.

Fuzzing is off: FSRS fuzzes long intervals with `random()`, and a state that must be rebuilt
exactly from the review log cannot depend on a random draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache

import fsrs

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
RETENTION_MIN, RETENTION_MAX, RETENTION_DEFAULT = 0.70, 0.99, 0.90


@dataclass(frozen=True)
class Review:
    """One line of the review log, as far as the scheduler cares."""

    rating: int
    at: datetime
    retention: float


@dataclass(frozen=True)
class Memory:
    """A card's FSRS state after its reviews (state: 1 learning, 2 review, 3 relearning)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0


def retention_problem(value: float) -> str | None:
    if not RETENTION_MIN <= value <= RETENTION_MAX:
        return f"desired retention must be from {RETENTION_MIN:.2f} to {RETENTION_MAX:.2f}"
    return None


@lru_cache(maxsize=64)
def _scheduler(retention: float) -> fsrs.Scheduler:
    return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)


def memory_new(*, at: datetime) -> Memory:
    card = fsrs.Card(card_id=1, due=at.astimezone(UTC))  # an explicit id: the default sleeps 1 ms
    return Memory(card.state.value, card.step, None, None, card.due, None)


def memory_review(*, memory: Memory, review: Review) -> Memory:
    if review.rating not in RATINGS:
        raise ValueError("rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    problem = retention_problem(review.retention)
    if problem:
        raise ValueError(problem)
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )
    at = review.at.astimezone(UTC)
    after, _ = _scheduler(review.retention).review_card(card, fsrs.Rating(review.rating), at)
    lapsed = memory.state == fsrs.State.Review.value and review.rating == 1
    return replace(
        memory,
        state=after.state.value,
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=after.last_review,
        reps=memory.reps + 1,
        lapses=memory.lapses + (1 if lapsed else 0),
    )


def memory_replay(*, reviews: Iterable[Review]) -> Memory | None:
    """The state after the reviews in time order; None for a card never reviewed."""
    ordered = sorted(reviews, key=lambda r: r.at)  # sorted() is stable: equal times keep log order
    if not ordered:
        return None
    memory = memory_new(at=ordered[0].at)
    for review in ordered:
        memory = memory_review(memory=memory, review=review)
    return memory
