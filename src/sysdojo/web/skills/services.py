"""Writes of the skills app."""

from __future__ import annotations

from sysdojo.web.study.models import Learner


def skills_merge(*, source: Learner, target: Learner) -> None:
    """Move an anonymous learner's skills data into the account's learner (called by learner_merge)."""
