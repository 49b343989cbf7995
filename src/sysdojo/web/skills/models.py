"""Quiz attempts and recorded debriefs. Pages and cases are named by id, never by foreign key, so a
page edited or removed from the curriculum leaves the learner's history intact (decision 0003)."""

from __future__ import annotations

from typing import Any

from django.db import models

from sysdojo.web.study.models import Learner


class QuizAttempt(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="quiz_attempts")
    page_id = models.CharField(max_length=120)
    index = models.PositiveIntegerField()  # the question's position in the page's quiz
    answer: models.JSONField[Any] = models.JSONField()  # a number, or a list of choice indexes
    correct = models.BooleanField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=["learner", "created_at"], name="skills_attempt_by_time"),)

    def __str__(self) -> str:
        return f"{self.page_id}#{self.index}: {'right' if self.correct else 'wrong'}"


class SkillDebrief(models.Model):
    """A debrief (sysdojo.core.debrief Debrief.to_dict()) recorded for the skill map, until the mock
    app's sessions carry their own."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="skill_debriefs")
    case_id = models.CharField(max_length=120)
    data: models.JSONField[dict[str, Any]] = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=["learner", "created_at"], name="skills_debrief_by_time"),)

    def __str__(self) -> str:
        return f"debrief of {self.case_id}"
