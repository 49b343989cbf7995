"""The review app's part of an export: the settings and the whole rating log.

Card states are not exported: they are a replay of the log, rebuilt after an import adds ratings.
A rating is identified by its card and its time, so importing a log twice adds nothing the second time.
"""

from __future__ import annotations

from typing import Any

from sysdojo.core.errors import Problem
from sysdojo.core.scheduling.memory import RETENTION_MAX, RETENTION_MIN
from sysdojo.web.review.models import ReviewLog, ReviewSettings
from sysdojo.web.review.services import NEW_PER_DAY_MAX, review_state_rebuild
from sysdojo.web.study.export_fields import (
    duplicates_refuse,
    integer,
    number,
    page_id,
    record_parse,
    records_parse,
    stamp,
    text,
    time,
)
from sysdojo.web.study.models import Learner

SETTINGS = {
    "desired_retention": number(RETENTION_MIN, RETENTION_MAX),
    "new_per_day": integer(0, NEW_PER_DAY_MAX),
    "updated_at": time,
}
RATING = {
    "page_id": page_id,
    "card_key": text(max_chars=32, empty=False),
    "rating": integer(1, 4),
    "reviewed_at": time,
    "desired_retention": number(RETENTION_MIN, RETENTION_MAX),
}


def review_export(*, learner: Learner) -> dict[str, Any]:
    settings = ReviewSettings.objects.filter(learner=learner).first()
    return {
        "review_settings": None
        if settings is None
        else {
            "desired_retention": settings.desired_retention,
            "new_per_day": settings.new_per_day,
            "updated_at": stamp(settings.updated_at),
        },
        "reviews": [
            {
                "page_id": log.page_id,
                "card_key": log.card_key,
                "rating": log.rating,
                "reviewed_at": stamp(log.reviewed_at),
                "desired_retention": log.desired_retention,
            }
            for log in ReviewLog.objects.filter(learner=learner).order_by(
                "reviewed_at", "page_id", "card_key"
            )
        ],
    }


def _rating_identity(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["page_id"], row["card_key"], row["reviewed_at"])


def review_parse(data: dict[str, Any], *, source: str, problems: list[Problem]) -> dict[str, Any]:
    raw_settings = data.get("review_settings")
    settings = None
    if raw_settings is not None:
        settings = record_parse(
            raw_settings, SETTINGS, where="review_settings", source=source, problems=problems
        )
    ratings = records_parse(data, "reviews", RATING, source=source, problems=problems, max_items=1_000_000)
    duplicates_refuse(
        ratings,
        _rating_identity,
        source=source,
        problems=problems,
        describe=lambda r: f"a rating of {r['page_id']}/{r['card_key']} at {r['reviewed_at'].isoformat()}",
    )
    return {"review_settings": settings, "reviews": ratings}


def review_import(*, learner: Learner, parsed: dict[str, Any]) -> dict[str, int]:
    """Add the ratings this learner does not have yet, replay the log, and take the file's settings
    when they are newer. Runs inside the caller's transaction."""
    have = {
        (page, key, at)
        for page, key, at in ReviewLog.objects.filter(learner=learner).values_list(
            "page_id", "card_key", "reviewed_at"
        )
    }
    new = [
        ReviewLog(
            learner=learner,
            page_id=row["page_id"],
            card_key=row["card_key"],
            rating=row["rating"],
            reviewed_at=row["reviewed_at"],
            desired_retention=row["desired_retention"],
        )
        for row in parsed["reviews"]
        if _rating_identity(row) not in have
    ]
    ReviewLog.objects.bulk_create(new, batch_size=500)
    if new:
        review_state_rebuild(learner=learner)
    settings_changed = 0
    incoming = parsed["review_settings"]
    if incoming is not None:
        current = ReviewSettings.objects.filter(learner=learner).first()
        if current is None:
            ReviewSettings.objects.create(learner=learner, **incoming)
            settings_changed = 1
        elif current.updated_at < incoming["updated_at"]:
            ReviewSettings.objects.filter(pk=current.pk).update(**incoming)
            settings_changed = 1
    return {"reviews": len(new), "review_settings": settings_changed}
