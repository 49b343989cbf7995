"""The core's one YAML loader: lines of keys at a file offset, clear errors, hostile input survived."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdojo.core.errors import SysdojoError
from sysdojo.core.yamlio import load_yaml_block, yaml_load


def test_keys_and_items_keep_their_file_lines() -> None:
    located = yaml_load("a: 1\nb:\n  - x\n  - y: 2\n", source="page.md", line_offset=10)
    assert located.data == {"a": 1, "b": ["x", {"y": 2}]}
    assert located.line_of("a") == 11
    assert located.line_of("b", 1, "y") == 14
    assert located.line_of("missing") == 11  # the document's first line


def test_a_syntax_error_names_the_file_line() -> None:
    with pytest.raises(SysdojoError) as exc:
        yaml_load("a: [1,\nb: 2\n", source="page.md", line_offset=4, field_name="flashcards")
    problem = exc.value.problems[0]
    assert problem.source == "page.md" and problem.field == "flashcards"
    assert problem.line is not None and problem.line >= 5
    assert problem.message.startswith("malformed YAML: ")


def test_a_block_locator_names_paths_and_lines() -> None:
    data, locator = load_yaml_block("components:\n  api: {replicas: x}\n", source="d.md", line_offset=20)
    assert data == {"components": {"api": {"replicas": "x"}}}
    assert str(locator.error(("components", "api", "replicas"), "must be a number")) == (
        "d.md:22: components.api.replicas: must be a number"
    )


def test_aliases_of_aliases_are_walked_once() -> None:
    """'Billion laughs': 9 levels of 9 aliases name 387M leaves; the line map must stay linear."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    started = time.perf_counter()
    located = yaml_load("\n".join(lines), source="x.md")
    assert time.perf_counter() - started < 2
    assert len(located.lines) < 200


def test_deep_nesting_is_data_or_a_clear_error() -> None:
    for depth in (100, 5_000):
        text = "a: " + "[" * depth + "]" * depth
        try:
            yaml_load(text, source="x.md")
        except SysdojoError as exc:
            assert "malformed YAML" in str(exc)


@given(st.text(max_size=200))
def test_any_text_is_data_or_a_clear_error(text: str) -> None:
    try:
        yaml_load(text, source="x.md", line_offset=3)
    except SysdojoError as exc:
        assert all(str(p).startswith("x.md:") for p in exc.problems)
