"""Renders a design (and optionally its analysis) as a standalone, CSP-safe SVG.

No `style` attributes, no <style>, no <script>: the web stylesheet themes the `sd-` classes. Presentation
attributes (fill, stroke, stroke-dasharray) give a readable fallback when the SVG is opened on its own;
any CSS rule overrides them.
"""

from __future__ import annotations

import re
from html import escape

from sysdojo.core.architecture.analyze import Analysis
from sysdojo.core.architecture.geometry import Box, EdgeRoute
from sysdojo.core.architecture.layout import layout
from sysdojo.core.architecture.model import Component, Design, Edge
from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate.display import with_suffix

_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,60}\Z")
LINE = 15.0


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def _rate(x: float) -> str:
    return f"{with_suffix(x, 2)}/s"


def _node(c: Component, box: Box, analysis: Analysis | None) -> str:
    classes = ["sd-node", f"sd-type-{c.type}"]
    lines = [(_fit(c.label, box.max_chars), "sd-label")]
    kind = f"{c.type} · {c.tech}" if c.tech else c.type
    nodes = c.replicas * c.shards
    if nodes > 1 or kind != c.label:
        lines.append((_fit(f"{kind} ×{nodes}" if nodes > 1 else kind, box.max_chars), "sd-kind"))
    badges = []
    if analysis is not None:
        load = analysis.load(c.id)
        if load is not None and load.up == 0:
            classes.append("sd-down")
            lines.append(("down", "sd-util"))
        elif load is not None and load.utilization is not None:
            lines.append((f"{load.utilization * 100:.0f}% utilized", "sd-util"))
            if load.utilization > 1:
                classes.append("sd-overloaded")
        spof = next((s for s in analysis.spofs if s.id == c.id), None)
        if spof is not None:
            classes.append("sd-spof" if spof.accepted is None else "sd-spof-accepted")
            badges.append("SPOF" if spof.accepted is None else "SPOF (accepted)")
        if analysis.bottleneck == c.id:
            classes.append("sd-bottleneck")
            badges.append("bottleneck")
    if badges:
        lines.append(("▲ " + ", ".join(badges), "sd-badge"))
    title = f"{c.label} ({c.type})"
    out = [
        f'<g class="{" ".join(classes)}" data-id="{_a(c.id)}">',
        f"<title>{_a(title)}</title>",
        f'<rect class="sd-box" x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" '
        f'height="{_n(box.height)}" rx="6" fill="#ffffff" stroke="#4a5568"/>',
    ]
    top = box.y + (box.height - LINE * len(lines)) / 2 + LINE - 3
    for i, (text, cls) in enumerate(lines):
        out.append(
            f'<text class="{cls}" x="{_n(box.x + box.width / 2)}" y="{_n(top + i * LINE)}" '
            f'text-anchor="middle" fill="#1a202c">{_a(text)}</text>'
        )
    out.append("</g>")
    return "\n".join(out)


def _edge_label(e: Edge, analysis: Analysis | None) -> str:
    label = e.label
    if analysis is not None:
        flow = analysis.edge_reads[e.index] + analysis.edge_writes[e.index]
        label = f"{label} {_rate(flow)}".strip() if flow > 0 else label
    if e.fan_out > 1:
        label = f"{label} ×{e.fan_out:g}".strip()
    return label


def _edge(e: Edge, route: EdgeRoute, label: str, analysis: Analysis | None, marker: str) -> str:
    classes = ["sd-edge", "sd-edge-async" if e.is_async else "sd-edge-sync"]
    dash = ' stroke-dasharray="6 4"' if e.is_async else ""
    if analysis is not None:
        src, dst = analysis.load(e.source), analysis.load(e.target)
        if (src is not None and src.up == 0) or (dst is not None and dst.up == 0):
            classes.append("sd-edge-failed")
    out = [
        f'<g class="{" ".join(classes)}" data-from="{_a(e.source)}" data-to="{_a(e.target)}">',
        f'<path d="{route.path}" fill="none" stroke="#718096"{dash} marker-end="url(#{marker})"/>',
    ]
    if label and route.label_at is not None:
        x, y = route.label_at
        out.append(
            f'<text class="sd-edge-label" x="{_n(x)}" y="{_n(y)}" text-anchor="start" '
            f'fill="#4a5568">{_a(label)}</text>'
        )
    out.append("</g>")
    return "\n".join(out)


def design_svg(design: Design, analysis: Analysis | None = None, *, id_prefix: str = "sd-diagram") -> str:
    """The design as SVG markup; with an analysis, utilization, SPOF and bottleneck marks are added.

    `id_prefix` keeps element ids unique when a page shows several diagrams.
    """
    if not _PREFIX.match(id_prefix):
        raise SysdojoError.at(design.source, f"invalid id prefix {id_prefix!r}", field="id_prefix")
    labels = {e.index: _edge_label(e, analysis) for e in design.edges}
    lay = layout(design, labels)
    marker = f"{id_prefix}-arrow"
    name = design.name or "Architecture diagram"
    summary = f"{len(design.components)} components, {len(design.edges)} connections"
    if analysis is not None:
        spofs = [s.id for s in analysis.spofs if s.accepted is None]
        summary += f". {analysis.headline}. Single points of failure: {', '.join(spofs) or 'none'}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sd-diagram" role="img" '
        f'viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" width="{_n(lay.width)}" height="{_n(lay.height)}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{id_prefix}-title">{_a(name)}</title>',
        f'<desc id="{id_prefix}-desc">{_a(summary)}</desc>',
        "<defs>",
        f'<marker id="{marker}" class="sd-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">',
        '<path d="M0,0 L10,5 L0,10 z" class="sd-arrowhead" fill="#718096"/>',
        "</marker>",
        "</defs>",
        '<g class="sd-edges">',
        *(_edge(e, lay.edges[e.index], labels[e.index], analysis, marker) for e in design.edges),
        "</g>",
        '<g class="sd-nodes">',
        *(_node(c, lay.boxes[c.id], analysis) for c in design.components),
        "</g>",
        "</svg>",
    ]
    return "\n".join(parts)
