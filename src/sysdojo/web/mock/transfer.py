"""The mock app's part of an export: every interview with its answer, debrief and open drafts.

An interview is identified by its case and the moment it started. Importing one that is already here
keeps whichever copy is further along (submitted beats active; then the later save), so a file exported
before an interview ended never rolls it back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sysdojo.core.errors import Problem
from sysdojo.core.interview import FRAMEWORKS, framework_get
from sysdojo.core.interview.saves import PHASE_MAX_CHARS, TAB_ID_MAX, tab_problem, texts_problem
from sysdojo.web.mock.models import MockDraft, MockSession
from sysdojo.web.study.export_fields import (
    Bad,
    choice,
    debrief,
    duplicates_refuse,
    integer,
    list_of,
    number,
    optional,
    page_id,
    records_parse,
    stamp,
    stamp_or_none,
    text,
    time,
)
from sysdojo.web.study.models import Learner

MAX_PHASES = 20
DAY_SECONDS = 24 * 3600.0


def _tab(value: Any) -> str:
    tab: str = text(max_chars=TAB_ID_MAX)(value)
    problem = tab_problem(tab)
    if problem:
        raise Bad(problem)
    return tab


TEXTS = list_of(text(max_chars=PHASE_MAX_CHARS), max_items=MAX_PHASES)
SECONDS = list_of(number(0, DAY_SECONDS), max_items=MAX_PHASES)
DRAFT = {"tab_id": _tab, "seq": integer(0, 2**53), "texts": TEXTS, "phase_seconds": SECONDS, "saved_at": time}
INTERVIEW = {
    "case_id": page_id,
    "framework_id": choice(FRAMEWORKS),
    "started_at": time,
    "deadline": time,
    "status": choice(MockSession.Status.values),
    "last_save_at": optional(time),
    "submitted_at": optional(time),
    "submitted_by": choice(("", "learner", "deadline")),
    "answer_tab": lambda value: "" if value == "" else _tab(value),
    "texts": TEXTS,
    "phase_seconds": SECONDS,
    "debrief": debrief(empty=True),  # {}: not debriefed (yet)
    "debrief_error": text(),
    "second_opinion": text(),
    "second_opinion_at": optional(time),
    "drafts": lambda value: value,  # checked as records of their own, below
}


def mock_export(*, learner: Learner) -> dict[str, Any]:
    sessions = (
        MockSession.objects.filter(learner=learner)
        .order_by("started_at", "case_id")
        .prefetch_related("drafts")
    )
    return {
        "mock_interviews": [
            {
                "case_id": s.case_id,
                "framework_id": s.framework_id,
                "started_at": stamp(s.started_at),
                "deadline": stamp(s.deadline),
                "status": s.status,
                "last_save_at": stamp_or_none(s.last_save_at),
                "submitted_at": stamp_or_none(s.submitted_at),
                "submitted_by": s.submitted_by,
                "answer_tab": s.answer_tab,
                "texts": s.texts,
                "phase_seconds": s.phase_seconds,
                "debrief": s.debrief,
                "debrief_error": s.debrief_error,
                "second_opinion": s.second_opinion,
                "second_opinion_at": stamp_or_none(s.second_opinion_at),
                "drafts": [
                    {
                        "tab_id": d.tab_id,
                        "seq": d.seq,
                        "texts": d.texts,
                        "phase_seconds": d.phase_seconds,
                        "saved_at": stamp(d.saved_at),
                    }
                    for d in sorted(s.drafts.all(), key=lambda d: d.tab_id)
                ],
            }
            for s in sessions
        ]
    }


def _identity(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["case_id"], row["started_at"])


def _texts_problem(texts: list[str], framework_id: str) -> str | None:
    framework = framework_get(framework_id)
    assert framework is not None  # checked by the spec
    return texts_problem(texts, framework)


def mock_parse(data: dict[str, Any], *, source: str, problems: list[Problem]) -> dict[str, Any]:
    interviews = records_parse(
        data, "mock_interviews", INTERVIEW, source=source, problems=problems, max_items=10_000
    )
    for row in interviews:
        where = row["_where"]
        if row["texts"]:
            problem = _texts_problem(row["texts"], row["framework_id"])
            if problem:
                problems.append(Problem(source, problem, field=f"{where}.texts"))
        if row["status"] == MockSession.Status.SUBMITTED and row["submitted_at"] is None:
            problems.append(
                Problem(
                    source, "a submitted interview needs its submission time", field=f"{where}.submitted_at"
                )
            )
        drafts = records_parse(row, "drafts", DRAFT, source=source, problems=problems, path=f"{where}.drafts")
        for draft in drafts:
            problem = _texts_problem(draft["texts"], row["framework_id"])
            if problem:
                problems.append(Problem(source, problem, field=f"{draft['_where']}.texts"))
        duplicates_refuse(
            drafts,
            lambda d: d["tab_id"],
            source=source,
            problems=problems,
            describe=lambda d: f"a draft of tab '{d['tab_id']}'",
            field="tab_id",
        )
        row["drafts"] = drafts
    duplicates_refuse(
        interviews,
        _identity,
        source=source,
        problems=problems,
        describe=lambda r: f"an interview on {r['case_id']} started at {r['started_at'].isoformat()}",
    )
    return {"mock_interviews": interviews}


EARLIEST = datetime.min.replace(tzinfo=UTC)


def _progress(
    status: str, last_save_at: datetime | None, second_opinion_at: datetime | None
) -> tuple[Any, ...]:
    """How far along an interview is: submitted beats active, then the later save, then a second opinion."""
    return (status == MockSession.Status.SUBMITTED, last_save_at or EARLIEST, second_opinion_at or EARLIEST)


def mock_import(*, learner: Learner, parsed: dict[str, Any]) -> dict[str, int]:
    """Add the interviews this learner does not have, replace those the file has further along
    (inside the caller's transaction)."""
    here = {(s.case_id, s.started_at): s for s in MockSession.objects.filter(learner=learner)}
    written = 0
    for row in parsed["mock_interviews"]:
        current = here.get(_identity(row))
        if current is not None:
            ours = _progress(current.status, current.last_save_at, current.second_opinion_at)
            theirs = _progress(row["status"], row["last_save_at"], row["second_opinion_at"])
            if theirs <= ours:
                continue
            current.delete()  # its drafts go with it; the file's copy carries its own
        fields = {k: v for k, v in row.items() if k not in ("drafts", "_where")}
        session = MockSession.objects.create(learner=learner, **fields)
        MockDraft.objects.bulk_create(
            MockDraft(session=session, **{k: v for k, v in draft.items() if k != "_where"})
            for draft in row["drafts"]
        )
        written += 1
    return {"mock_interviews": written}
