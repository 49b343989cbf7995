"""Shapes and sizes of the diagram: boxes, edge routes, label boxes, and the ordered fit used to place them.

Text is not measured (the core has no fonts): a label's width is its length times an average glyph width
of the 12px sans-serif used, which errs wide so the reserved space is enough in practice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BOX_HEIGHT = 72.0
ROW_GAP = 26.0  # between two boxes of a column
LANE_GAP = 14.0  # between a long edge's passage through a column and its neighbours
COLUMN_GAP = 90.0  # the narrowest gap between columns (wider when its edge labels need it)
MARGIN = 24.0
CHAR_WIDTH = 7.0  # average glyph width of the 12px sans-serif used for labels
MIN_WIDTH = 130.0
MAX_WIDTH = 230.0
LABEL_PAD = 6.0  # between a label and the columns on either side of its gap
LABEL_LINE = 15.0  # vertical room one edge label takes (its 14px box and a pixel to spare)
LABEL_ASCENT = 11.0  # baseline to the top of a 12px label
LABEL_DESCENT = 3.0


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
class EdgeRoute:
    """An edge's drawn path (SVG path data) and where its label's baseline starts (None: no label)."""

    index: int
    path: str
    end: tuple[float, float]  # where the arrow points, just left of the target box
    label_at: tuple[float, float] | None


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    edges: dict[int, EdgeRoute]
    width: float
    height: float


def label_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def label_bounds(x: float, baseline: float, text: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a start-anchored edge label."""
    return (x, baseline - LABEL_ASCENT, x + label_width(text), baseline + LABEL_DESCENT)


def ordered_fit(targets: Sequence[float], gaps: Sequence[float]) -> list[float]:
    """Positions as close as possible (least squares) to `targets` that keep their order and spacing.

    Position i must be at least gaps[i - 1] past position i - 1. Subtracting the cumulative spacing
    turns that into "non-decreasing", which pool-adjacent-violators solves exactly in linear time.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [sum of shifted targets, count]
    for target, offset in zip(targets, offsets, strict=True):
        blocks.append([target - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    out: list[float] = []
    for total, count in blocks:
        out += [total / count] * int(count)
    return [z + offset for z, offset in zip(out, offsets, strict=True)]
