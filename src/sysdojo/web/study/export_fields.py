"""The fields of an export file: how a time is written, and the checks of every record read back,
each problem named by its JSON path.

A check takes the raw JSON value and returns the clean value, or raises `Bad` with the reason; the
caller names the field. Every problem in a file is collected before anything is written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sysdojo.core.content.schema import PAGE_ID
from sysdojo.core.errors import Problem
from sysdojo.core.skillmap import debrief_problem

TEXT_MAX = 100_000
JSON_MAX_BYTES = 2_000_000


def stamp(value: datetime) -> str:
    """A time as an export writes it: ISO 8601 in UTC, to the microsecond (a round trip is exact)."""
    return value.astimezone(UTC).isoformat()


def stamp_or_none(value: datetime | None) -> str | None:
    return None if value is None else stamp(value)


class Bad(ValueError):
    """Why one value is refused."""


Check = Callable[[Any], Any]


def text(*, max_chars: int = TEXT_MAX, empty: bool = True) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise Bad("must be a text")
        if not empty and not value:
            raise Bad("must not be empty")
        if len(value) > max_chars:
            raise Bad(f"holds at most {max_chars:,} characters")
        if "\x00" in value:  # PostgreSQL cannot store NUL in text
            raise Bad("cannot contain a NUL character")
        return value

    return check


def page_id(value: Any) -> str:
    if not isinstance(value, str) or not PAGE_ID.match(value):
        raise Bad(f"{str(value)[:60]!r} is not a page id")
    return value


def choice(values: Iterable[str]) -> Check:
    allowed = tuple(values)

    def check(value: Any) -> str:
        if value not in allowed:
            raise Bad(f"{str(value)[:40]!r} is not one of {', '.join(allowed)}")
        return str(value)

    return check


def time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise Bad("must be an ISO 8601 date-time text")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Bad(f"'{value[:40]}' is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise Bad("needs a time zone offset (e.g. +00:00)")
    return parsed


def optional(check: Check) -> Check:
    def optional_check(value: Any) -> Any:
        return None if value is None else check(value)

    return optional_check


def integer(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        # JSON true would pass as 1 in Python: refuse booleans explicitly.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Bad(f"must be a whole number from {low:,} to {high:,}")
        return value

    return check


def number(low: float, high: float) -> Check:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise Bad("must be a number")
        if not low <= value <= high:
            raise Bad(f"must be from {low:g} to {high:g}")
        return float(value)

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad("must be true or false")
    return value


def list_of(check: Check, *, max_items: int) -> Check:
    def list_check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise Bad("must be a list")
        if len(value) > max_items:
            raise Bad(f"holds at most {max_items:,} items")
        clean = []
        for index, item in enumerate(value):
            try:
                clean.append(check(item))
            except Bad as exc:
                raise Bad(f"item {index}: {exc}") from None
        return clean

    return list_check


def plain_json(*, object_only: bool = False) -> Check:
    """Any JSON value PostgreSQL's jsonb stores as given: no NaN, no NUL, bounded in size."""

    def check(value: Any) -> Any:
        if object_only and not isinstance(value, dict):
            raise Bad("must be an object")
        try:
            encoded = json.dumps(value, allow_nan=False)
        except ValueError:
            raise Bad("must be plain JSON (no NaN or infinity)") from None
        if "\\u0000" in encoded:
            raise Bad("cannot contain a NUL character")
        if len(encoded) > JSON_MAX_BYTES:
            raise Bad(f"holds at most {JSON_MAX_BYTES:,} bytes of JSON")
        return value

    return check


def debrief(*, empty: bool) -> Check:
    """A debrief as Debrief.to_dict() gives it; `empty` lets {} stand for "not debriefed yet"."""
    as_json = plain_json(object_only=True)

    def check(value: Any) -> dict[str, Any]:
        clean: dict[str, Any] = as_json(value)
        if empty and not clean:
            return clean
        problem = debrief_problem(clean)
        if problem:
            raise Bad(problem)
        return clean

    return check


def record_parse(
    row: Any, spec: Mapping[str, Check], *, where: str, source: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """One JSON object checked against `spec` (every key required, no other key); None if refused."""
    if not isinstance(row, dict):
        problems.append(Problem(source, "must be an object", field=where))
        return None
    unknown = sorted(set(row) - set(spec))
    missing = [name for name in spec if name not in row]
    if unknown or missing:
        parts = ([f"unknown key(s): {', '.join(unknown)}"] if unknown else []) + (
            [f"missing key(s): {', '.join(missing)}"] if missing else []
        )
        problems.append(Problem(source, "; ".join(parts), field=where))
        return None
    clean: dict[str, Any] = {}
    for name, check in spec.items():
        try:
            clean[name] = check(row[name])
        except Bad as exc:
            problems.append(Problem(source, str(exc), field=f"{where}.{name}"))
    return clean if len(clean) == len(spec) else None


def records_parse(
    data: Mapping[str, Any],
    key: str,
    spec: Mapping[str, Check],
    *,
    source: str,
    problems: list[Problem],
    path: str = "",
    max_items: int = 100_000,
) -> list[dict[str, Any]]:
    """The list under `key` (absent means empty), each item checked by record_parse. `path` names the
    list in messages when it sits inside another record."""
    where = path or key
    rows = data.get(key, [])
    if not isinstance(rows, list):
        problems.append(Problem(source, "must be a list", field=where))
        return []
    if len(rows) > max_items:
        problems.append(Problem(source, f"holds at most {max_items:,} items", field=where))
        return []
    clean = []
    for index, row in enumerate(rows):
        record = record_parse(row, spec, where=f"{where}[{index}]", source=source, problems=problems)
        if record is not None:
            clean.append({**record, "_where": f"{where}[{index}]"})
    return clean


def duplicates_refuse(
    records: list[dict[str, Any]],
    identity: Callable[[dict[str, Any]], Any],
    *,
    source: str,
    problems: list[Problem],
    describe: Callable[[dict[str, Any]], str],
    field: str = "",
) -> None:
    """A record that appears twice in one file is a broken file, not a merge to guess at."""
    seen: set[Any] = set()
    for record in records:
        key = identity(record)
        if key in seen:
            where = record["_where"] + (f".{field}" if field else "")
            problems.append(Problem(source, f"{describe(record)} appears twice", field=where))
        seen.add(key)
