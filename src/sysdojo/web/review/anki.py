"""The Anki deck of written pages (see sysdojo.core.scheduling.anki for the stable GUIDs)."""

from __future__ import annotations

from collections.abc import Iterable

from sysdojo.core.scheduling.anki import anki_deck_bytes
from sysdojo.web.catalog.models import Page
from sysdojo.web.review.selectors import cards_of_pages


def anki_deck_build(*, pages: Iterable[Page]) -> bytes:
    """An .apkg of the pages' cards (flashcards and mastery checks); pages not written give none."""
    return anki_deck_bytes(cards=cards_of_pages(pages=[p for p in pages if p.is_written]))
