"""The skills app's part of an export: every quiz answer and every recorded debrief.

Both are history, identified by what they are about and when: importing them twice adds nothing.
"""

from __future__ import annotations

from typing import Any

from sysdojo.core.errors import Problem
from sysdojo.web.skills.models import QuizAttempt, SkillDebrief
from sysdojo.web.skills.services import answer_problem
from sysdojo.web.study.export_fields import (
    Bad,
    boolean,
    debrief,
    duplicates_refuse,
    integer,
    page_id,
    records_parse,
    stamp,
    time,
)
from sysdojo.web.study.models import Learner


def _answer(value: Any) -> Any:
    problem = answer_problem(value)
    if problem:
        raise Bad(problem)
    return value


ATTEMPT = {
    "page_id": page_id,
    "index": integer(0, 10_000),
    "answer": _answer,
    "correct": boolean,
    "created_at": time,
}
DEBRIEF = {"case_id": page_id, "data": debrief(empty=False), "created_at": time}


def skills_export(*, learner: Learner) -> dict[str, Any]:
    return {
        "quiz_attempts": [
            {
                "page_id": a.page_id,
                "index": a.index,
                "answer": a.answer,
                "correct": a.correct,
                "created_at": stamp(a.created_at),
            }
            for a in QuizAttempt.objects.filter(learner=learner).order_by("created_at", "page_id", "index")
        ],
        "debriefs": [
            {"case_id": d.case_id, "data": d.data, "created_at": stamp(d.created_at)}
            for d in SkillDebrief.objects.filter(learner=learner).order_by("created_at", "case_id")
        ],
    }


def _attempt_identity(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["page_id"], row["index"], row["created_at"])


def _debrief_identity(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["case_id"], row["created_at"])


def skills_parse(data: dict[str, Any], *, source: str, problems: list[Problem]) -> dict[str, Any]:
    attempts = records_parse(data, "quiz_attempts", ATTEMPT, source=source, problems=problems)
    duplicates_refuse(
        attempts,
        _attempt_identity,
        source=source,
        problems=problems,
        describe=lambda r: (
            f"an answer to {r['page_id']} question {r['index']} at {r['created_at'].isoformat()}"
        ),
    )
    debriefs = records_parse(data, "debriefs", DEBRIEF, source=source, problems=problems, max_items=10_000)
    for row in debriefs:
        if row["data"]["case_id"] != row["case_id"]:
            problems.append(
                Problem(
                    source,
                    f"the debrief is of case '{row['data']['case_id']}', not '{row['case_id']}'",
                    field=f"{row['_where']}.data.case_id",
                )
            )
    duplicates_refuse(
        debriefs,
        _debrief_identity,
        source=source,
        problems=problems,
        describe=lambda r: f"a debrief of {r['case_id']} at {r['created_at'].isoformat()}",
    )
    return {"quiz_attempts": attempts, "debriefs": debriefs}


def skills_import(*, learner: Learner, parsed: dict[str, Any]) -> dict[str, int]:
    """Add the answers and debriefs this learner does not have yet (inside the caller's transaction)."""
    have_attempts = set(
        QuizAttempt.objects.filter(learner=learner).values_list("page_id", "index", "created_at")
    )
    attempts = [
        QuizAttempt(
            learner=learner,
            page_id=row["page_id"],
            index=row["index"],
            answer=row["answer"],
            correct=row["correct"],
            created_at=row["created_at"],
        )
        for row in parsed["quiz_attempts"]
        if _attempt_identity(row) not in have_attempts
    ]
    QuizAttempt.objects.bulk_create(attempts, batch_size=500)
    have_debriefs = set(SkillDebrief.objects.filter(learner=learner).values_list("case_id", "created_at"))
    debriefs = [
        SkillDebrief(learner=learner, case_id=row["case_id"], data=row["data"], created_at=row["created_at"])
        for row in parsed["debriefs"]
        if _debrief_identity(row) not in have_debriefs
    ]
    SkillDebrief.objects.bulk_create(debriefs, batch_size=100)
    return {"quiz_attempts": len(attempts), "debriefs": len(debriefs)}
