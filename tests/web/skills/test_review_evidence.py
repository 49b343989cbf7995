"""Reviews count on the skill map: a card counts for its page's skills, by the share recalled per day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sysdojo.core.scheduling.cards import card_key
from sysdojo.web.catalog.models import Page
from sysdojo.web.review.services import review_rate
from sysdojo.web.skills.selectors import review_recall_of, skill_map_of
from sysdojo.web.study.models import Learner
from sysdojo.web.study.services import progress_set

pytestmark = pytest.mark.django_db


def caching_card() -> str:
    question = Page.objects.get(pk="caching").flashcards[0]["q"]
    return card_key(question)


def test_reviews_become_recall_evidence_for_the_pages_skill() -> None:
    learner = Learner.objects.create()
    progress_set(learner=learner, page_id="caching", status="learning")
    now = timezone.now()
    review_rate(
        learner=learner, page_id="caching", card_key=caching_card(), rating=3, at=now - timedelta(days=2)
    )
    review_rate(learner=learner, page_id="caching", card_key=caching_card(), rating=1, at=now)
    recall = review_recall_of(learner=learner)
    assert [(skill, rate) for skill, rate, _ in recall] == [("caching", 1.0), ("caching", 0.0)]
    row = next(r for r in skill_map_of(learner=learner).skills if r.id == "caching")
    assert row.score is not None and 1 <= row.score < 4 and row.evidence == 2


def test_a_learner_without_reviews_has_no_review_evidence() -> None:
    assert review_recall_of(learner=Learner.objects.create()) == []
