from __future__ import annotations

import pytest

from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import estimate_from_yaml


def err(text: str, offset: int = 0) -> SysdojoError:
    with pytest.raises(SysdojoError) as info:
        estimate_from_yaml(text, source="page.md", line_offset=offset)
    return info.value


def test_adding_bytes_to_seconds_names_both_terms() -> None:
    e = err(
        "inputs:\n  retention: 5 years\n  size: 1 GB\noutputs:\n  storage_per_day: size\n"
        "  bad: storage_per_day + retention\n",
        offset=20,
    )
    p = e.problems[0]
    assert p.message == "cannot add storage_per_day (bytes) to retention (seconds)"
    assert p.field == "outputs.bad" and p.line == 26 and p.source == "page.md"


def test_subtract_message() -> None:
    assert "cannot subtract b (seconds) from a (bytes)" in str(
        err("inputs:\n  a: 1 GB\n  b: 1 s\noutputs:\n  c: a - b\n")
    )


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("inputs:\n  a: 1\noutputs:\n  b: a / 0\n", "division by zero"),
        ("inputs:\n  a: 1\noutputs:\n  b: aa * 2\n", "unknown name 'aa' in 'aa * 2' (did you mean 'a'?)"),
        ("inputs:\n  a: 1\noutputs:\n  b: foo(a)\n", "unknown function 'foo'"),
        ("inputs:\n  a: 5 yaers\noutputs:\n  b: a\n", "did you mean 'years'"),
        ("inputs:\n  a: 1 GB\noutputs:\n  b: ceil(a)\n", "ceil() needs a plain number"),
        ("inputs:\n  a: 1\noutputs:\n  b: a * 2 users\n", "expected an operator"),
        ("inputs:\n  a: 1\noutputs:\n  b: (a + 1\n", "missing ')'"),
        ("inputs:\n  a: 1\noutputs:\n  b: a -> parsecs\n", "unit 'parsecs' is not understood"),
        (
            "inputs:\n  a: 1 GB\noutputs:\n  b: a -> /s\n",
            "unit '/s' is a rate per second, but the value is bytes",
        ),
        ("inputs:\n  a: 1\noutputs:\n  b: capacity(rediss)\n", "did you mean 'redis'"),
        ("inputs:\n  a: 1\noutputs:\n  b: 10^100000\n", "too large"),
        ("inputs:\n  a: 1e400\noutputs:\n  b: a\n", "too large"),
        ("inputs:\n  a: 1e300\noutputs:\n  b: a * a\n", "too large"),
        ("inputs:\n  a: 1 GB\noutputs:\n  b: a ^ 0.5\n", "whole power"),
        ("inputs:\n  a: 1\noutputs:\n  b: log2(0)\n", "positive"),
        ("inputs:\n  a: 1\noutput:\n  b: a\n", "unknown key 'output' (did you mean 'outputs'?)"),
        ("inputs:\n  day: 1\noutputs:\n  b: day\n", "unit or function word"),
        ("inputs:\n  a b: 1\noutputs:\n  c: 1\n", "names use letters"),
        ("inputs:\n  a:\noutputs:\n  b: a\n", "has no value"),
        ("inputs:\n  a: true\noutputs:\n  b: a\n", "expected a value"),
        ("inputs:\n  a: 1\noutputs:\n  a: 2\n", "already an input"),
        ("inputs:\n  a: 1\n", "no outputs"),
        ("- just\n- a list\n", "mapping"),
        ("inputs:\n  a: 1\noutputs:\n  b: {expr: a, colour: red}\n", "unknown key 'colour'"),
        ("inputs:\n  a: 1\nprofile: fancy\noutputs:\n  b: a\n", "unknown profile"),
        ("inputs:\n  a: $5\noutputs:\n  b: a\n", "unexpected character"),
    ],
)
def test_bad_blocks(text: str, needle: str) -> None:
    assert needle in str(err(text))


def test_yaml_syntax_error_has_file_line() -> None:
    e = err("inputs:\n  a: 1\n  b: [unclosed\noutputs:\n  c: a\n", offset=100)
    assert e.problems[0].line is not None and e.problems[0].line > 100
    assert "malformed YAML" in e.problems[0].message


def test_several_problems_reported_together() -> None:
    e = err("inputs:\n  a: 5 yaers\n  b: 3 dayz\noutputs:\n  c: a\n")
    assert len(e.problems) == 2
    assert [p.field for p in e.problems] == ["inputs.a", "inputs.b"]
    assert [p.line for p in e.problems] == [2, 3]
