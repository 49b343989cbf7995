"""The offline interview debrief: grade a written mock-interview answer against a case study.

    page = page_parse(text, source="content/case-studies/url-shortener.md")
    debrief = debrief_grade(page=page, answer=answer_text, skills={"caching": "Caching strategy", ...})
    debrief.overall                 # 0-100
    debrief.skills                  # one 1-4 score per skill, weakest first, each with evidence and reason
    debrief.wrong_figures           # "you said 4,000 reads per second; the estimate gives ~19K/s ..."
    debrief.missing                 # answer-key points not made, each with the lesson that teaches it
    debrief.next_lesson             # the lesson for the weakest skill
    debrief.to_dict()               # plain JSON-ready data

Deterministic (no clock, no randomness, every list in a fixed order) and pure Python. The scoring
rules are in RUBRIC.md; the answer format (phases, optional times) in `answer.py`.
"""

from sysdojo.core.debrief.answer import PHASE_IDS, Answer, answer_parse, phase_of
from sysdojo.core.debrief.figures import FigureCheck, answer_figures
from sysdojo.core.debrief.grade import DEFAULT_BUDGETS, debrief_grade
from sysdojo.core.debrief.model import (
    Debrief,
    Evidence,
    Mention,
    NextLesson,
    PhaseTime,
    PointResult,
    SkillScore,
    Specificity,
    Structure,
)

__all__ = [
    "DEFAULT_BUDGETS",
    "PHASE_IDS",
    "Answer",
    "Debrief",
    "Evidence",
    "FigureCheck",
    "Mention",
    "NextLesson",
    "PhaseTime",
    "PointResult",
    "SkillScore",
    "Specificity",
    "Structure",
    "answer_figures",
    "answer_parse",
    "debrief_grade",
    "phase_of",
]
