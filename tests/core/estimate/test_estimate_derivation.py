"""Derivations print the brackets an expression needs, say no step twice in a row, and the prose check
compares a figure only with outputs of a compatible dimension."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdojo.core.estimate import estimate_contradictions, estimate_evaluate, estimate_from_yaml
from sysdojo.core.estimate.calc import CalcError, evaluate_node
from sysdojo.core.estimate.expr import parse_expression, render
from sysdojo.core.estimate.units import Quantity

BLOCK = """
inputs:
  peak_feed_qps: 50K /s
  ranker_rate: 2K /s
  signups: 50K /h
outputs:
  ranker_nodes: {expr: ceil(peak_feed_qps / (ranker_rate * 0.7)), label: ranker nodes}
  signups_hourly: signups -> /h
  signups_plain: signups
"""
RESULT = estimate_evaluate(estimate_from_yaml(BLOCK, source="d.md"))


def derivation(name: str) -> tuple[str, ...]:
    out = RESULT.output(name)
    assert out is not None
    return out.derivation


def test_brackets_the_expression_needs_are_shown() -> None:
    assert derivation("ranker_nodes") == (
        "ranker_nodes = ceil(peak_feed_qps / (ranker_rate × 0.7))",
        "= ceil(50K/s / (2K/s × 0.7))",
        "= 36",
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("a / (b * c)", "a / (b × c)"),
        ("a - (b - c)", "a − (b − c)"),
        ("a - (b + c)", "a − (b + c)"),
        ("(a - b) - c", "a − b − c"),
        ("(a / b) * c", "a / b × c"),
        ("(a + b) * (c - d)", "(a + b) × (c − d)"),
        ("(a ^ b) ^ c", "(a^b)^c"),
        ("a ^ b ^ c", "a^b^c"),
        ("-(a * b)", "−(a × b)"),
        ("(-a) ^ 2", "(−a)^2"),
        ("-a ^ 2", "−a^2"),
        ("x / (2 TB / 1 day)", "x / (2 TB / 1 day)"),
    ],
)
def test_render_brackets(written: str, shown: str) -> None:
    assert render(parse_expression(written)) == shown


def test_a_step_is_not_said_twice_in_a_row() -> None:
    # Before: ("signups_plain = signups", "= 50K/h", "= 50K/h", "= 13.89/s").
    assert derivation("signups_plain") == ("signups_plain = signups", "= 50K/h", "= 13.89/s")
    steps = derivation("signups_hourly")
    assert all(a != b for a, b in pairwise(steps))


VALUES = {"a": 3.0, "b": 0.5, "c": 7.0, "d": 2.0}
_leaf = st.sampled_from(["a", "b", "c", "d", "2", "0.7"])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "^"]), children)
    return binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})") | children.map(lambda x: f"(-{x})")


@settings(max_examples=300)
@given(st.recursive(_leaf, _combine, max_leaves=8))
def test_rendered_expressions_parse_back_to_the_same_value(text: str) -> None:
    env = {k: Quantity(v) for k, v in VALUES.items()}
    try:
        expected = evaluate_node(parse_expression(text), env).value
    except (CalcError, OverflowError, ZeroDivisionError):
        return
    shown = render(parse_expression(text))
    again = evaluate_node(parse_expression(shown), env).value
    assert math.isclose(again, expected, rel_tol=1e-9, abs_tol=1e-12) or (
        math.isnan(again) and math.isnan(expected)
    ), (text, shown)


def test_a_rate_figure_is_not_compared_with_a_plain_count() -> None:
    prose = "Each of the ranker nodes scores 125K scores a second."
    assert estimate_contradictions(prose, RESULT, source="d.md") == []
    # A count next to the output's name is still checked.
    assert estimate_contradictions("We need 125 ranker nodes.", RESULT, source="d.md")


def test_a_per_day_figure_still_compares_with_an_amount() -> None:
    block = "inputs:\n  w: 2K /s\n  size: 1 KB\noutputs:\n  storage_per_day: w * size * 1 day\n"
    result = estimate_evaluate(estimate_from_yaml(block, source="s.md"))  # ~173 GB
    assert estimate_contradictions("Storage per day grows by 2 TB per day.", result, source="s.md")
    assert not estimate_contradictions("Storage per day grows by 170 GB per day.", result, source="s.md")
