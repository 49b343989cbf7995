"""Export and import of all of a learner's data as JSON: progress, notes, last page, review settings
and ratings, quiz answers, debriefs and mock interviews (each app writes and reads its own part).

A round trip is exact; an import is checked whole before anything is written, then written in
one transaction, and importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from sysdojo.core.content.schema import PAGE_ID
from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.web.mock.transfer import mock_export, mock_import, mock_parse
from sysdojo.web.review.transfer import review_export, review_import, review_parse
from sysdojo.web.skills.transfer import skills_export, skills_import, skills_parse
from sysdojo.web.study.export_fields import (
    Bad,
    choice,
    duplicates_refuse,
    page_id,
    records_parse,
    stamp,
    time,
)
from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import note_problem

FORMAT = "sysdojo-export"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 held progress and notes only
MAX_BYTES = 50 * 1024 * 1024
TOP_LEVEL = {
    "format",
    "version",
    "exported_at",
    "last_page_id",
    "progress",
    "notes",
    "review_settings",
    "reviews",
    "quiz_attempts",
    "debriefs",
    "mock_interviews",
}
# What an import reports, in this order: (key, singular, plural).
COUNTED = (
    ("progress", "progress record", "progress records"),
    ("notes", "note", "notes"),
    ("reviews", "review", "reviews"),
    ("review_settings", "review setting", "review settings"),
    ("quiz_attempts", "quiz answer", "quiz answers"),
    ("debriefs", "debrief", "debriefs"),
    ("mock_interviews", "mock interview", "mock interviews"),
)


def _note_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Bad("must be a text")
    problem = note_problem(value)
    if problem:
        raise Bad(problem)
    return value


PROGRESS = {"page_id": page_id, "status": choice(Progress.Status.values), "updated_at": time}
NOTE = {"page_id": page_id, "text": _note_text, "updated_at": time}


def learner_export(*, learner: Learner | None) -> dict[str, Any]:
    """Everything the learner has written; a visitor who has written nothing gets an empty export."""
    head = {"format": FORMAT, "version": VERSION, "exported_at": stamp(timezone.now())}
    if learner is None:
        return {**head, **_nothing_written()}
    return {
        **head,
        "last_page_id": learner.last_page_id,
        "progress": [
            {"page_id": p.page_id, "status": p.status, "updated_at": stamp(p.updated_at)}
            for p in Progress.objects.filter(learner=learner).order_by("page_id")
        ],
        "notes": [
            {"page_id": n.page_id, "text": n.text, "updated_at": stamp(n.updated_at)}
            for n in Note.objects.filter(learner=learner).order_by("page_id")
        ],
        **review_export(learner=learner),
        **skills_export(learner=learner),
        **mock_export(learner=learner),
    }


def _nothing_written() -> dict[str, Any]:
    return {
        "last_page_id": "",
        "progress": [],
        "notes": [],
        "review_settings": None,
        "reviews": [],
        "quiz_attempts": [],
        "debriefs": [],
        "mock_interviews": [],
    }


def export_parse(raw: bytes | str, *, source: str = "import file") -> dict[str, Any]:
    """Check an export file whole; raises SysdojoError naming every bad field. Writes nothing."""
    if len(raw) > MAX_BYTES:
        raise SysdojoError.at(source, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SysdojoError.at(source, f"is not valid JSON ({exc})") from None
    except RecursionError:
        raise SysdojoError.at(source, "is nested too deeply to be an export") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SysdojoError.at(
            source, f'is not a sysdojo export (expected "format": "{FORMAT}")', field="format"
        )
    version = data.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:  # JSON true would pass as 1
        raise SysdojoError.at(
            source, f"export version {data.get('version')!r} is not supported", field="version"
        )
    problems: list[Problem] = []
    unknown = sorted(set(data) - TOP_LEVEL)
    if unknown:
        problems.append(Problem(source, f"unknown key(s): {', '.join(unknown)}", field="(top level)"))
    progress = records_parse(data, "progress", PROGRESS, source=source, problems=problems)
    notes = records_parse(data, "notes", NOTE, source=source, problems=problems)
    for rows in (progress, notes):
        duplicates_refuse(
            rows,
            lambda r: r["page_id"],
            source=source,
            problems=problems,
            describe=lambda r: f"'{r['page_id']}'",
            field="page_id",
        )
    last_page = data.get("last_page_id", "")
    if not isinstance(last_page, str) or (last_page and not PAGE_ID.match(last_page)):
        problems.append(Problem(source, "must be a page id or empty", field="last_page_id"))
    parsed = {
        "progress": progress,
        "notes": notes,
        "last_page_id": last_page if isinstance(last_page, str) else "",
        **review_parse(data, source=source, problems=problems),
        **skills_parse(data, source=source, problems=problems),
        **mock_parse(data, source=source, problems=problems),
    }
    if problems:
        raise SysdojoError(problems)
    return parsed


def _newer_wins(
    model: type[Progress] | type[Note], learner: Learner, rows: list[dict[str, Any]], field: str
) -> int:
    """Per page, the newer record wins; equal timestamps change nothing. Returns the records written."""
    current = {r.page_id: r for r in model.objects.filter(learner=learner)}
    written = 0
    for row in rows:
        have = current.get(row["page_id"])
        if have is None:
            model.objects.create(
                learner=learner, page_id=row["page_id"], updated_at=row["updated_at"], **{field: row[field]}
            )
        elif have.updated_at < row["updated_at"]:
            model.objects.filter(pk=have.pk).update(updated_at=row["updated_at"], **{field: row[field]})
        else:
            continue
        written += 1
    return written


def learner_import(*, learner: Learner, raw: bytes | str, source: str = "import file") -> dict[str, int]:
    """Apply an export to a learner, all of it or (on any problem) nothing; returns what was written."""
    parsed = export_parse(raw, source=source)
    with transaction.atomic():
        counts = {
            "progress": _newer_wins(Progress, learner, parsed["progress"], "status"),
            "notes": _newer_wins(Note, learner, parsed["notes"], "text"),
            **review_import(learner=learner, parsed=parsed),
            **skills_import(learner=learner, parsed=parsed),
            **mock_import(learner=learner, parsed=parsed),
        }
        if parsed["last_page_id"] and not learner.last_page_id:
            Learner.objects.filter(pk=learner.pk).update(last_page_id=parsed["last_page_id"])
    return counts


def import_summary(counts: dict[str, int]) -> str:
    """'Imported 2 progress records, 1 note and 14 reviews.' (or 'Nothing new to import.')"""
    parts = [
        f"{counts[key]} {one if counts[key] == 1 else many}" for key, one, many in COUNTED if counts.get(key)
    ]
    if not parts:
        return "Nothing new to import: everything in the file is already here."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Imported {listed}."
