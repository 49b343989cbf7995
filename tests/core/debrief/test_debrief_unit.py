"""The debrief's parts on small answers: matching, phases and times, figures, errors, JSON, properties."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysdojo.core.debrief import answer_parse, debrief_grade, phase_of
from sysdojo.core.debrief.match import Index, norm
from sysdojo.core.errors import SysdojoError
from tests.core.debrief.samples import case, skills

URL = "url-shortener"


def grade(answer: str, **kwargs: object) -> object:
    return debrief_grade(page=case(URL), answer=answer, skills=skills(), **kwargs)  # type: ignore[arg-type]


def covered(answer: str) -> set[str]:
    result = debrief_grade(page=case(URL), answer=answer, skills=skills())
    return {s for p in result.points if p.covered for s in p.matched}


def test_phase_headings_match_loosely() -> None:
    assert phase_of("Capacity estimate") == "estimation"
    assert phase_of("Back-of-the-envelope") == "estimation"
    assert phase_of("3. Trade-offs") == "trade-offs"
    assert phase_of("Tradeoffs") == "trade-offs"
    assert phase_of("HLD") == "high-level-design"
    assert phase_of("Step 2: API design") == "api"
    assert phase_of("Failure modes and recovery") == "failure-modes"
    assert phase_of("Analytics") == "other"


def test_normalisation_hyphens_plurals() -> None:
    assert norm("Cache-Aside  caches") == norm("cache aside cache") == "cach asid cach"
    assert norm("Replicas, policies, batches") == norm("replica, policy, batch")
    text = "## Design\nWe use a key-generation service and pre generated keys.\n"
    index = Index(answer_parse(text).sentences)
    assert index.find("key generation services") and index.find("pre-generated key")


def test_numbers_match_whole_numbers_only() -> None:
    assert "302" in covered("## API\nRedirects return 302 Found.\n")
    for text in ("a 3020 status", "1,302 links", "302.5 ms", "302K links"):
        assert "302" not in covered(f"## API\nWe saw {text}.\n"), text


def test_negation_does_not_make_a_point() -> None:
    assert "kafka" not in covered("## Design\nWe don't need Kafka here.\n")
    assert "kafka" in covered("## Design\nClick events go to Kafka.\n")


def test_evidence_quotes_the_sentence_and_line() -> None:
    result = debrief_grade(
        page=case(URL), answer="## Design\n\nIntro.\nWe put Redis in front, cache-aside.\n", skills=skills()
    )
    point = next(p for p in result.points if "redis" in p.matched)
    assert point.evidence[0].line == 4 and point.evidence[0].text == "We put Redis in front, cache-aside."
    assert point.evidence[0].phase == "high-level-design"


def test_no_headings_is_a_clear_error() -> None:
    with pytest.raises(SysdojoError) as err:
        debrief_grade(page=case(URL), answer="Just a paragraph.\n", skills=skills(), source="a.md")
    assert str(err.value).startswith("a.md:1: has no '## ' headings")


def test_front_matter_and_markers_give_minutes() -> None:
    text = "---\nminutes: {requirements: 4, capacity estimate: 20}\n---\n## Requirements\nScope.\n"
    text += "## High-level design\n<!-- minutes: 9 -->\nA service.\n"
    result = debrief_grade(page=case(URL), answer=text, skills=skills(), phase_minutes={"Trade-offs": 2})
    times = {p.phase: (p.minutes, p.verdict) for p in result.structure.phases}
    assert times["requirements"] == (4.0, "on time")
    assert times["high-level-design"] == (9.0, "on time")
    assert "estimation" not in times  # no such section: the time is kept but there is no phase to show
    assert result.structure.missing[0] == "estimation"
    over = debrief_grade(page=case(URL), answer=text, skills=skills(), budgets={"requirements": 2})
    assert {p.phase: p.verdict for p in over.structure.phases}["requirements"] == "over budget"


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ("---\nminutes: [1, 2]\n---\n## API\nx\n", "minutes", 2),
        ("---\nminute: {api: 3}\n---\n## API\nx\n", "front matter", 2),
        ("---\nminutes: {api: lots}\n---\n## API\nx\n", "minutes", 2),
        ("---\nminutes: {lunch: 3}\n---\n## API\nx\n", "minutes", 2),
        ("---\nminutes: {api: [\n---\n## API\nx\n", None, None),
    ],
)
def test_bad_front_matter_names_file_line_field(text: str, field: str | None, line: int | None) -> None:
    with pytest.raises(SysdojoError) as err:
        debrief_grade(page=case(URL), answer=text, skills=skills(), source="a.md")
    problem = err.value.problems[0]
    assert problem.source == "a.md"
    if field:
        assert problem.field == field and problem.line == line


def test_bad_phase_minutes_argument() -> None:
    with pytest.raises(SysdojoError, match="phase_minutes"):
        debrief_grade(page=case(URL), answer="## API\nx\n", skills=skills(), phase_minutes={"api": -1})


def test_wrong_and_right_figures() -> None:
    text = (
        "## Capacity estimate\n"
        "Creates are about 193 per second. Reads are about 3,500 reads/s.\n"
        "We serve about 19K redirects per second.\n"
        "## Deep dives\nEnvoy handles 10K requests per second per node.\n"
    )
    result = debrief_grade(page=case(URL), answer=text, skills=skills())
    wrong = [f.message for f in result.wrong_figures]
    assert wrong == ["you said 3,500 reads/s; the estimate gives ~19K/s (Redirects per second)"]
    assert any(f.ok and f.name == "read_qps" for f in result.figures)


def test_specificity_counts_sized_technologies_and_vague_phrases() -> None:
    text = "## Design\nRedis cluster, 6 shards, LRU, 64 GB.\nWe add a cache.\nUse Kafka.\n"
    spec = debrief_grade(page=case(URL), answer=text, skills=skills()).specificity
    assert [m.name for m in spec.specific] == ["redis"]
    assert [m.name for m in spec.bare] == ["kafka"]
    assert [m.name for m in spec.vague] == ["add a cache"]
    assert 0 < spec.score < 1


def test_structure_tradeoffs_failures_observability() -> None:
    text = (
        "## Trade-offs\nI chose 302 over 301 because we need every click.\n"
        "## Failure modes\nIf Redis goes down, reads fall back to Cassandra.\n"
        "## Observability\nWe alert on the SLO burn rate and watch p99.\n"
    )
    structure = debrief_grade(page=case(URL), answer=text, skills=skills()).structure
    assert len(structure.tradeoffs) == 1 and len(structure.failure_modes) == 1
    assert {"slo", "burn rate", "p99", "alert"} <= set(structure.observability)


def test_untouched_key_skills_score_one_not_shown() -> None:
    result = debrief_grade(page=case(URL), answer="## Requirements\nShort links.\n", skills=skills())
    api = result.skill("api-design")
    assert api is not None and api.score == 1 and api.reason == "not shown" and api.evidence == ()
    assert result.next_lesson is not None and result.next_lesson.skill == result.skills[0].skill


def test_to_dict_is_json() -> None:
    result = debrief_grade(page=case(URL), answer="## API\nPOST /v1/links returns 302.\n", skills=skills())
    data = json.loads(json.dumps(result.to_dict()))
    assert data["case_id"] == URL and data["skills"] and data["missing"] and "overall" in data


BUDGET_S = 0.3
HEADINGS = ["## Requirements\n", "## Capacity estimate\n", "## API\n", "## Trade-offs\n", "## "]
PIECES = ["20K QPS ", "5 TB per day ", "3 replicas ", "302 ", "---\n", "```\n", "<!-- minutes: 3 -->",
          "Redis cluster, 6 shards ", "400 servers ", "$5 a month ", "20B a day ", "\n\n- "]  # fmt: skip
headings = st.sampled_from(HEADINGS)
chunks = st.one_of(st.text(max_size=200), st.sampled_from(PIECES))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(headings, chunks), max_size=30))
def test_any_text_only_raises_sysdojo_error_and_is_fast(parts: list[str]) -> None:
    text = "".join(parts)
    start = time.perf_counter()
    try:
        result = debrief_grade(page=case(URL), answer=text, skills=skills())
    except SysdojoError:
        pass
    else:
        json.dumps(result.to_dict())
        assert 0 <= result.overall <= 100
        assert all(1 <= s.score <= 4 for s in result.skills)
    assert time.perf_counter() - start < BUDGET_S
