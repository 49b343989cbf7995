"""Left-to-right layered layout: type tiers, longest-path layers, barycenter ordering, fixed-size boxes.

Every edge points from a lower layer to a higher one (a component sits right of everything that calls it
and no further left than its type's tier), and boxes are placed on a grid of columns and rows, so two
boxes can never overlap whatever the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from sysdojo.core.architecture.model import Design
from sysdojo.core.numbers import numbers_load

BOX_HEIGHT = 72.0
ROW_GAP = 26.0
COLUMN_GAP = 90.0
MARGIN = 24.0
CHAR_WIDTH = 7.0  # average glyph width of the 12px sans-serif used for labels
MIN_WIDTH = 130.0
MAX_WIDTH = 230.0
SWEEPS = 4


@dataclass(frozen=True)
class Box:
    id: str
    layer: int
    x: float
    y: float
    width: float
    height: float

    @property
    def max_chars(self) -> int:
        return max(int((self.width - 16) / CHAR_WIDTH), 4)


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    width: float
    height: float


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


def _order(design: Design, layer: dict[str, int]) -> list[list[str]]:
    count = max(layer.values(), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(count)]
    for cid in design.order:
        rows[layer[cid]].append(cid)
    preds: dict[str, list[str]] = {cid: [] for cid in layer}
    succs: dict[str, list[str]] = {cid: [] for cid in layer}
    for e in design.edges:
        preds[e.target].append(e.source)
        succs[e.source].append(e.target)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        indices = range(1, count) if forward else range(count - 2, -1, -1)
        pos = {cid: i / max(len(row), 1) for row in rows for i, cid in enumerate(row)}
        for li in indices:
            neighbours = preds if forward else succs
            row = rows[li]
            # Components with no neighbours on this side keep their place.
            keys = {
                cid: (
                    sum(pos[n] for n in neighbours[cid]) / len(neighbours[cid])
                    if neighbours[cid]
                    else pos[cid]
                )
                for cid in row
            }
            row.sort(key=keys.__getitem__)
            for i, cid in enumerate(row):
                pos[cid] = i / max(len(row), 1)
    return rows


def _label_chars(design: Design) -> dict[str, int]:
    out = {}
    for c in design.components:
        kind = f"{c.type} · {c.tech}" if c.tech else c.type
        out[c.id] = max(len(c.label), len(kind) + 5)
    return out


def layout(design: Design) -> Layout:
    layer = _layers(design)
    rows = _order(design, layer)
    chars = _label_chars(design)
    widths = [
        min(max(MIN_WIDTH, max((chars[c] for c in row), default=0) * CHAR_WIDTH + 16), MAX_WIDTH)
        for row in rows
    ]
    tallest = max((len(row) for row in rows), default=0)
    total_h = tallest * BOX_HEIGHT + max(tallest - 1, 0) * ROW_GAP
    boxes: dict[str, Box] = {}
    x = MARGIN
    for li, row in enumerate(rows):
        row_h = len(row) * BOX_HEIGHT + max(len(row) - 1, 0) * ROW_GAP
        y = MARGIN + (total_h - row_h) / 2
        for cid in row:
            boxes[cid] = Box(cid, li, x, y, widths[li], BOX_HEIGHT)
            y += BOX_HEIGHT + ROW_GAP
        x += widths[li] + COLUMN_GAP
    width = x - COLUMN_GAP + MARGIN if rows else 2 * MARGIN
    return Layout(boxes=boxes, width=width, height=total_h + 2 * MARGIN)
