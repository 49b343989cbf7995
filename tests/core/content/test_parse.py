"""The page parser: good pages parse into the model; every bad input is one clear line, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdojo.core.content.parse import page_parse
from sysdojo.core.errors import SysdojoError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "content"
GOOD = (FIXTURES / "skills" / "caching.md").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(SysdojoError) as caught:
        page_parse(text, source="page.md")
    return [str(p) for p in caught.value.problems]


def test_good_page_parses_into_the_model() -> None:
    page = page_parse(GOOD, source="caching.md")
    assert (page.id, page.kind, page.phase, page.tier) == ("caching", "skill", 3, None)
    assert page.related == ("redis", "consistent-hashing", "idempotency")
    assert [s.title for s in page.sections if s.level == 2][:2] == ["What it is", "How it works"]
    assert len(page.flashcards) == 2 and page.flashcards[0].answer == "95% or more."
    single, multiple, numeric = page.quiz
    assert single.correct == (2,) and multiple.correct == (0, 1)
    assert numeric.value == 347 and numeric.tolerance == pytest.approx(17.35)
    assert numeric.accepts(340) and not numeric.accepts(300)
    assert {link.target for link in page.links} == {"redis", "idempotency"}


def test_content_hash_changes_with_the_text() -> None:
    first = page_parse(GOOD, source="a.md").content_hash
    assert first == page_parse(GOOD, source="b.md").content_hash
    assert first != page_parse(GOOD.replace("Cache-aside", "Read-through"), source="a.md").content_hash


def test_missing_front_matter_names_line_one() -> None:
    assert problems("# Title\n\nno front matter") == [
        "page.md:1: the file must start with YAML front matter between two '---' lines"
    ]


def test_malformed_yaml_names_the_line() -> None:
    text = GOOD.replace("priority: high", "priority: [high", 1)
    (message,) = problems(text)
    assert message.startswith("page.md:") and "malformed YAML" in message


def test_unknown_and_missing_fields_name_the_field() -> None:
    text = GOOD.replace("tags: [ttl, eviction]\n", "").replace("depth: intermediate", "depht: intermediate")
    found = problems(text)
    assert "page.md:8: depht: unknown field" in found[0]
    assert any("depth: missing required field" in p for p in found)
    assert any("tags: missing required field" in p for p in found)


def test_wrong_kind_and_values() -> None:
    found = problems(
        GOOD.replace("kind: skill", "kind: recipe").replace("priority: high", "priority: urgent")
    )
    assert any("page.md:3: kind: unknown kind 'recipe'" in p for p in found)
    assert any("page.md:7: priority: must be one of high, medium, low" in p for p in found)


def test_phase_kind_rejects_tier() -> None:
    found = problems(GOOD.replace("phase: 3", "tier: 2"))
    assert any("phase: a skill page needs 'phase'" in p for p in found)
    assert any("tier: a skill page is placed by 'phase', not 'tier'" in p for p in found)


def test_missing_required_section() -> None:
    found = problems(GOOD.replace("## Common mistakes", "## Mistakes people make"))
    assert any("sections: missing required section '## Common mistakes'" in p for p in found)


def test_bad_links_are_errors() -> None:
    found = problems(GOOD.replace("[Redis](redis)", "[Redis](../technologies/redis.md)"))
    assert any("link: '../technologies/redis.md' is neither a page id" in p for p in found)


def test_quiz_answer_must_be_a_choice() -> None:
    found = problems(GOOD.replace("answer: Write-behind", "answer: Write-around"))
    assert any("quiz[1]: answer 'Write-around' is not one of the choices" in p for p in found)


def test_block_yaml_error_points_into_the_file() -> None:
    text = GOOD.replace("- q: Why jitter TTLs?", "- q: Why jitter: TTLs?")
    found = problems(text)
    line = GOOD.splitlines().index("- q: Why jitter TTLs?") + 1
    assert any(p.startswith(f"page.md:{line}: flashcards: malformed YAML") for p in found)


def test_h1_is_refused() -> None:
    assert any("use '##' headings" in p for p in problems(GOOD.replace("## What it is", "# What it is")))


_front_matter_values = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.lists(st.text(max_size=10), max_size=3),
    st.none(),
    st.booleans(),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(["id", "kind", "title", "phase", "related", "tags", "minutes", "summary"]),
    value=_front_matter_values,
)
def test_any_front_matter_value_gives_a_clear_error_or_a_page(field: str, value: object) -> None:
    import yaml

    head, body = GOOD.split("\n---\n", 1)
    meta = yaml.safe_load(head.removeprefix("---\n"))
    meta[field] = value
    text = "---\n" + yaml.safe_dump(meta) + "---\n" + body
    try:
        page_parse(text, source="page.md")
    except SysdojoError as exc:
        assert all(str(p).startswith("page.md:") for p in exc.problems)


@settings(max_examples=300, deadline=None)
@given(junk=st.text(max_size=400))
def test_arbitrary_text_never_crashes(junk: str) -> None:
    for text in (
        junk,
        "---\n" + junk + "\n---\n",
        GOOD[:200] + junk,
        GOOD + "\n```quiz\n" + junk + "\n```\n",
    ):
        try:
            page_parse(text, source="page.md")
        except SysdojoError as exc:
            assert exc.problems and all(str(p).startswith("page.md") for p in exc.problems)
