"""Left-to-right layered layout (Sugiyama): layers, lanes for long edges, crossing reduction, coordinates.

1. Layers: a component sits right of everything that calls it and no further left than its type's tier
   (clients, edge, gateways, services, caches/queues, storage, external), so every edge points right.
2. Lanes: an edge that skips columns gets a lane (a dummy node) in every column it crosses. Lanes are
   ordered and spaced like boxes, so a long edge passes between the boxes of a column, never through one.
3. Order: barycenter sweeps over components and lanes; the order with the fewest crossings is kept.
4. Coordinates: each column is fitted, in order and with its gaps kept, as close as possible to the
   mean height of its neighbours (ordered_fit), which straightens long edges. Columns are x-disjoint
   and a column's items keep their gaps, so two boxes can never overlap whatever the graph.
5. Routes (routes.py): ports, paths through the lanes, and edge labels packed in the column gaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from sysdojo.core.architecture.geometry import (
    BOX_HEIGHT,
    CHAR_WIDTH,
    COLUMN_GAP,
    LABEL_PAD,
    LANE_GAP,
    MARGIN,
    MAX_WIDTH,
    MIN_WIDTH,
    ROW_GAP,
    Box,
    Layout,
    label_width,
    ordered_fit,
)
from sysdojo.core.architecture.model import Design
from sysdojo.core.architecture.routes import Columns, route_edges
from sysdojo.core.numbers import numbers_load

__all__ = ["Box", "Layout", "layout"]

ORDER_SWEEPS = 8
COORD_SWEEPS = 6
_LANE = "\x00"  # prefix of lane ids; component ids start with a letter, so they never clash


@dataclass(frozen=True)
class _Graph:
    layer: dict[str, int]  # components and lanes
    preds: dict[str, list[str]]  # between adjacent columns only
    succs: dict[str, list[str]]
    chains: dict[int, list[str]]  # edge index -> [source, lanes..., target]


def _layers(design: Design) -> dict[str, int]:
    numbers = numbers_load()
    tier = {c.id: getattr(numbers.component_type(c.type), "tier", 3) for c in design.components}
    preds: dict[str, list[str]] = {c.id: [] for c in design.components}
    for e in design.edges:
        preds[e.target].append(e.source)
    layer: dict[str, int] = {}
    for cid in design.order:
        layer[cid] = max([tier[cid], *(layer[p] + 1 for p in preds[cid])])
    # Close the gaps left by tiers nobody uses, keeping the order.
    used = sorted(set(layer.values()))
    dense = {old: new for new, old in enumerate(used)}
    return {cid: dense[v] for cid, v in layer.items()}


def _graph(design: Design) -> _Graph:
    layer = _layers(design)
    preds: dict[str, list[str]] = {cid: [] for cid in layer}
    succs: dict[str, list[str]] = {cid: [] for cid in layer}
    chains: dict[int, list[str]] = {}
    for e in design.edges:
        chain = [e.source]
        for li in range(layer[e.source] + 1, layer[e.target]):
            lane = f"{_LANE}{e.index}:{li}"
            layer[lane] = li
            preds[lane], succs[lane] = [], []
            chain.append(lane)
        chain.append(e.target)
        for a, b in pairwise(chain):
            succs[a].append(b)
            preds[b].append(a)
        chains[e.index] = chain
    return _Graph(layer, preds, succs, chains)


def _crossings(rows: list[list[str]], succs: Mapping[str, list[str]]) -> int:
    """Crossings between adjacent columns: inversions of the successor positions, by a Fenwick tree."""
    total = 0
    for upper, lower in pairwise(rows):
        pos = {item: i for i, item in enumerate(lower)}
        tree = [0] * (len(lower) + 1)
        seen = 0
        for item in upper:
            for p in sorted(pos[s] for s in succs[item]):
                i, below = p + 1, 0  # links seen so far that end at or above p
                while i > 0:
                    below += tree[i]
                    i -= i & -i
                total += seen - below
                i = p + 1
                while i <= len(lower):
                    tree[i] += 1
                    i += i & -i
                seen += 1
    return total


def _order(design: Design, g: _Graph) -> list[list[str]]:
    rows: list[list[str]] = [[] for _ in range(max(g.layer.values(), default=-1) + 1)]
    for cid in design.order:
        rows[g.layer[cid]].append(cid)
    for chain in g.chains.values():
        for lane in chain[1:-1]:
            rows[g.layer[lane]].append(lane)
    best, fewest = [list(r) for r in rows], _crossings(rows, g.succs)
    for sweep in range(ORDER_SWEEPS):
        if fewest == 0:
            break
        forward = sweep % 2 == 0
        indices = range(1, len(rows)) if forward else range(len(rows) - 2, -1, -1)
        neighbours = g.preds if forward else g.succs
        pos = {item: i / max(len(row), 1) for row in rows for i, item in enumerate(row)}
        for li in indices:
            row = rows[li]
            # Items with no neighbours on this side keep their place.
            keys = {
                item: sum(pos[n] for n in neighbours[item]) / len(neighbours[item])
                if neighbours[item]
                else pos[item]
                for item in row
            }
            row.sort(key=keys.__getitem__)
            for i, item in enumerate(row):
                pos[item] = i / max(len(row), 1)
        count = _crossings(rows, g.succs)
        if count < fewest:
            best, fewest = [list(r) for r in rows], count
    return best


def _height(item: str) -> float:
    return 0.0 if item.startswith(_LANE) else BOX_HEIGHT


def _gaps(row: list[str]) -> list[float]:
    """Distance from each item's top to the next item's top."""
    return [
        _height(a) + (ROW_GAP if not (a.startswith(_LANE) or b.startswith(_LANE)) else LANE_GAP)
        for a, b in pairwise(row)
    ]


def _tops(rows: list[list[str]], g: _Graph) -> dict[str, float]:
    top: dict[str, float] = {}
    for row in rows:
        for item, y in zip(row, ordered_fit([0.0] * len(row), _gaps(row)), strict=True):
            top[item] = y
    centre = {item: top[item] + _height(item) / 2 for item in top}
    for sweep in range(COORD_SWEEPS + 1):
        last = sweep == COORD_SWEEPS  # a final pass looks both ways
        forward = sweep % 2 == 0
        order = range(len(rows)) if forward or last else range(len(rows) - 1, -1, -1)
        for li in order:
            row = rows[li]
            wanted = []
            for item in row:
                near = g.preds[item] + g.succs[item] if last else g.preds[item] if forward else g.succs[item]
                mean = sum(centre[n] for n in near) / len(near) if near else centre[item]
                wanted.append(mean - _height(item) / 2)
            for item, y in zip(row, ordered_fit(wanted, _gaps(row)), strict=True):
                top[item] = y
                centre[item] = y + _height(item) / 2
    shift = MARGIN - min(top.values(), default=MARGIN)
    return {item: y + shift for item, y in top.items()}


def _label_chars(design: Design) -> dict[str, int]:
    out = {}
    for c in design.components:
        kind = f"{c.type} · {c.tech}" if c.tech else c.type
        out[c.id] = max(len(c.label), len(kind) + 5)
    return out


def layout(design: Design, labels: Mapping[int, str] | None = None) -> Layout:
    """Boxes and edge routes; `labels` (edge index -> text) widen the column gaps that hold them."""
    labels = {i: t for i, t in (labels or {}).items() if t}
    g = _graph(design)
    rows = _order(design, g)
    top = _tops(rows, g)
    chars = _label_chars(design)
    widest = [max((chars[c] for c in row if c in chars), default=0) for row in rows]
    widths = [min(max(MIN_WIDTH, n * CHAR_WIDTH + 16), MAX_WIDTH) for n in widest]
    # A label sits in the gap right of its edge's source column, so that gap is at least as wide.
    gaps = [COLUMN_GAP] * max(len(rows) - 1, 0)
    for e in design.edges:
        if e.index in labels:
            li = g.layer[e.source]
            gaps[li] = max(gaps[li], label_width(labels[e.index]) + 2 * LABEL_PAD)
    xs, x = [], MARGIN
    for li, width in enumerate(widths):
        xs.append(x)
        x += width + (gaps[li] if li < len(gaps) else 0.0)
    boxes = {
        cid: Box(cid, g.layer[cid], xs[g.layer[cid]], top[cid], widths[g.layer[cid]], BOX_HEIGHT)
        for row in rows
        for cid in row
        if not cid.startswith(_LANE)
    }
    lanes = {item: y for item, y in top.items() if item.startswith(_LANE)}
    edges, bottom = route_edges(design, boxes, g.chains, lanes, Columns(tuple(xs), tuple(widths)), labels)
    width = x + MARGIN if rows else 2 * MARGIN
    height = max([*(b.y + b.height for b in boxes.values()), *lanes.values(), bottom], default=0.0) + MARGIN
    return Layout(boxes=boxes, edges=edges, width=width, height=max(height, 2 * MARGIN))
