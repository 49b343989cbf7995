"""Parsers for the structured blocks every page carries: flashcards, quiz questions, path stops."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sysdojo.core.content.model import Flashcard, KeyPoint, QuizQuestion, Stop
from sysdojo.core.content.schema import PAGE_ID
from sysdojo.core.errors import Problem
from sysdojo.core.yamlio import LocatedYaml

Report = Callable[[str, str, int], None]  # (field, message, line)


def _text(item: dict[str, Any], key: str, field: str, line: int, report: Report) -> str:
    value = item.get(key)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        report(field, f"needs a non-empty text '{key}'", line)
        return ""
    return str(value).strip()


def _items(doc: LocatedYaml, name: str, report: Report) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(doc.data, list) or not doc.data:
        report(name, "must be a non-empty YAML list", doc.first_line)
        return []
    items = []
    for index, item in enumerate(doc.data):
        line = doc.line_of(index)
        if not isinstance(item, dict):
            report(f"{name}[{index + 1}]", "must be a mapping", line)
            continue
        items.append((index, item))
    return items


def _unknown_keys(item: dict[str, Any], allowed: set[str], field: str, line: int, report: Report) -> None:
    for key in item:
        if key not in allowed:
            report(
                field,
                f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                line,
            )


def flashcards_parse(doc: LocatedYaml, report: Report) -> tuple[Flashcard, ...]:
    cards = []
    for index, item in _items(doc, "flashcards", report):
        field, line = f"flashcards[{index + 1}]", doc.line_of(index)
        _unknown_keys(item, {"q", "a"}, field, line, report)
        question, answer = (
            _text(item, "q", field, line, report),
            _text(item, "a", field, line, report),
        )
        if question and answer:
            cards.append(Flashcard(question=question, answer=answer, line=line))
    return tuple(cards)


_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$")


def _tolerance(raw: Any, value: float) -> float | None:
    """'10%' is relative to the answer; a bare number is absolute."""
    if raw is None:
        return 0.0
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw) if raw >= 0 else None
    match = _NUMBER.match(str(raw))
    if not match or float(match.group(1)) < 0:
        return None
    amount = float(match.group(1))
    return abs(value) * amount / 100 if match.group(2) else amount


def _question(index: int, item: dict[str, Any], line: int, report: Report) -> QuizQuestion | None:
    field = f"quiz[{index + 1}]"
    kind = item.get("type", "single")
    if kind not in ("single", "multiple", "numeric"):
        report(field, f"type '{kind}' is not one of single, multiple, numeric", line)
        return None
    allowed = {
        "type",
        "prompt",
        "explanation",
        "choices",
        "answer",
        "tolerance",
        "unit",
    }
    if kind == "numeric":
        allowed -= {"choices"}
    else:
        allowed -= {"tolerance", "unit"}
    _unknown_keys(item, allowed, field, line, report)
    prompt = _text(item, "prompt", field, line, report)
    explanation = _text(item, "explanation", field, line, report)
    answer = item.get("answer")
    if kind == "numeric":
        if not isinstance(answer, (int, float)) or isinstance(answer, bool):
            report(field, "a numeric question needs a number as 'answer'", line)
            return None
        tolerance = _tolerance(item.get("tolerance"), float(answer))
        if tolerance is None:
            report(
                field,
                "tolerance must be a non-negative number or a percentage like '10%'",
                line,
            )
            return None
        if not (prompt and explanation):
            return None
        unit = str(item.get("unit", "")).strip()
        return QuizQuestion(
            type="numeric",
            prompt=prompt,
            explanation=explanation,
            line=line,
            value=float(answer),
            tolerance=tolerance,
            unit=unit,
        )
    choices = item.get("choices")
    if (
        not isinstance(choices, list)
        or len(choices) < 2
        or not all(isinstance(c, (str, int, float)) for c in choices)
    ):
        report(field, "needs 'choices': a list of at least two texts", line)
        return None
    texts = tuple(str(c).strip() for c in choices)
    if len(set(texts)) != len(texts):
        report(field, "has the same choice twice", line)
        return None
    wanted = answer if isinstance(answer, list) else [answer]
    if kind == "single" and isinstance(answer, list):
        report(
            field,
            "a single-choice question has one 'answer' (use type: multiple for several)",
            line,
        )
        return None
    correct = []
    for choice in wanted:
        text = str(choice).strip() if choice is not None else ""
        if text not in texts:
            report(field, f"answer '{text}' is not one of the choices", line)
            return None
        correct.append(texts.index(text))
    if not (prompt and explanation):
        return None
    return QuizQuestion(
        type=kind,
        prompt=prompt,
        explanation=explanation,
        line=line,
        choices=texts,
        correct=tuple(sorted(set(correct))),
    )


def quiz_parse(doc: LocatedYaml, report: Report) -> tuple[QuizQuestion, ...]:
    questions = []
    for index, item in _items(doc, "quiz", report):
        question = _question(index, item, doc.line_of(index), report)
        if question is not None:
            questions.append(question)
    return tuple(questions)


def stops_parse(doc: LocatedYaml, report: Report) -> tuple[Stop, ...]:
    stops = []
    for index, item in _items(doc, "stops", report):
        field, line = f"stops[{index + 1}]", doc.line_of(index)
        _unknown_keys(item, {"id", "why", "minutes"}, field, line, report)
        page_id = str(item.get("id", "")).strip()
        if not PAGE_ID.match(page_id):
            report(field, f"id '{page_id}' is not a page id", line)
            continue
        why = _text(item, "why", field, line, report)
        minutes = item.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 6000:
            report(field, "minutes must be a whole number from 1 to 6000", line)
            continue
        if why:
            stops.append(Stop(page_id=page_id, why=why, minutes=minutes, line=line))
    return tuple(stops)


_LESSON = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:#[a-z0-9_-]+)?$")


def answer_key_parse(doc: LocatedYaml, report: Report) -> tuple[KeyPoint, ...]:
    """The weighted key points the debrief looks for; skills and lessons are resolved across pages later."""
    points = []
    for index, item in _items(doc, "answer-key", report):
        field, line = f"answer-key[{index + 1}]", doc.line_of(index)
        _unknown_keys(item, {"point", "skill", "weight", "synonyms", "lesson"}, field, line, report)
        point = _text(item, "point", field, line, report)
        skill = str(item.get("skill", "")).strip()
        if not PAGE_ID.match(skill):
            report(field, "needs 'skill': the id of one of the 19 graded skills", line)
            continue
        weight = item.get("weight", 1)
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 3:
            report(field, "weight must be 1, 2 or 3", line)
            continue
        synonyms = item.get("synonyms")
        if not isinstance(synonyms, list) or not synonyms:
            report(field, "needs 'synonyms': a list of the phrases an answer may use for this point", line)
            continue
        # YAML reads `429` or `4,096` as numbers; a synonym is whatever text the candidate would write.
        synonyms = [
            str(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in synonyms
        ]
        bad = next((x for x in synonyms if not isinstance(x, str) or not x.strip()), None)
        if bad is not None:
            report(field, f"synonym {bad!r} is not a text (quote it)", line)
            continue
        lesson = str(item.get("lesson", "")).strip()
        if lesson and not _LESSON.match(lesson):
            report(field, f"lesson '{lesson}' is not a page id (optionally with #anchor)", line)
            continue
        if point:
            cleaned = tuple(x.strip() for x in synonyms)
            points.append(
                KeyPoint(point=point, skill=skill, weight=weight, synonyms=cleaned, line=line, lesson=lesson)
            )
    return tuple(points)


def problems_collector(source: str) -> tuple[list[Problem], Report]:
    problems: list[Problem] = []

    def report(field: str, message: str, line: int) -> None:
        problems.append(Problem(source=source, message=message, line=line, field=field))

    return problems, report
