"""Writes of the mock app."""

from __future__ import annotations

from sysdojo.web.study.models import Learner


def mock_merge(*, source: Learner, target: Learner) -> None:
    """Move an anonymous learner's mock data into the account's learner (called by learner_merge)."""
