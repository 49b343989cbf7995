"""Writes of the skills app: quiz attempts, recorded debriefs, and the move of both on login.

Each write is one INSERT (or one UPDATE per table on merge), validated whole before it starts, so bad
input never leaves half a record.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone

from sysdojo.core.skillmap import debrief_problem
from sysdojo.web.skills.models import QuizAttempt, SkillDebrief
from sysdojo.web.study.models import Learner

PAGE_ID_MAX = 120
ANSWER_MAX_CHOICES = 100
DEBRIEF_MAX_BYTES = 2_000_000


def answer_problem(answer: object) -> str | None:
    if isinstance(answer, bool):
        return "an answer is a number or a list of choice numbers"
    if isinstance(answer, (int, float)):
        return None if math.isfinite(answer) else "a numeric answer must be a finite number"
    if isinstance(answer, list):
        if len(answer) > ANSWER_MAX_CHOICES:
            return f"an answer names at most {ANSWER_MAX_CHOICES} choices"
        if all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in answer):
            return None
    return "an answer is a number or a list of choice numbers"


def quiz_attempt_record(
    *,
    learner: Learner,
    page_id: str,
    index: int,
    answer: float | list[int],
    correct: bool,
    at: datetime | None = None,
) -> QuizAttempt:
    """Remember one answer to one quiz question, right or wrong (checked by selectors.quiz_check)."""
    if not page_id or len(page_id) > PAGE_ID_MAX:
        raise ValueError(f"a page id has 1 to {PAGE_ID_MAX} characters")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError("a question index is a whole number from 0")
    problem = answer_problem(answer)
    if problem:
        raise ValueError(problem)
    return QuizAttempt.objects.create(
        learner=learner,
        page_id=page_id,
        index=index,
        answer=answer,
        correct=bool(correct),
        created_at=at or timezone.now(),
    )


def skill_debrief_record(
    *, learner: Learner, case_id: str, debrief_dict: Mapping[str, Any], at: datetime | None = None
) -> SkillDebrief:
    """Keep a debrief (Debrief.to_dict()) for the skill map. The mock app's sessions will carry their
    own; this is for debriefs made elsewhere (the CLI, the API, tests)."""
    problem = debrief_problem(debrief_dict)
    if problem:
        raise ValueError(problem)
    if debrief_dict["case_id"] != case_id:
        raise ValueError(f"the debrief is of case '{debrief_dict['case_id']}', not '{case_id}'")
    try:
        # Plain JSON only: NaN and NUL characters are refused by PostgreSQL's jsonb.
        encoded = json.dumps(debrief_dict, allow_nan=False)
    except (TypeError, ValueError):
        raise ValueError("a debrief must be plain JSON (no NaN, no non-JSON values)") from None
    if "\\u0000" in encoded:
        raise ValueError("a debrief cannot contain a NUL character")
    if len(encoded) > DEBRIEF_MAX_BYTES:
        raise ValueError(f"a debrief holds at most {DEBRIEF_MAX_BYTES:,} bytes of JSON")
    return SkillDebrief.objects.create(
        learner=learner, case_id=case_id, data=json.loads(encoded), created_at=at or timezone.now()
    )


def skills_merge(*, source: Learner, target: Learner) -> None:
    """Move an anonymous learner's skills data into the account's learner (called by learner_merge,
    inside its transaction). Attempts and debriefs are history: all of them move, none is merged."""
    if source.pk == target.pk:
        return
    QuizAttempt.objects.filter(learner=source).update(learner=target)
    SkillDebrief.objects.filter(learner=source).update(learner=target)
