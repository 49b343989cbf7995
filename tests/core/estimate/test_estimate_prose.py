from __future__ import annotations

import pytest

from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import (
    estimate_contradictions,
    estimate_evaluate,
    estimate_from_yaml,
    estimate_render,
)

BLOCK = """
profile: standard
inputs:
  dau: 100M users
  reads_per_user: 10 /day
  writes_per_user: 2 /day
  object_size: 1 KB
  retention: 1 year
  peak_factor: 3
  node_capacity: 2K /s
"""
RESULT = estimate_evaluate(estimate_from_yaml(BLOCK, source="p.md"))
# read_qps ~12K/s, write_qps ~2.3K/s, peak_write_qps ~6.9K/s, storage_per_day 200 GB


def flagged(prose: str) -> list[str]:
    return [p.message for p in estimate_contradictions(prose, RESULT, source="p.md")]


def test_render_placeholders() -> None:
    out = estimate_render("Reads: {{read_qps}} ({{ read_qps:exact }}); {{dau}}.", RESULT, source="p.md")
    assert out == "Reads: ~12K/s (11,574/s); 100M."
    with pytest.raises(SysdojoError, match="did you mean 'read_qps'"):
        estimate_render("{{read_qsp}}", RESULT, source="p.md", line_offset=4)


def test_contradicting_figures_are_flagged() -> None:
    assert flagged("The write QPS is about 20K QPS.")
    assert flagged("We expect 20K writes/sec on average.")
    assert flagged("That is ~20,000 writes per second.")
    assert flagged("Storage per day is about 2 TB.")
    assert flagged("We add 2 TB per day of storage.")
    assert flagged("We need about 100 servers.")


def test_agreeing_or_unrelated_figures_are_not_flagged() -> None:
    assert not flagged("The write QPS is about 2K QPS.")
    assert not flagged("We expect {{write_qps}} writes.")
    assert not flagged("Redis does 100K ops per second on one node.")  # names no output
    assert not flagged("Peak writes/sec reach 7K.")  # 7K within 2x of peak
    assert not flagged("Storage per day is about 200 GB, or 0.2 TB.")
    assert not flagged("```\nwrite qps: 20K QPS\n```")
    assert not flagged("The write QPS, `20K QPS`, is a typo in code.")
    assert not flagged("We need 12 servers.")


def test_longest_alias_wins() -> None:
    # "peak writes/sec" names peak_write_qps (~6.9K), so 7K is fine even though write_qps is ~2.3K.
    assert not flagged("We plan for 7K peak writes/sec.")
    assert flagged("We plan for 50K peak writes/sec.")


def test_line_numbers() -> None:
    problems = estimate_contradictions(
        "Intro.\n\nThe write QPS is 20K QPS.", RESULT, source="p.md", line_offset=10
    )
    assert problems[0].line == 13
