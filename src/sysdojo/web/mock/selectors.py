"""Reads of the mock app."""

from __future__ import annotations

from django.db.models import QuerySet

from sysdojo.web.catalog.models import Page
from sysdojo.web.mock.models import MockDraft, MockSession
from sysdojo.web.study.models import Learner


def mock_cases() -> QuerySet[Page]:
    """The written case studies a mock interview can be about."""
    return Page.objects.filter(kind="case-study", state=Page.State.WRITTEN).order_by("title")


def mock_case_get(*, case_id: str) -> Page | None:
    return mock_cases().filter(pk=case_id).first()


def mock_sessions_of(*, learner: Learner | None) -> list[MockSession]:
    if learner is None:
        return []
    return list(MockSession.objects.filter(learner=learner).order_by("-started_at")[:50])


def mock_session_get(*, learner: Learner | None, session_id: int) -> MockSession | None:
    """The session if this learner owns it; someone else's session does not exist for them."""
    if learner is None:
        return None
    return MockSession.objects.filter(pk=session_id, learner=learner).first()


def mock_drafts(*, session: MockSession) -> list[MockDraft]:
    """Every tab's draft, the most recently saved first."""
    return list(MockDraft.objects.filter(session=session).order_by("-saved_at", "-seq"))


def mock_skill_titles() -> dict[str, str]:
    return dict(
        Page.objects.filter(kind="skill", state=Page.State.WRITTEN).values_list("id", "title").order_by("id")
    )
