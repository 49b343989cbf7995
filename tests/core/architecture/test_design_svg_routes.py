"""Diagram geometry: long edges go around boxes, edge labels never collide, natural size is declared."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysdojo.core.architecture import design_analyze, design_from_yaml, design_parse, design_svg
from sysdojo.core.architecture.geometry import label_bounds, ordered_fit

NS = "{http://www.w3.org/2000/svg}"
TYPES = ["service", "cache", "database", "queue", "worker", "load-balancer", "search-index", "external"]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


@st.composite
def dags(draw: st.DrawFn, max_nodes: int = 40) -> dict[str, object]:
    n = draw(st.integers(min_value=2, max_value=max_nodes))
    components: dict[str, object] = {"user": {"type": "client"}}
    for i in range(n):
        components[f"n{i}"] = {"type": draw(st.sampled_from(TYPES)), "replicas": 2}
    edges: list[dict[str, object]] = [{"from": "user", "to": "n0"}]
    words = st.sampled_from(["", "", "reads", "warm new links", "GEOADD (overwrite)", "a rather long label"])
    for j in range(1, n):
        parent = draw(st.integers(min_value=max(0, j - 8), max_value=j - 1))
        edges.append({"from": f"n{parent}", "to": f"n{j}", "label": draw(words),
                      "fan_out": draw(st.sampled_from([1, 1, 3])), "async": draw(st.booleans())})  # fmt: skip
    extra = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n))
    for a, b in extra:
        if a < b:
            edges.append({"from": f"n{a}", "to": f"n{b}", "reads": 0.5, "label": draw(words)})
    return {"name": "random", "traffic": {"read_qps": "1K", "write_qps": 100}, "components": components,
            "edges": edges}  # fmt: skip


def _svg(data: dict[str, object]) -> ET.Element:
    design = design_parse(data, source="prop.md")
    return ET.fromstring(design_svg(design, design_analyze(design)))


def _boxes(root: ET.Element) -> dict[str, Rect]:
    out = {}
    for node in root.iter(f"{NS}g"):
        rect = node.find(f"{NS}rect")
        if "sd-node" in node.get("class", "") and rect is not None:
            x, y, w, h = (float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
            out[node.get("data-id", "")] = (x, y, x + w, y + h)
    return out


def _labels(root: ET.Element) -> list[Rect]:
    out = []
    for text in root.iter(f"{NS}text"):
        if text.get("class") == "sd-edge-label":
            assert text.get("text-anchor") == "start"
            out.append(label_bounds(float(text.get("x", "0")), float(text.get("y", "0")), text.text or ""))
    return out


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _points(d: str, steps: int = 10) -> list[tuple[float, float]]:
    """Points along an SVG path made of M, C and L commands."""
    tokens = re.findall(r"[MCL]|-?[\d.]+", d)
    pts: list[tuple[float, float]] = []
    i, here = 0, (0.0, 0.0)
    while i < len(tokens):
        cmd = tokens[i]
        if cmd == "M":
            here = (float(tokens[i + 1]), float(tokens[i + 2]))
            pts.append(here)
            i += 3
        elif cmd == "L":
            end = (float(tokens[i + 1]), float(tokens[i + 2]))
            pts += [(here[0] + (end[0] - here[0]) * t / steps, here[1]) for t in range(1, steps + 1)]
            here = end
            i += 3
        else:
            c = [float(v) for v in tokens[i + 1 : i + 7]]
            p0, p1, p2, p3 = here, (c[0], c[1]), (c[2], c[3]), (c[4], c[5])
            for k in range(1, steps + 1):
                t = k / steps
                u = 1 - t
                pts.append(
                    (
                        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                    )
                )
            here = p3
            i += 7
    return pts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags())
def test_labels_never_overlap_each_other_nor_a_box(data: dict[str, object]) -> None:
    root = _svg(data)
    boxes = list(_boxes(root).values())
    labels = _labels(root)
    assert labels  # with an analysis every carrying edge is labelled with its flow
    for i, label in enumerate(labels):
        assert not any(_overlap(label, box) for box in boxes), label
        assert not any(_overlap(label, other) for other in labels[i + 1 :]), label
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    for x0, y0, x1, y1 in labels + boxes:
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags())
def test_edges_never_run_through_a_box(data: dict[str, object]) -> None:
    root = _svg(data)
    boxes = _boxes(root)
    for group in root.iter(f"{NS}g"):
        if "sd-edge" not in group.get("class", "").split():
            continue
        path = group.find(f"{NS}path")
        assert path is not None
        for x, y in _points(path.get("d", "")):
            for cid, (x0, y0, x1, y1) in boxes.items():
                assert not (x0 + 1 < x < x1 - 1 and y0 + 1 < y < y1 - 1), (group.get("data-from"), cid, x, y)


LONG = """
name: Long edge
traffic: {read_qps: 1K}
components:
  user: {type: client}
  lb: {type: load-balancer, replicas: 2}
  api: {type: service, replicas: 2}
  a: {type: service, replicas: 2}
  b: {type: service, replicas: 2}
  c: {type: service, replicas: 2}
  db: {type: database, replicas: 2}
edges:
  - user -> lb
  - lb -> api
  - api -> a
  - a -> b
  - b -> c
  - c -> db
  - {from: api, to: db, reads: 0.5, label: skips three columns}
  - {from: api, to: b, reads: 0.5, label: skips one}
  - {from: lb, to: db, reads: 0.1, label: also long}
"""


def test_a_long_edge_bends_around_the_boxes_it_skips() -> None:
    root = ET.fromstring(design_svg(design_from_yaml(LONG, source="l.md")))
    boxes = _boxes(root)
    long = next(g for g in root.iter(f"{NS}g") if g.get("data-from") == "api" and g.get("data-to") == "db")
    path = long.find(f"{NS}path")
    assert path is not None and " L" in path.get("d", "")  # runs along a lane through each skipped column
    for x, y in _points(path.get("d", "")):
        for cid in ("a", "b", "c"):
            x0, y0, x1, y1 = boxes[cid]
            assert not (x0 < x < x1 and y0 < y < y1), cid


def test_the_svg_declares_its_natural_size() -> None:
    root = ET.fromstring(design_svg(design_from_yaml(LONG, source="l.md")))
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0 and height > 0
    right = max(x1 for _, _, x1, _ in _boxes(root).values())
    assert right < width  # the boxes fit inside the declared size, so nothing is scaled down


def test_ordered_fit_keeps_order_and_spacing_and_stays_close() -> None:
    assert ordered_fit([0, 0, 0], [10, 10]) == pytest.approx([-10, 0, 10])
    assert ordered_fit([0, 50, 100], [10, 10]) == pytest.approx([0, 50, 100])
    fitted = ordered_fit([5, 0, 40], [20, 20])
    assert fitted[1] - fitted[0] >= 20 - 1e-9 and fitted[2] - fitted[1] >= 20 - 1e-9
