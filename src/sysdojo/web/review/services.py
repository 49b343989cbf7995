"""Writes of the review app."""

from __future__ import annotations

from sysdojo.web.study.models import Learner


def review_merge(*, source: Learner, target: Learner) -> None:
    """Move an anonymous learner's review data into the account's learner (called by learner_merge)."""
