"""The prompt of the second opinion: the case study, the candidate's answer and the offline debrief."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_ANSWER_CHARS = 30_000  # a 45-minute answer is far shorter; this only guards the request size

SYSTEM = (
    "You are a senior engineer who runs system design interviews. You give a second opinion on a "
    "candidate's written answer, which an offline rule-based grader has already scored. Be specific "
    "and concise: say where you agree or disagree with the grader and why, name the two or three "
    "most important improvements, and quote the answer when you point at something. Answer in "
    "Markdown, in under 400 words."
)


def _line(value: Any) -> str:
    return " ".join(str(value).split())


def prompt_build(*, debrief: Mapping[str, Any], answer: str, case_title: str = "") -> list[dict[str, str]]:
    """The chat messages (system, user) for a debrief as given by `Debrief.to_dict()`."""
    title = case_title or str(debrief.get("case_title") or debrief.get("case_id") or "a case study")
    points = [p for p in debrief.get("points", []) if isinstance(p, Mapping)]
    skills = [s for s in debrief.get("skills", []) if isinstance(s, Mapping)]
    figures = [f for f in debrief.get("wrong_figures", []) if isinstance(f, Mapping)]
    parts = [f"# Case study: {_line(title)}", "", "## Answer key (the points a strong answer makes)"]
    parts += [
        f"- {_line(p.get('point', ''))} (skill: {_line(p.get('skill', ''))}, weight {p.get('weight', '?')}; "
        f"offline grader: {'made' if p.get('covered') else 'missing'})"
        for p in points
    ] or ["- (none given)"]
    parts += ["", "## Skills graded"]
    parts += [
        f"- {_line(s.get('title') or s.get('skill', ''))}: {s.get('score', '?')}/4, "
        f"{_line(s.get('reason', ''))}"
        for s in skills
    ] or ["- (none)"]
    parts += ["", "## The offline debrief", f"Overall: {debrief.get('overall', '?')}/100."]
    next_lesson = debrief.get("next_lesson")
    if isinstance(next_lesson, Mapping):
        lesson, reason = _line(next_lesson.get("title", "")), _line(next_lesson.get("reason", ""))
        parts.append(f"Suggested next lesson: {lesson} ({reason}).")
    if figures:
        parts.append("Figures it flags:")
        parts += [f"- {_line(f.get('message', ''))}" for f in figures]
    text = answer.strip()
    if len(text) > MAX_ANSWER_CHARS:
        text = text[:MAX_ANSWER_CHARS] + "\n\n[answer cut here]"
    parts += [
        "",
        "## The candidate's answer",
        "",
        text or "(empty)",
        "",
        "Give your second opinion on this answer and on the offline grade.",
    ]
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(parts)}]
