"""The review part of an export: settings and ratings checked field by field; the newer settings win."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from sysdojo.web.review.models import ReviewSettings
from sysdojo.web.review.services import review_settings_set
from sysdojo.web.study.models import Learner
from sysdojo.web.study.transfer import learner_export, learner_import

from ..factories import import_refused, learner_with_history

pytestmark = pytest.mark.django_db


def full_export() -> dict[str, Any]:
    return learner_export(learner=learner_with_history())


def test_bad_ratings_and_settings_are_named() -> None:
    data = full_export()
    data["reviews"][1]["rating"] = 5
    data["reviews"][2]["desired_retention"] = 0.2
    data["reviews"][3]["card_key"] = ""
    data["review_settings"]["new_per_day"] = True
    found = import_refused(data)
    assert "f.json: reviews[1].rating: must be a whole number from 1 to 4" in found
    assert "f.json: reviews[2].desired_retention: must be from 0.7 to 0.99" in found
    assert "f.json: reviews[3].card_key: must not be empty" in found
    assert "f.json: review_settings.new_per_day: must be a whole number from 0 to 500" in found


def test_a_rating_listed_twice_is_a_broken_file() -> None:
    data = full_export()
    data["reviews"].append(dict(data["reviews"][0]))
    assert "reviews[4]: a rating of caching/" in import_refused(data)


def test_the_newer_settings_win() -> None:
    data = full_export()
    learner = Learner.objects.create()
    review_settings_set(
        learner=learner, desired_retention=0.95, new_per_day=3
    )  # set now: newer than the file's?
    mine = ReviewSettings.objects.get(learner=learner)
    data["review_settings"]["updated_at"] = (mine.updated_at - timedelta(seconds=1)).isoformat()
    assert learner_import(learner=learner, raw=json.dumps(data))["review_settings"] == 0
    assert ReviewSettings.objects.get(learner=learner).new_per_day == 3
    data["review_settings"]["updated_at"] = (mine.updated_at + timedelta(seconds=1)).isoformat()
    assert learner_import(learner=learner, raw=json.dumps(data))["review_settings"] == 1
    assert ReviewSettings.objects.get(learner=learner).new_per_day == 12
