"""A learner's mock interviews. The case study is named by page id (never a foreign key), like all
user data, so editing or removing the page never loses an interview."""

from __future__ import annotations

from typing import Any

from django.db import models

from sysdojo.web.study.models import Learner


class MockSession(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active"
        SUBMITTED = "submitted"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="mock_sessions")
    case_id = models.CharField(max_length=120)
    framework_id = models.CharField(max_length=60)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()  # the server's: saves after it are refused
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    last_save_at = models.DateTimeField(null=True)
    submitted_at = models.DateTimeField(null=True)
    submitted_by = models.CharField(max_length=10, blank=True)  # "learner" or "deadline"
    answer_tab = models.CharField(max_length=64, blank=True)  # whose draft was submitted
    texts: models.JSONField[list[str]] = models.JSONField(default=list)  # frozen at submission
    phase_seconds: models.JSONField[list[float]] = models.JSONField(default=list)
    debrief: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)  # read by the skills app
    debrief_error = models.TextField(blank=True)
    second_opinion = models.TextField(blank=True)  # an LLM's reply (Markdown), when the learner asked
    second_opinion_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"mock {self.pk}: {self.case_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class MockDraft(models.Model):
    """One browser tab's latest acknowledged draft. Tabs never overwrite each other."""

    session = models.ForeignKey(MockSession, on_delete=models.CASCADE, related_name="drafts")
    tab_id = models.CharField(max_length=64)
    seq = models.BigIntegerField()
    texts: models.JSONField[list[str]] = models.JSONField(default=list)
    phase_seconds: models.JSONField[list[float]] = models.JSONField(default=list)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["session", "tab_id"], name="one_draft_per_tab"),)

    def __str__(self) -> str:
        return f"draft of tab {self.tab_id} (seq {self.seq})"
