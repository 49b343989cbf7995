"""The analysis HTML shows the fan-out tail exposure when a design fans out."""

from __future__ import annotations

from sysdojo.core.architecture import design_analyze, design_from_yaml
from sysdojo.core.content.executable import analysis_html

TEXT = """
traffic: {read_qps: 100}
components:
  user: {type: client}
  agg: {type: service, replicas: 2}
  leaf: {type: service, replicas: 50}
edges:
  - user -> agg
  - {from: agg, to: leaf, fan_out: FAN}
"""


def test_fan_out_tails_are_shown() -> None:
    analysis = design_analyze(design_from_yaml(TEXT.replace("FAN", "10"), source="t.md"))
    html = analysis_html(analysis)
    assert "<dt>Fan-out tails</dt>" in html
    # 1 - 0.99^10 = 9.56%: the share of requests that wait on at least one per-call p99.
    assert "agg → leaf: 9.6% of requests meet at least one per-call p99" in html


def test_no_fan_out_no_tails_line() -> None:
    analysis = design_analyze(design_from_yaml(TEXT.replace("FAN", "1"), source="t.md"))
    assert "Fan-out tails" not in analysis_html(analysis)
