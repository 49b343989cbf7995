"""The skill map's scoring rules: pure functions over dated evidence, no Django.

    evidence = [*quiz_evidence(...), *debrief_evidence(debrief.to_dict(), at=...), *review_evidence(...)]
    skill_score(evidence_for_one_skill)             # 1.0-4.0, or None when nothing is known
    streak_days(activity_days, today=today)         # consecutive days with any activity

Scores use the debrief's 1-4 scale. A skill with no evidence is unknown (None), never 1: a learner
who has not been tested is not a learner who failed.
"""

from sysdojo.core.skillmap.rules import (
    HALF_LIFE_DAYS,
    SOURCE_WEIGHTS,
    DebriefSkill,
    Evidence,
    debrief_evidence,
    debrief_problem,
    debrief_skills,
    level_of,
    quiz_evidence,
    quiz_skills,
    review_evidence,
    skill_score,
    skill_trend,
    streak_days,
    weakest,
)

__all__ = [
    "HALF_LIFE_DAYS",
    "SOURCE_WEIGHTS",
    "DebriefSkill",
    "Evidence",
    "debrief_evidence",
    "debrief_problem",
    "debrief_skills",
    "level_of",
    "quiz_evidence",
    "quiz_skills",
    "review_evidence",
    "skill_score",
    "skill_trend",
    "streak_days",
    "weakest",
]
