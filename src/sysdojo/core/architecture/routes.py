"""Edge routes: ports on the boxes, paths through the column gaps and lanes, labels that never collide.

* Ports: the edges leaving (entering) a box get their own points on its right (left) side, ordered by
  where they go next (come from), so they fan out without crossing at the box.
* Paths: a cubic curve across each column gap (its control points stay inside the gap, so the curve
  does too) and a straight run along the edge's lane through each column it crosses (lanes are kept
  clear of boxes by the layout). A path therefore never enters a box.
* Labels: near the source end, in the gap right of the source column, which the layout widened to fit
  every label starting there. The labels of one gap are stacked in order as close as possible to their
  edges (ordered_fit), one label height apart, so no two overlap and none reaches into a column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sysdojo.core.architecture.geometry import (
    LABEL_ASCENT,
    LABEL_DESCENT,
    LABEL_LINE,
    LABEL_PAD,
    MARGIN,
    Box,
    EdgeRoute,
    ordered_fit,
)
from sysdojo.core.architecture.model import Design

PORT_STEP = LABEL_LINE  # between the ports of one side of a box when there is room: a label per edge fits
PORT_INSET = 12.0  # ports stay this far from a box's corners
ARROW_GAP = 2.0  # the arrowhead's tip stops short of the target box


@dataclass(frozen=True)
class Columns:
    x: tuple[float, ...]
    width: tuple[float, ...]


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _spread(box: Box, count: int) -> list[float]:
    """`count` port heights on one side of a box, centred, PORT_STEP apart or closer if tight."""
    if count <= 1:
        return [box.y + box.height / 2]
    step = min(PORT_STEP, (box.height - 2 * PORT_INSET) / (count - 1))
    first = box.y + box.height / 2 - step * (count - 1) / 2
    return [first + k * step for k in range(count)]


def _ports(
    design: Design, boxes: Mapping[str, Box], chains: Mapping[int, list[str]], lanes: Mapping[str, float]
) -> tuple[dict[int, float], dict[int, float]]:
    """Height where each edge leaves its source and reaches its target."""

    def centre(item: str) -> float:
        return lanes[item] if item in lanes else boxes[item].y + boxes[item].height / 2

    leaving: dict[str, list[tuple[float, int]]] = {}
    entering: dict[str, list[tuple[float, int]]] = {}
    for e in design.edges:
        chain = chains[e.index]
        leaving.setdefault(e.source, []).append((centre(chain[1]), e.index))
        entering.setdefault(e.target, []).append((centre(chain[-2]), e.index))
    out: dict[int, float] = {}
    into: dict[int, float] = {}
    for ports, sides in ((out, leaving), (into, entering)):
        for cid, edges in sides.items():
            for (_, index), y in zip(sorted(edges), _spread(boxes[cid], len(edges)), strict=True):
                ports[index] = y
    return out, into


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    mid = (x1 + x2) / 2
    return f" C{_n(mid)},{_n(y1)} {_n(mid)},{_n(y2)} {_n(x2)},{_n(y2)}"


def _path(
    chain: list[str], a: Box, b: Box, y1: float, y2: float, lanes: Mapping[str, float], cols: Columns
) -> tuple[str, tuple[float, float]]:
    x, y = a.x + a.width, y1
    d = f"M{_n(x)},{_n(y)}"
    for k, lane in enumerate(chain[1:-1], start=1):
        li = a.layer + k
        left, right, ly = cols.x[li], cols.x[li] + cols.width[li], lanes[lane]
        d += _curve(x, y, left, ly) + f" L{_n(right)},{_n(ly)}"
        x, y = right, ly
    end = (b.x - ARROW_GAP, y2)
    return d + _curve(x, y, *end), end


def _place_labels(
    design: Design, boxes: Mapping[str, Box], out: Mapping[int, float], labels: Mapping[int, str]
) -> tuple[dict[int, tuple[float, float]], float]:
    """Baseline start of each label, and the lowest label bottom (the canvas may need to grow)."""
    by_gap: dict[int, list[tuple[float, int]]] = {}
    for e in design.edges:
        if labels.get(e.index):
            # Just above the edge's start, where it leaves its source.
            by_gap.setdefault(boxes[e.source].layer, []).append((out[e.index] - 4, e.index))
    sources = {e.index: boxes[e.source] for e in design.edges}
    placed: dict[int, tuple[float, float]] = {}
    bottom = 0.0
    for gap in by_gap.values():
        gap.sort()
        baselines = ordered_fit([y for y, _ in gap], [LABEL_LINE] * (len(gap) - 1))
        shift = max(MARGIN / 2 + LABEL_ASCENT - baselines[0], 0.0)  # keep the top label on the canvas
        for (_, index), baseline in zip(gap, baselines, strict=True):
            source = sources[index]
            placed[index] = (source.x + source.width + LABEL_PAD, baseline + shift)
            bottom = max(bottom, baseline + shift + LABEL_DESCENT)
    return placed, bottom


def route_edges(
    design: Design,
    boxes: Mapping[str, Box],
    chains: Mapping[int, list[str]],
    lanes: Mapping[str, float],
    cols: Columns,
    labels: Mapping[int, str],
) -> tuple[dict[int, EdgeRoute], float]:
    """Every edge's route, and the lowest point the labels reach."""
    out, into = _ports(design, boxes, chains, lanes)
    label_at, bottom = _place_labels(design, boxes, out, labels)
    routes = {}
    for e in design.edges:
        a, b = boxes[e.source], boxes[e.target]
        path, end = _path(chains[e.index], a, b, out[e.index], into[e.index], lanes, cols)
        routes[e.index] = EdgeRoute(e.index, path, end, label_at.get(e.index))
    return routes, bottom
