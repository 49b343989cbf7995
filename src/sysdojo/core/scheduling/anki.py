"""An Anki deck (.apkg) of review cards.

Note GUIDs derive from (page id, card key) only, so importing a newer deck into Anki updates the
notes it already has (an edited answer, a renamed page) instead of adding duplicates. The model
and deck ids are constants for the same reason: a new id would be a new note type and deck.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable

import genanki

from sysdojo.core.scheduling.cards import ReviewCard

MODEL_ID = 1_734_905_611
DECK_ID = 1_734_905_612
DECK_NAME = "sysdojo"

_MODEL = genanki.Model(
    MODEL_ID,
    "sysdojo card",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Page"}, {"name": "Key"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="page">{{Page}}</div>{{Question}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
        }
    ],
    css=".card { font-family: sans-serif; font-size: 20px; } .page { font-size: 14px; color: #777; }",
)


def note_guid(*, page_id: str, key: str) -> str:
    return str(genanki.guid_for("sysdojo", page_id, key))


def anki_deck_bytes(*, cards: Iterable[ReviewCard]) -> bytes:
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for card in cards:
        label = "Mastery check · " + card.page_title if card.kind == "mastery" else card.page_title
        deck.add_note(
            genanki.Note(
                model=_MODEL,
                fields=[html.escape(card.question), html.escape(card.answer), html.escape(label), card.key],
                guid=note_guid(page_id=card.page_id, key=card.key),
                tags=[card.page_id],
            )
        )
    out = io.BytesIO()
    genanki.Package(deck).write_to_file(out)
    return out.getvalue()
