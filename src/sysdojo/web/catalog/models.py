"""The curriculum as synced into the database: one row per page of the plan, written or not."""

from __future__ import annotations

from typing import Any

from django.db import models


class Page(models.Model):
    class State(models.TextChoices):
        WRITTEN = "written"
        PLANNED = "planned"  # in the plan, not written yet: shown as "coming"
        REMOVED = "removed"  # gone from the curriculum; kept so learners' history still has a title

    id = models.CharField(primary_key=True, max_length=120)
    state = models.CharField(max_length=10, choices=State.choices, db_index=True)
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=200)
    area = models.CharField(max_length=60)
    phase = models.PositiveSmallIntegerField(null=True)
    tier = models.PositiveSmallIntegerField(null=True)
    priority = models.CharField(max_length=10)
    depth = models.CharField(max_length=20)
    summary = models.TextField(blank=True)
    minutes = models.PositiveIntegerField(null=True)
    goal = models.TextField(blank=True)
    tags: models.JSONField[list[str]] = models.JSONField(default=list)
    related: models.JSONField[list[str]] = models.JSONField(default=list)
    stops: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    toc: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    flashcards: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    quiz: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    blocks: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    html = models.TextField(blank=True)
    text = models.TextField(blank=True)  # plain text of the body, for the search index
    word_count = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=300, blank=True)
    sync_hash = models.CharField(max_length=64, blank=True)
    order = models.PositiveIntegerField(default=0)  # position in the plan, for stable listings
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("order",)

    def __str__(self) -> str:
        return self.title

    @property
    def is_written(self) -> bool:
        return self.state == self.State.WRITTEN


class SyncState(models.Model):
    """The digest of the content folder at the last successful sync: equal digest, nothing to do."""

    name = models.CharField(primary_key=True, max_length=40)
    digest = models.CharField(max_length=64)
    synced_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.digest[:12]}"
