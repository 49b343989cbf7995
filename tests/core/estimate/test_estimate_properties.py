from __future__ import annotations

import contextlib
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import (
    estimate_contradictions,
    estimate_evaluate,
    estimate_from_yaml,
    estimate_parse,
)
from sysdojo.core.estimate.calc import evaluate_node
from sysdojo.core.estimate.expr import parse_expression
from sysdojo.core.estimate.units import UNITS, Quantity

ALPHABET = st.sampled_from(list("abcdxyz_0123456789 .,+-*/^()%KMBT:{}[]\n#'\"->$"))
PIECES = st.lists(
    st.sampled_from(
        ["a", "b", "per", " day", " GB", "ceil(", "max(", ")", "*", "/", "^", "-", "1e9", "62", "%", " "]
    ),
    max_size=12,
).map("".join)
UNIT_WORDS = sorted(u for u in UNITS if u.isascii())


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, max_size=80) | PIECES)
def test_junk_expressions_only_raise_sysdojo_error(junk: str) -> None:
    text = f"inputs:\n  a: 3 GB\n  b: 2 /day\noutputs:\n  x: {junk!r}\n"
    try:
        estimate_from_yaml(text, source="junk.md")
    except SysdojoError as exc:
        assert exc.problems and all(p.source == "junk.md" for p in exc.problems)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_junk_yaml_only_raises_sysdojo_error(junk: str) -> None:
    with contextlib.suppress(SysdojoError):
        estimate_from_yaml(junk, source="junk.md", line_offset=5)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ALPHABET, max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(ALPHABET, max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300)
@given(
    st.dictionaries(st.sampled_from(["inputs", "outputs", "title", "profile", "x"]), json_like, max_size=4)
)
def test_junk_mappings_only_raise_sysdojo_error(data: dict[str, object]) -> None:
    with contextlib.suppress(SysdojoError):
        estimate_parse(data, source="junk.md")


@settings(max_examples=200)
@given(st.text(max_size=50), st.text(max_size=300))
def test_junk_overrides_and_prose(value: str, prose: str) -> None:
    spec = estimate_from_yaml("inputs:\n  a: 3 GB\noutputs:\n  x: a * 2\n", source="t.md")
    try:
        result = estimate_evaluate(spec, overrides={"a": value})
    except SysdojoError:
        result = estimate_evaluate(spec)
    estimate_contradictions(prose, result, source="t.md")


def q(expr: str) -> Quantity:
    return evaluate_node(parse_expression(expr), {})


finite = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False)


@given(finite, finite, finite, st.sampled_from(UNIT_WORDS), st.sampled_from(UNIT_WORDS))
def test_distributive_dims(x: float, a: float, b: float, u: str, v: str) -> None:
    left = q(f"{x!r} {v} * ({a!r} {u} + {b!r} {u})")
    right = q(f"{x!r} {v} * {a!r} {u} + {x!r} {v} * {b!r} {u}")
    assert left.dims == right.dims
    assert math.isclose(left.value, right.value, rel_tol=1e-9)


@given(st.sampled_from(UNIT_WORDS), st.sampled_from(UNIT_WORDS))
def test_adding_different_dims_always_fails(u: str, v: str) -> None:
    if UNITS[u].dims == UNITS[v].dims:
        assert q(f"1 {u} + 1 {v}").dims == UNITS[u].dims
        return
    try:
        q(f"1 {u} + 1 {v}")
    except Exception as exc:  # CalcError is internal; only its message matters here
        assert "cannot add" in str(exc)
    else:
        raise AssertionError("expected a dimension clash")


@given(finite, st.sampled_from(UNIT_WORDS))
def test_divide_by_own_unit_is_plain(x: float, u: str) -> None:
    result = q(f"{x!r} {u} / 1 {u}")
    assert result.dims == (0, 0, 0)
    assert math.isclose(result.value, x, rel_tol=1e-9)
