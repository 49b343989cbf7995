"""A learner's own data. Pages are referred to by id, never by foreign key, so editing, moving or
removing a page never orphans anyone's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Learner(models.Model):
    """Whoever is studying: an account, or an anonymous visitor known by their session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="learner"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_page_id = models.CharField(max_length=120, blank=True)
    last_seen_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"learner {self.pk} ({self.user or 'anonymous'})"


class Progress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        LEARNING = "learning", "Learning"
        MASTERED = "mastered", "Mastered"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="progress")
    page_id = models.CharField(max_length=120)
    status = models.CharField(max_length=12, choices=Status.choices)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["learner", "page_id"], name="one_status_per_page"),)

    def __str__(self) -> str:
        return f"{self.page_id}: {self.status}"


class Note(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="notes")
    page_id = models.CharField(max_length=120)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["learner", "page_id"], name="one_note_per_page"),)

    def __str__(self) -> str:
        return f"note on {self.page_id}"
