"""Spaced-repetition data of a learner. Cards are named by (page id, card key), never by foreign key,
so editing or removing a page never orphans review history (see docs/decisions/0003).

The review log is the truth and is append-only; CardState is a cache of replaying it.
"""

from __future__ import annotations

from django.db import models

from sysdojo.core.scheduling.memory import RETENTION_DEFAULT
from sysdojo.web.study.models import Learner

NEW_PER_DAY_DEFAULT = 20


class ReviewSettings(models.Model):
    learner = models.OneToOneField(Learner, on_delete=models.CASCADE, related_name="review_settings")
    desired_retention = models.FloatField(default=RETENTION_DEFAULT)
    new_per_day = models.PositiveSmallIntegerField(default=NEW_PER_DAY_DEFAULT)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"retention {self.desired_retention:.2f}, {self.new_per_day} new a day"


class ReviewLog(models.Model):
    """One rating of one card. Holds what FSRS needs to replay it: the rating, when, at which retention."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="review_logs")
    page_id = models.CharField(max_length=120)
    card_key = models.CharField(max_length=32)
    rating = models.PositiveSmallIntegerField()
    reviewed_at = models.DateTimeField()
    desired_retention = models.FloatField()

    class Meta:
        indexes = (models.Index(fields=["learner", "page_id", "card_key", "reviewed_at"]),)
        constraints = (
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=4), name="rating_1_to_4"),
        )

    def __str__(self) -> str:
        return f"{self.page_id}/{self.card_key}: {self.rating} at {self.reviewed_at:%Y-%m-%d %H:%M}"


class CardState(models.Model):
    """A learner's FSRS memory of one card: the replay of that card's log."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="card_states")
    page_id = models.CharField(max_length=120)
    card_key = models.CharField(max_length=32)
    state = models.PositiveSmallIntegerField()  # 1 learning, 2 review, 3 relearning (fsrs.State)
    step = models.PositiveSmallIntegerField(null=True)
    stability = models.FloatField(null=True)
    difficulty = models.FloatField(null=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True)
    first_review = models.DateTimeField()  # when the card stopped being new: the daily new-card limit
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["learner", "page_id", "card_key"], name="one_state_per_card"),
        )
        indexes = (models.Index(fields=["learner", "due"]),)

    def __str__(self) -> str:
        return f"{self.page_id}/{self.card_key}: due {self.due:%Y-%m-%d %H:%M}"
