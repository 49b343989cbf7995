"""Export and import of all of a learner's data as JSON.

A round trip is exact; an import is checked whole before anything is written, then written in
one transaction, and importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sysdojo.core.content.schema import PAGE_ID
from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import note_problem

FORMAT = "sysdojo-export"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def learner_export(*, learner: Learner | None) -> dict[str, Any]:
    """Everything the learner has written; a visitor who has written nothing gets an empty export."""
    if learner is None:
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": _stamp(timezone.now()),
            "last_page_id": "",
            "progress": [],
            "notes": [],
        }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _stamp(timezone.now()),
        "last_page_id": learner.last_page_id,
        "progress": [
            {"page_id": p.page_id, "status": p.status, "updated_at": _stamp(p.updated_at)}
            for p in Progress.objects.filter(learner=learner).order_by("page_id")
        ],
        "notes": [
            {"page_id": n.page_id, "text": n.text, "updated_at": _stamp(n.updated_at)}
            for n in Note.objects.filter(learner=learner).order_by("page_id")
        ],
    }


def _parse_time(value: Any, field: str, problems: list[Problem], source: str) -> datetime | None:
    if not isinstance(value, str):
        problems.append(Problem(source, "must be an ISO 8601 date-time text", field=field))
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        problems.append(Problem(source, f"'{value[:40]}' is not an ISO 8601 date-time", field=field))
        return None
    if parsed.tzinfo is None:
        problems.append(Problem(source, "needs a time zone offset (e.g. +00:00)", field=field))
        return None
    return parsed


def _rows(
    data: dict[str, Any], key: str, fields: dict[str, type], source: str, problems: list[Problem]
) -> list[dict[str, Any]]:
    rows = data.get(key, [])
    if not isinstance(rows, list):
        problems.append(Problem(source, "must be a list", field=key))
        return []
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        where = f"{key}[{index}]"
        if not isinstance(row, dict):
            problems.append(Problem(source, "must be an object", field=where))
            continue
        unknown = set(row) - set(fields)
        if unknown:
            problems.append(Problem(source, f"unknown key(s): {', '.join(sorted(unknown))}", field=where))
            continue
        if any(not isinstance(row.get(name), kind) for name, kind in fields.items()):
            missing = [name for name, kind in fields.items() if not isinstance(row.get(name), kind)]
            problems.append(Problem(source, f"missing or wrong type: {', '.join(missing)}", field=where))
            continue
        page_id = row["page_id"]
        if not PAGE_ID.match(page_id):
            problems.append(Problem(source, f"'{page_id[:60]}' is not a page id", field=f"{where}.page_id"))
            continue
        if page_id in seen:
            problems.append(Problem(source, f"'{page_id}' appears twice", field=f"{where}.page_id"))
            continue
        seen.add(page_id)
        when = _parse_time(row["updated_at"], f"{where}.updated_at", problems, source)
        if when is not None:
            clean.append({**row, "updated_at": when, "_where": where})
    return clean


def export_parse(raw: bytes | str, *, source: str = "import file") -> dict[str, list[dict[str, Any]]]:
    """Check an export file whole; raises SysdojoError naming every bad field. Writes nothing."""
    if len(raw) > MAX_BYTES:
        raise SysdojoError.at(source, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SysdojoError.at(source, f"is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SysdojoError.at(
            source, f'is not a sysdojo export (expected "format": "{FORMAT}")', field="format"
        )
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # JSON true would pass as 1
        raise SysdojoError.at(
            source, f"export version {data.get('version')!r} is not supported", field="version"
        )
    problems: list[Problem] = []
    progress = _rows(data, "progress", {"page_id": str, "status": str, "updated_at": str}, source, problems)
    for row in progress:
        if row["status"] not in Progress.Status.values:
            allowed = ", ".join(Progress.Status.values)
            problems.append(
                Problem(source, f"'{row['status']}' is not one of {allowed}", field=f"{row['_where']}.status")
            )
    notes = _rows(data, "notes", {"page_id": str, "text": str, "updated_at": str}, source, problems)
    for row in notes:
        problem = note_problem(row["text"])
        if problem:
            problems.append(Problem(source, problem, field=f"{row['_where']}.text"))
    last_page = data.get("last_page_id", "")
    if not isinstance(last_page, str) or (last_page and not PAGE_ID.match(last_page)):
        problems.append(Problem(source, "must be a page id or empty", field="last_page_id"))
    if problems:
        raise SysdojoError(problems)
    return {
        "progress": progress,
        "notes": notes,
        "last_page_id": [{"page_id": last_page}] if last_page else [],
    }


def learner_import(*, learner: Learner, raw: bytes | str, source: str = "import file") -> dict[str, int]:
    """Apply an export to a learner: per page, the newer record wins; equal timestamps change nothing."""
    parsed = export_parse(raw, source=source)
    counts = {"progress": 0, "notes": 0}
    with transaction.atomic():
        current = {p.page_id: p for p in Progress.objects.filter(learner=learner)}
        for row in parsed["progress"]:
            have = current.get(row["page_id"])
            if have is None:
                Progress.objects.create(
                    learner=learner,
                    page_id=row["page_id"],
                    status=row["status"],
                    updated_at=row["updated_at"],
                )
            elif have.updated_at < row["updated_at"]:
                Progress.objects.filter(pk=have.pk).update(status=row["status"], updated_at=row["updated_at"])
            else:
                continue
            counts["progress"] += 1
        notes = {n.page_id: n for n in Note.objects.filter(learner=learner)}
        for row in parsed["notes"]:
            note = notes.get(row["page_id"])
            if note is None:
                Note.objects.create(
                    learner=learner, page_id=row["page_id"], text=row["text"], updated_at=row["updated_at"]
                )
            elif note.updated_at < row["updated_at"]:
                Note.objects.filter(pk=note.pk).update(text=row["text"], updated_at=row["updated_at"])
            else:
                continue
            counts["notes"] += 1
        if parsed["last_page_id"] and not learner.last_page_id:
            Learner.objects.filter(pk=learner.pk).update(last_page_id=parsed["last_page_id"][0]["page_id"])
    return counts
