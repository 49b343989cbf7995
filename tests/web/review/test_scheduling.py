"""The pure core of spaced repetition: card keys, the mastery check, FSRS replay, the Anki deck."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sysdojo.core.scheduling.anki import anki_deck_bytes
from sysdojo.core.scheduling.cards import MASTERY_ANSWER, ReviewCard, card_key, mastery_check_text, page_cards
from sysdojo.core.scheduling.memory import Review, memory_new, memory_replay, memory_review

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PAGE_HTML = (
    '<h2 id="probes">Probes</h2><p>x</p><h2 id="mastery-check">Mastery check</h2>\n'
    '<p>You pick a <strong>cache</strong> &amp; defend it.</p>\n<h2 id="flashcards">Flashcards</h2><p>q</p>'
)


def test_card_key_depends_on_the_question_only_and_ignores_spacing_and_case() -> None:
    assert card_key("Why jitter TTLs?") == card_key("  why  jitter\nTTLs? ")
    assert card_key("Why jitter TTLs?") != card_key("Why jitter keys?")
    assert len(card_key("x")) == 16


def test_mastery_check_is_the_section_text_up_to_the_next_heading() -> None:
    assert mastery_check_text(PAGE_HTML) == "You pick a cache & defend it."
    assert (
        mastery_check_text('<h2 id="mastery-check">Mastery check</h2><p>Last section.</p>') == "Last section."
    )
    assert mastery_check_text("<h2 id='quiz'>Quiz</h2>") == ""


def test_page_cards_are_flashcards_then_the_mastery_check_without_duplicates() -> None:
    cards = page_cards(
        page_id="caching",
        title="Caching",
        flashcards=[{"q": "Q1?", "a": "A1"}, {"q": "q1?", "a": "again"}, {"q": "Q2?", "a": "A2"}],
        page_html=PAGE_HTML,
    )
    assert [(c.kind, c.question) for c in cards] == [
        ("flashcard", "Q1?"),
        ("flashcard", "Q2?"),
        ("mastery", "You pick a cache & defend it."),
    ]
    assert cards[-1].answer == MASTERY_ANSWER
    edited = page_cards(
        page_id="caching", title="Caching", flashcards=[{"q": "Q2?", "a": "new"}], page_html=""
    )
    assert edited[0].key == cards[1].key, "removing another card must not change this card's key"


def test_again_comes_back_in_minutes_and_easy_in_days() -> None:
    new = memory_new(at=T0)
    again = memory_review(memory=new, review=Review(1, T0, 0.9))
    easy = memory_review(memory=new, review=Review(4, T0, 0.9))
    assert again.due - T0 <= timedelta(minutes=10)
    assert easy.due - T0 >= timedelta(days=1)
    assert easy.reps == again.reps == 1


def test_higher_retention_means_shorter_intervals() -> None:
    def interval(retention: float) -> timedelta:
        memory = memory_new(at=T0)
        for day in (0, 1, 5):
            memory = memory_review(memory=memory, review=Review(3, T0 + timedelta(days=day), retention))
        return memory.due - (T0 + timedelta(days=5))

    assert interval(0.97) < interval(0.9) < interval(0.75)


def test_replay_is_deterministic_and_counts_lapses() -> None:
    reviews = [
        Review(3, T0, 0.9),
        Review(4, T0 + timedelta(minutes=10), 0.9),
        Review(1, T0 + timedelta(days=9), 0.9),  # a lapse: the card was in review
        Review(3, T0 + timedelta(days=9, minutes=10), 0.9),
    ]
    first = memory_replay(reviews=reviews)
    second = memory_replay(reviews=list(reversed(reviews)))  # replay sorts by time
    assert first == second
    assert first is not None and first.reps == 4 and first.lapses == 1
    assert memory_replay(reviews=[]) is None


def test_a_bad_rating_or_retention_is_refused() -> None:
    with pytest.raises(ValueError, match="rating must be"):
        memory_review(memory=memory_new(at=T0), review=Review(5, T0, 0.9))
    with pytest.raises(ValueError, match=r"from 0\.70 to 0\.99"):
        memory_review(memory=memory_new(at=T0), review=Review(3, T0, 0.5))


def deck_guids(deck: bytes) -> dict[str, tuple[str, str]]:
    """The notes of an .apkg: guid -> (key field, all fields), read from the collection database."""
    with zipfile.ZipFile(io.BytesIO(deck)) as archive, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(path) as db:
            rows = db.execute("select guid, flds from notes").fetchall()
    return {guid: (fields.split("\x1f")[3], fields) for guid, fields in rows}


def test_anki_guids_are_stable_across_builds_and_edited_answers() -> None:
    card = ReviewCard(
        "caching", "Caching", card_key("Why jitter?"), "flashcard", "Why jitter?", "Spread expiry."
    )
    other = ReviewCard(
        "redis", "Redis", card_key("Why jitter?"), "flashcard", "Why jitter?", "Same question."
    )
    first = deck_guids(anki_deck_bytes(cards=[card, other]))
    again = deck_guids(anki_deck_bytes(cards=[card, other]))
    assert set(first) == set(again) and len(first) == 2, "same question on two pages: two notes"
    edited = ReviewCard(card.page_id, card.page_title, card.key, card.kind, card.question, "A new answer.")
    after_edit = deck_guids(anki_deck_bytes(cards=[edited, other]))
    assert set(after_edit) == set(first)
    assert any("A new answer." in fields for _, fields in after_edit.values())
