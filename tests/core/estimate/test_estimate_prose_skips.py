"""The contradiction check leaves deliberate figures alone: per-unit, hypothetical, escaped."""

from __future__ import annotations

import pytest

from sysdojo.core.estimate import estimate_contradictions

from .test_estimate_prose import RESULT

# The same block as test_estimate_prose: write_qps ~2.3K/s, servers 17.


def flagged(prose: str) -> bool:
    return bool(estimate_contradictions(prose, RESULT, source="p.md"))


def test_the_unqualified_figure_is_still_flagged() -> None:
    assert flagged("The write QPS is 20K writes a second.")
    assert flagged("The write QPS is 20K writes/sec in total.")


@pytest.mark.parametrize(
    "prose",
    [
        "The write QPS is 20K writes a second per node.",
        "The write QPS is 20K writes/sec on each server.",
        "The write QPS reaches 20 writes per second per user.",
        "Each shard takes 20K writes/sec of the write QPS.",
        "At a per-node rate of 20K writes/s the write QPS fits anywhere.",
        "For the write QPS, plan 20K writes/sec per partition.",
        "The write QPS is served with 50K connections per server.",
    ],
)
def test_per_unit_figures_are_skipped(prose: str) -> None:
    assert not flagged(prose)


@pytest.mark.parametrize(
    "prose",
    [
        "At 10x the write QPS is 20K QPS.",
        "At ×10 the write QPS is 20K QPS.",
        "If traffic doubles, the write QPS is 20K QPS.",
        "Suppose the write QPS is 20K QPS.",
        "The write QPS would be 20K QPS with video.",
        "If the write QPS were 20K QPS, we would shard.",
    ],
)
def test_hypothetical_sentences_are_skipped(prose: str) -> None:
    assert not flagged(prose)


def test_escapes() -> None:
    assert not flagged('A blog post puts the write QPS at {{"20K QPS"}}; it is far lower.')
    assert not flagged("A blog post puts the write QPS at `20K QPS`; it is far lower.")
    # "max 5" is not a multiplier, so this sentence is still checked.
    assert flagged("The write QPS peaks at max 20K QPS.")
