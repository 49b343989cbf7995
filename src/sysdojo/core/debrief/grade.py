"""Grade one answer against one case study: key points, figures, specificity, structure, skill scores.

The rules, and why they are what they are, are in RUBRIC.md beside this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sysdojo.core.content.model import Page
from sysdojo.core.debrief.answer import Answer, answer_parse, phase_minutes_check
from sysdojo.core.debrief.figures import FigureCheck, answer_figures
from sysdojo.core.debrief.lexicon import (
    COMPONENTS,
    CONFIG,
    FAILURE,
    MITIGATION,
    OBSERVABILITY,
    SIZED,
    SKILL_TERMS,
    TRADEOFF,
    VAGUE,
    technologies,
)
from sysdojo.core.debrief.match import Index
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
from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import estimate_evaluate

# A 45-minute interview: minutes per phase when the caller gives no budgets.
DEFAULT_BUDGETS: dict[str, float] = {
    "requirements": 5, "estimation": 5, "api": 4, "data-model": 4, "high-level-design": 10,
    "deep-dives": 10, "trade-offs": 4, "failure-modes": 3,
}  # fmt: skip
CORE_PHASES = tuple(DEFAULT_BUDGETS)
WEIGHTS = {"points": 0.40, "skills": 0.20, "structure": 0.15, "specificity": 0.15, "estimation": 0.10}
THRESHOLDS = ((0.75, 4), (0.5, 3), (0.25, 2))  # raw skill score -> 1-4
_DIGIT = re.compile(r"\d")
_LATENCY = re.compile(r"\bp9\d|\b\d+(?:\.\d+)?\s*(?:ms|milliseconds?|µs|us|microseconds?)\b")


def _evidence(answer: Answer, indexes: Iterable[int], limit: int = 3) -> tuple[Evidence, ...]:
    out = []
    for i in sorted(set(indexes))[:limit]:
        s = answer.sentences[i]
        text = s.text if len(s.text) <= 280 else s.text[:277].rstrip() + "..."
        out.append(Evidence(line=s.line, phase=s.phase, text=text))
    return tuple(out)


def _specific(index: Index, i: int) -> bool:
    lowered = index.lowered[i]
    return bool(_DIGIT.search(lowered) or CONFIG.search(lowered))


def _points(page: Page, answer: Answer, index: Index) -> tuple[PointResult, ...]:
    results = []
    for point in page.answer_key:
        matched: list[str] = []
        sentences: list[int] = []
        for synonym in dict.fromkeys(point.synonyms):
            hits = [h for h in index.find(synonym) if not h.negated]
            if hits:
                matched.append(synonym)
                sentences += [h.sentence for h in hits]
        results.append(
            PointResult(
                point=point.point,
                skill=point.skill,
                weight=point.weight,
                covered=bool(matched),
                matched=tuple(matched),
                evidence=_evidence(answer, sentences),
                lesson=point.lesson or point.skill,
                key_line=point.line,
            )
        )
    return tuple(results)


def _specificity(answer: Answer, index: Index) -> Specificity:
    specific: dict[str, Mention] = {}
    bare: dict[str, Mention] = {}
    for name in technologies():
        for hit in index.find(name):
            s = answer.sentences[hit.sentence]
            mention = Mention(name=name, line=s.line, text=s.text, specific=_specific(index, hit.sentence))
            if mention.specific and name not in specific:
                specific[name] = mention
            elif not mention.specific and name not in bare:
                bare[name] = mention
    vague: list[Mention] = []
    for i, lowered in enumerate(index.lowered):
        if _DIGIT.search(lowered):
            continue
        spans: list[tuple[int, int]] = []
        for pattern, skill in VAGUE:
            for m in re.finditer(pattern, lowered):
                if any(m.start() < y and x < m.end() for x, y in spans):
                    continue  # one phrase, one count ("use a sql database" is not also "a sql database")
                spans.append(m.span())
                s = answer.sentences[i]
                vague.append(Mention(name=m.group(0), line=s.line, text=s.text, specific=False, skill=skill))
    bare_only = {k: v for k, v in bare.items() if k not in specific}
    denominator = len(specific) + 0.5 * len(bare_only) + len(vague)
    return Specificity(
        specific=tuple(sorted(specific.values(), key=lambda m: (m.line, m.name))),
        bare=tuple(sorted(bare_only.values(), key=lambda m: (m.line, m.name))),
        vague=tuple(vague),
        score=round(len(specific) / denominator, 4) if denominator else 0.0,
    )


def _structure(
    answer: Answer, index: Index, minutes: Mapping[str, float], budgets: Mapping[str, float]
) -> Structure:
    phases: list[PhaseTime] = []
    present = [p for p in (*CORE_PHASES, "observability") if any(s.phase == p for s in answer.sections)]
    for phase in present:
        sections = [s for s in answer.sections if s.phase == phase]
        spent, budget = minutes.get(phase), budgets.get(phase)
        verdict = ""
        if spent is not None and budget:
            verdict = (
                "over budget" if spent > 1.5 * budget else "rushed" if spent < 0.5 * budget else "on time"
            )
        phases.append(
            PhaseTime(
                phase=phase,
                headings=tuple(s.heading for s in sections),
                line=sections[0].line,
                words=sum(s.words for s in sections),
                minutes=spent,
                budget=budget,
                verdict=verdict,
            )
        )
    missing = tuple(p for p in CORE_PHASES if p not in present)
    tradeoffs = [i for i, text in enumerate(index.lowered) if TRADEOFF.search(text)]
    failures = [i for i, text in enumerate(index.lowered) if FAILURE.search(text) and MITIGATION.search(text)]
    signals = tuple(t for t in OBSERVABILITY if any(not h.negated for h in index.find(t)))
    sized: list[str] = []
    unsized: list[str] = []
    for component, names in COMPONENTS:
        mentioned = {h.sentence for n in names for h in index.find(n)}
        if mentioned:
            has = any(SIZED.search(index.lowered[i]) for i in mentioned)
            (sized if has else unsized).append(component)
    parts = [
        len([p for p in CORE_PHASES if p in present]) / len(CORE_PHASES),
        min(1.0, len(tradeoffs) / 3),
        min(1.0, len(failures) / 3),
        min(1.0, len(signals) / 4),
        len(sized) / (len(sized) + len(unsized)) if sized or unsized else 0.0,
    ]
    return Structure(
        phases=tuple(phases),
        missing=missing,
        tradeoffs=_evidence(answer, tradeoffs, limit=8),
        failure_modes=_evidence(answer, failures, limit=8),
        observability=signals,
        sized=tuple(sized),
        unsized=tuple(unsized),
        score=round(sum(parts) / len(parts), 4),
    )


def _check(
    skill: str,
    answer: Answer,
    index: Index,
    evidence: set[int],
    figures: tuple[FigureCheck, ...],
    structure: Structure,
) -> tuple[float, float, str]:
    """The skill's own signal (0-1), a penalty, and a few words for the reason."""
    if skill == "capacity-estimation":
        ok = sum(f.ok for f in figures)
        wrong = sum(not f.ok for f in figures)
        has_phase = any(p.phase == "estimation" for p in structure.phases)
        signal = min(1.0, ok / 4) * (1.0 if has_phase else 0.5)
        note = f"{ok} figure(s) match the estimate" + (f", {wrong} wrong" if wrong else "")
        return signal, min(0.45, 0.15 * wrong), note
    if skill == "failure-mode-analysis":
        n = len(structure.failure_modes)
        return min(1.0, n / 4), 0.0, f"{n} failure(s) with a response"
    if skill == "observability":
        n = len(structure.observability)
        return min(1.0, n / 5), 0.0, f"{n} signal(s) named"
    if skill == "requirements-scoping":
        req = [s for s in answer.sentences if s.phase == "requirements"]
        numbers = [s for s in req if _DIGIT.search(s.text)]
        return 0.5 * bool(req) + 0.5 * bool(numbers), 0.0, "requirements with numbers" if numbers else ""
    if skill == "high-level-architecture":
        share = 1 - len(structure.missing) / len(CORE_PHASES)
        return share, 0.0, f"{len(CORE_PHASES) - len(structure.missing)}/{len(CORE_PHASES)} phases"
    if skill == "latency-budgets":
        n = sum(1 for i in evidence if _LATENCY.search(index.lowered[i]))
        return min(1.0, n / 2), 0.0, f"{n} latency figure(s)" if n else ""
    n = sum(1 for i in evidence if TRADEOFF.search(index.lowered[i]))
    return min(1.0, n / 2), 0.0, f"{n} trade-off(s)" if n else ""


def _skills(
    page: Page,
    answer: Answer,
    index: Index,
    titles: Mapping[str, str],
    points: tuple[PointResult, ...],
    figures: tuple[FigureCheck, ...],
    specificity: Specificity,
    structure: Structure,
) -> list[SkillScore]:
    keyed = list(dict.fromkeys(p.skill for p in page.answer_key))
    scores: list[SkillScore] = []
    for skill in sorted(set(keyed) | set(titles or SKILL_TERMS)):
        title = titles.get(skill, skill.replace("-", " ").capitalize())
        mine = [p for p in points if p.skill == skill]
        weight = sum(p.weight for p in mine)
        covered = sum(p.weight for p in mine if p.covered)
        terms = SKILL_TERMS.get(skill) or tuple(w for w in re.findall(r"[a-z]{4,}", title.lower()))
        term_hits: dict[str, set[int]] = {}
        for term in terms:
            found = {h.sentence for h in index.find(term) if not h.negated}
            if found:
                term_hits[term] = found
        point_sentences = {
            i
            for p in mine
            for syn in p.matched
            for i in (h.sentence for h in index.find(syn) if not h.negated)
        }
        evidence = point_sentences | {i for found in term_hits.values() for i in found}
        touched = bool(covered or term_hits)
        if skill not in keyed and not touched:
            continue
        lesson = next((p.lesson for p in sorted(mine, key=lambda p: -p.weight) if not p.covered), skill)
        if not touched:
            scores.append(SkillScore(skill, title, 1, "not shown", (), weight, lesson))
            continue
        specific = [i for i in evidence if _specific(index, i)]
        breadth = min(1.0, len(term_hits) / 5)
        spec = min(1.0, len(specific) / 4)
        signal, penalty, note = _check(skill, answer, index, evidence, figures, structure)
        vague = [m for m in specificity.vague if m.skill == skill]
        penalty += min(0.3, 0.1 * len(vague))
        if weight:
            raw = 0.5 * covered / weight + 0.15 * breadth + 0.15 * spec + 0.2 * signal - penalty
        else:
            raw = 0.35 * breadth + 0.35 * spec + 0.3 * signal - penalty
        score = next((s for limit, s in THRESHOLDS if raw >= limit), 1)
        made = [p for p in mine if p.covered]
        parts = [f"{len(made)}/{len(mine)} key points (weight {covered}/{weight})"] if mine else []
        parts.append(f"{len(specific)} specific sentence(s)" if specific else "nothing sized or configured")
        if note:
            parts.append(note)
        if vague:
            parts.append(f"vague: '{vague[0].name}'")
        quoted = sorted(point_sentences, key=lambda i: (i not in specific, i))[:2]
        quoted += sorted((i for i in specific if i not in quoted), key=lambda i: i)[: 3 - len(quoted)]
        quoted += sorted(i for i in evidence if i not in quoted)[: max(0, 1 - len(quoted))]
        scores.append(
            SkillScore(skill, title, score, "; ".join(parts), _evidence(answer, quoted), weight, lesson)
        )
    scores.sort(key=lambda s: (s.score, -s.weight, s.skill))
    return scores


def debrief_grade(
    *,
    page: Page,
    answer: str,
    skills: Mapping[str, str],
    phase_minutes: Mapping[str, float] | None = None,
    budgets: Mapping[str, float] | None = None,
    source: str = "answer",
) -> Debrief:
    """Grade `answer` (Markdown with `## ` phases) against the case study `page`.

    `skills` maps the graded skills' ids to their titles. `phase_minutes` (phase or heading -> minutes)
    adds to any times the answer records itself; `budgets` replaces the 45-minute default. Bad input
    raises SysdojoError naming `source`, the line and the field.
    """
    if not page.answer_key:
        raise SysdojoError.at(
            page.source, "has no answer-key block; the debrief needs one", field="answer-key"
        )
    parsed = answer_parse(answer, source=source)
    minutes = dict(parsed.minutes)
    if phase_minutes:
        minutes.update(phase_minutes_check(phase_minutes, source=source, field="phase_minutes"))
    plan = phase_minutes_check(budgets, source=source, field="budgets") if budgets else DEFAULT_BUDGETS
    index = Index(parsed.sentences)
    points = _points(page, parsed, index)
    estimate = page.executable.estimate if page.executable is not None else None
    figures = answer_figures(parsed, estimate_evaluate(estimate)) if estimate is not None else ()
    specificity = _specificity(parsed, index)
    structure = _structure(parsed, index, minutes, plan)
    scores = _skills(page, parsed, index, skills, points, figures, specificity, structure)
    total = sum(p.weight for p in points)
    keyed = {p.skill for p in page.answer_key}
    graded = [s for s in scores if s.skill in keyed]
    ok, wrong = sum(f.ok for f in figures), sum(not f.ok for f in figures)
    parts = {
        "points": sum(p.weight for p in points if p.covered) / total,
        "skills": sum((s.score - 1) / 3 for s in graded) / len(graded),
        "structure": structure.score,
        "specificity": specificity.score,
        "estimation": min(1.0, ok / 4) * ok / (ok + wrong) if ok + wrong else 0.0,
    }
    overall = round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()))
    weakest = scores[0] if scores else None
    next_lesson = None
    if weakest is not None:
        why = f"weakest skill: {weakest.title} ({weakest.score}/4: {weakest.reason})"
        next_lesson = NextLesson(weakest.skill, weakest.title, weakest.lesson, why)
    return Debrief(
        case_id=page.id,
        case_title=page.title,
        overall=overall,
        parts={k: round(v, 4) for k, v in parts.items()},
        skills=tuple(scores),
        points=points,
        figures=figures,
        specificity=specificity,
        structure=structure,
        next_lesson=next_lesson,
    )
