"""Reads of the review app: which cards a learner studies, what is due, the next card."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from sysdojo.core.scheduling.cards import ReviewCard, page_cards
from sysdojo.core.scheduling.memory import RETENTION_DEFAULT, Memory, Review, memory_replay
from sysdojo.web.catalog.models import Page
from sysdojo.web.review.models import NEW_PER_DAY_DEFAULT, CardState, ReviewLog, ReviewSettings
from sysdojo.web.study.models import Learner, Progress

STUDIED = (Progress.Status.LEARNING, Progress.Status.MASTERED)


@dataclass(frozen=True)
class Settings:
    desired_retention: float = RETENTION_DEFAULT
    new_per_day: int = NEW_PER_DAY_DEFAULT


@dataclass(frozen=True)
class Queue:
    due_now: int
    new: int  # new cards still allowed today
    later_today: int
    card: ReviewCard | None  # what to show next
    card_is_new: bool = False

    @property
    def empty(self) -> bool:
        return self.card is None


def cards_of_pages(*, pages: Iterable[Page]) -> list[ReviewCard]:
    cards: list[ReviewCard] = []
    for page in pages:
        cards += page_cards(
            page_id=page.id, title=page.title, flashcards=page.flashcards, page_html=page.html
        )
    return cards


def written_pages(*, ids: Iterable[str] | None = None) -> list[Page]:
    pages = Page.objects.filter(state=Page.State.WRITTEN).only("id", "title", "flashcards", "html", "order")
    if ids is not None:
        pages = pages.filter(pk__in=list(ids))
    return list(pages.order_by("order"))


def review_cards_of(*, learner: Learner | None) -> list[ReviewCard]:
    """Every card of the written pages the learner marked learning or mastered, in plan order."""
    if learner is None:
        return []
    ids = Progress.objects.filter(learner=learner, status__in=STUDIED).values_list("page_id", flat=True)
    return cards_of_pages(pages=written_pages(ids=ids))


def review_card_get(*, learner: Learner, page_id: str, card_key: str) -> ReviewCard | None:
    if not Progress.objects.filter(learner=learner, page_id=page_id, status__in=STUDIED).exists():
        return None
    for card in cards_of_pages(pages=written_pages(ids=[page_id])):
        if card.key == card_key:
            return card
    return None


def review_settings_of(*, learner: Learner | None) -> Settings:
    row = ReviewSettings.objects.filter(learner=learner).first() if learner is not None else None
    if row is None:
        return Settings()
    return Settings(desired_retention=row.desired_retention, new_per_day=row.new_per_day)


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Today in the server's time zone: the day the new-card limit and "later today" count in."""
    today = timezone.localtime(now).date()
    start = timezone.make_aware(datetime.combine(today, time.min))
    return start, start + timedelta(days=1)


def review_queue(*, learner: Learner | None, now: datetime | None = None) -> Queue:
    """Due counts and the next card: due cards first (most overdue first), then today's new cards."""
    now = now or timezone.now()
    cards = review_cards_of(learner=learner)
    if learner is None or not cards:
        return Queue(due_now=0, new=0, later_today=0, card=None)
    start, end = _day_bounds(now)
    states = {
        (s.page_id, s.card_key): s
        for s in CardState.objects.filter(learner=learner).only("page_id", "card_key", "due", "first_review")
    }
    by_identity = {card.identity: card for card in cards}
    due = sorted(
        (s.due, identity) for identity, s in states.items() if identity in by_identity and s.due <= now
    )
    later = sum(1 for identity, s in states.items() if identity in by_identity and now < s.due < end)
    introduced = sum(1 for s in states.values() if start <= s.first_review < end)
    allowed = max(0, review_settings_of(learner=learner).new_per_day - introduced)
    fresh = [card for card in cards if card.identity not in states]
    new = min(allowed, len(fresh))
    if due:
        return Queue(due_now=len(due), new=new, later_today=later, card=by_identity[due[0][1]])
    return Queue(due_now=0, new=new, later_today=later, card=fresh[0] if new else None, card_is_new=bool(new))


def card_memory_replay(*, learner: Learner, page_id: str, card_key: str) -> Memory | None:
    logs = ReviewLog.objects.filter(learner=learner, page_id=page_id, card_key=card_key).order_by(
        "reviewed_at", "pk"
    )
    return memory_replay(reviews=[Review(log.rating, log.reviewed_at, log.desired_retention) for log in logs])
