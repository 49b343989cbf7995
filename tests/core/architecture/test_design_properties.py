from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysdojo.core.architecture import design_analyze, design_from_yaml, design_parse, design_svg
from sysdojo.core.architecture.model import Design
from sysdojo.core.errors import SysdojoError

TYPES = ["service", "cache", "database", "queue", "worker", "load-balancer", "search-index", "object-store"]


@st.composite
def dags(draw: st.DrawFn, max_nodes: int = 60) -> dict[str, object]:
    n = draw(st.integers(min_value=1, max_value=max_nodes))
    components: dict[str, object] = {"user": {"type": "client"}}
    for i in range(n):
        components[f"n{i}"] = {
            "type": draw(st.sampled_from(TYPES)),
            "replicas": draw(st.integers(min_value=1, max_value=4)),
            "label": draw(st.sampled_from([f"n{i}", f"<b>&'n{i}\"", "a very long component label " * 2])),
        }
    edges: list[dict[str, object]] = [{"from": "user", "to": "n0"}]
    for j in range(1, n):
        parent = draw(st.integers(min_value=0, max_value=j - 1))
        edges.append({"from": f"n{parent}", "to": f"n{j}", "async": draw(st.booleans())})
    extra = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n))
    for a, b in extra:
        if a < b:
            edges.append({"from": f"n{a}", "to": f"n{b}", "reads": 0.5, "writes": 0.2})
    return {"name": "random", "traffic": {"read_qps": "1K", "write_qps": 100}, "components": components,
            "edges": edges}  # fmt: skip


def design_of(data: dict[str, object]) -> Design:
    return design_parse(data, source="prop.md")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags(), st.floats(min_value=0.01, max_value=100))
def test_scaling_traffic_scales_every_utilization(data: dict[str, object], k: float) -> None:
    design = design_of(data)
    base, scaled = design_analyze(design), design_analyze(design, scale=k)
    for a, b in zip(base.loads, scaled.loads, strict=True):
        if a.utilization is not None:
            assert b.utilization == pytest.approx(a.utilization * k, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags(max_nodes=20), st.data())
def test_adding_a_replica_never_lowers_availability(data: dict[str, object], pick: st.DataObject) -> None:
    design = design_of(data)
    before = design_analyze(design).availability["read"] or 0
    comps = data["components"]
    assert isinstance(comps, dict)
    cid = pick.draw(st.sampled_from(sorted(comps)))
    comps[cid] = {**comps[cid], "replicas": comps[cid].get("replicas", 1) + 1}
    after = design_analyze(design_of(data)).availability["read"] or 0
    assert after >= before - 1e-15


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags(max_nodes=20), st.data())
def test_failing_a_node_with_a_healthy_twin_keeps_flows_up(
    data: dict[str, object], pick: st.DataObject
) -> None:
    design = design_of(data)
    twins = [c.id for c in design.components if c.replicas >= 2 and c.role is None]
    if not twins:
        return
    cid = pick.draw(st.sampled_from(twins))
    result = design_analyze(design, fail=[cid])
    assert result.failed_flows == ()
    assert all(x.up == 1 for x in result.loads)


_RECT = re.compile(r'<rect class="sd-box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"')


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags(max_nodes=60))
def test_svg_boxes_never_overlap(data: dict[str, object]) -> None:
    design = design_of(data)
    svg = design_svg(design, design_analyze(design))
    rects = [tuple(map(float, m.groups())) for m in _RECT.finditer(svg)]
    assert len(rects) == len(design.components)
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
    assert "style=" not in svg and "<script" not in svg.lower() and "<style" not in svg
    assert "<b>" not in svg  # labels are escaped


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags(max_nodes=30))
def test_edges_point_left_to_right(data: dict[str, object]) -> None:
    design = design_of(data)
    svg = design_svg(design)
    xs = {}
    for m in re.finditer(r'data-id="([^"]+)">\n<title>[^<]*</title>\n' + _RECT.pattern, svg):
        xs[m.group(1)] = float(m.group(2))
    for e in design.edges:
        assert xs[e.source] < xs[e.target]


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
    max_leaves=15,
)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_junk_yaml_designs_only_raise_sysdojo_error(text: str) -> None:
    with contextlib.suppress(SysdojoError):
        design_from_yaml(text, source="junk.md", line_offset=3)


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(["traffic", "components", "edges", "name", "accepted_spof"]), junk))
def test_junk_designs_only_raise_sysdojo_error(data: dict[str, object]) -> None:
    with contextlib.suppress(SysdojoError):
        design_parse(data, source="junk.md")
