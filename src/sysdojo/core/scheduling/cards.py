"""The review cards a page gives: its flashcards plus its mastery check.

A card is known by (page id, card key), the key being a hash of its question text alone, so editing
an answer, reordering cards or adding new ones never orphans the review history of the others.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

KEY_LENGTH = 16
MASTERY_ANSWER = "Could you do this now, without notes? If not, rate Again and reread the lesson."

# Rendered pages put each section under <h2 id="slug">; the mastery check runs to the next h2.
_MASTERY = re.compile(r'<h2 id="mastery-check">.*?</h2>(?P<body>.*?)(?=<h2[\s>]|\Z)', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ReviewCard:
    page_id: str
    page_title: str
    key: str
    kind: Literal["flashcard", "mastery"]
    question: str
    answer: str

    @property
    def identity(self) -> tuple[str, str]:
        return (self.page_id, self.key)


def card_key(question: str) -> str:
    """Whitespace and case differences do not make a new card: only a reworded question does."""
    normalized = _SPACE.sub(" ", question).strip().casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def html_text(fragment: str) -> str:
    """Plain text of a small rendered fragment (tags dropped, entities decoded, spaces collapsed)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def mastery_check_text(page_html: str) -> str:
    """The "Mastery check" section of a rendered page as plain text, or "" when the page has none."""
    match = _MASTERY.search(page_html)
    return html_text(match.group("body")) if match else ""


def page_cards(
    *, page_id: str, title: str, flashcards: Iterable[Mapping[str, Any]], page_html: str
) -> list[ReviewCard]:
    """Every card of one page, in page order; a repeated question counts once (same key, same card)."""
    cards: list[ReviewCard] = []
    seen: set[str] = set()
    for item in flashcards:
        question, answer = str(item.get("q", "")).strip(), str(item.get("a", "")).strip()
        key = card_key(question)
        if question and key not in seen:
            seen.add(key)
            cards.append(ReviewCard(page_id, title, key, "flashcard", question, answer))
    mastery = mastery_check_text(page_html)
    if mastery and card_key(mastery) not in seen:
        cards.append(ReviewCard(page_id, title, card_key(mastery), "mastery", mastery, MASTERY_ANSWER))
    return cards
