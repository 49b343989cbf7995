"""A page's executable blocks: the ```estimate and ```architecture blocks, evaluated and drawn.

Parsed once with the page (errors become content-check problems), evaluated at sync for the stored
HTML, and again with a reader's changes (other inputs, a scale factor, a failed component, another
hit ratio) for the live recalculation. The HTML for both comes from here, so the first render and
every update look the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sysdojo.core.architecture import Analysis, Design, design_analyze, design_parse, design_svg
from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.estimate import Estimate, EstimateResult, estimate_evaluate, estimate_from_yaml
from sysdojo.core.yamlio import load_yaml_block

# What a reader may change on a component from the page (anything else stays as the author wrote it).
COMPONENT_OVERRIDES = ("hit_ratio", "replicas", "capacity")
SCALES = (0.5, 1.0, 2.0, 5.0, 10.0, 100.0)


@dataclass(frozen=True)
class DesignBlock:
    """The architecture block's text, kept so a reader's overrides can be applied before parsing."""

    text: str
    line_offset: int
    design: Design


@dataclass(frozen=True)
class Executable:
    estimate: Estimate | None
    design: DesignBlock | None

    @property
    def empty(self) -> bool:
        return self.estimate is None and self.design is None


@dataclass(frozen=True)
class Evaluation:
    result: EstimateResult | None
    design: Design | None
    analysis: Analysis | None


def executable_parse(
    *, estimate_text: str | None, estimate_line: int, design_text: str | None, design_line: int, source: str
) -> Executable:
    """Parse both blocks; `*_line` is the file line of the block's fence (lines before its YAML)."""
    estimate = (
        estimate_from_yaml(estimate_text, source=source, line_offset=estimate_line)
        if estimate_text is not None
        else None
    )
    design = None
    if design_text is not None:
        result = estimate_evaluate(estimate) if estimate is not None else None
        parsed = _design(design_text, source=source, line_offset=design_line, result=result, overrides={})
        design = DesignBlock(text=design_text, line_offset=design_line, design=parsed)
    return Executable(estimate=estimate, design=design)


def _design(
    text: str,
    *,
    source: str,
    line_offset: int,
    result: EstimateResult | None,
    overrides: Mapping[str, Mapping[str, Any]],
) -> Design:
    data, locator = load_yaml_block(text, source=source, line_offset=line_offset)
    if overrides:
        components = data.get("components") if isinstance(data, dict) else None
        problems = []
        for component_id, changes in overrides.items():
            target = components.get(component_id) if isinstance(components, dict) else None
            if not isinstance(target, dict):
                problems.append(Problem(source, "no such component", field=f"overrides.{component_id}"))
                continue
            for key, value in changes.items():
                if key not in COMPONENT_OVERRIDES:
                    allowed = ", ".join(COMPONENT_OVERRIDES)
                    problems.append(
                        Problem(
                            source,
                            f"cannot be changed (only {allowed})",
                            field=f"overrides.{component_id}.{key}",
                        )
                    )
                    continue
                target[key] = value
        if problems:
            raise SysdojoError(problems)
    return design_parse(data, source=source, line_offset=line_offset, estimate=result, lines=locator.lines)


def executable_evaluate(
    executable: Executable,
    *,
    source: str,
    inputs: Mapping[str, object] | None = None,
    components: Mapping[str, Mapping[str, Any]] | None = None,
    scale: float = 1.0,
    fail: Sequence[str] = (),
) -> Evaluation:
    """Evaluate with a reader's changes. Bad changes raise SysdojoError naming the field."""
    if not 0 < scale <= 10_000:
        raise SysdojoError.at(source, "must be more than 0 and at most 10,000", field="scale")
    result = estimate_evaluate(executable.estimate, overrides=inputs or None) if executable.estimate else None
    if inputs and executable.estimate is None:
        raise SysdojoError.at(source, "this page has no estimate to change", field="inputs")
    if executable.design is None:
        return Evaluation(result=result, design=None, analysis=None)
    block = executable.design
    design = (
        block.design
        if not components and not inputs
        else _design(
            block.text,
            source=source,
            line_offset=block.line_offset,
            result=result,
            overrides=components or {},
        )
    )
    known = {c.id for c in design.components}
    for name in fail:
        if name.split(":")[0] not in known:
            raise SysdojoError.at(source, f"'{name}' is not a component of the design", field="fail")
    analysis = design_analyze(design, fail=tuple(fail), scale=scale)
    return Evaluation(result=result, design=design, analysis=analysis)


# ---------------------------------------------------------------- HTML


def _e(value: object) -> str:
    return html.escape(str(value))


def estimate_table_html(result: EstimateResult) -> str:
    rows = []
    for output in result.outputs:
        note = f'<div class="sd-note">{_e(output.note)}</div>' if output.note else ""
        rows.append(
            f'<tr data-output="{_e(output.name)}"><th scope="row">{_e(output.label or output.name)}'
            f'<div class="sd-derivation"><code>{_e(output.derivation_text)}</code></div>{note}</th>'
            f'<td class="sd-rounded">{_e(output.rounded)}</td>'
            f'<td class="sd-exact">{_e(output.exact)}</td></tr>'
        )
    return (
        '<table class="sd-estimate-table"><thead><tr><th scope="col">Output and derivation</th>'
        '<th scope="col">Say</th><th scope="col">Exact</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def estimate_inputs_html(result: EstimateResult) -> str:
    fields = []
    for value in result.inputs:
        label = value.label or value.name.replace("_", " ")
        changed = " sd-changed" if value.overridden else ""
        fields.append(
            f'<label class="sd-input{changed}"><span>{_e(label)}</span>'
            f'<input name="in.{_e(value.name)}" value="{_e(value.text)}" autocomplete="off" '
            'spellcheck="false"></label>'
        )
    return "".join(fields)


_EDGE_NAME = re.compile(r"^edges\[\d+\] \((\S+) -> (\S+)\)$")  # "edges[6] (a -> b)" reads as "a → b"


def _edge_name(name: str) -> str:
    return _EDGE_NAME.sub(r"\1 → \2", name)


def _percent(value: float | None, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f}".rstrip("0").rstrip(".") + "%"


def _load_row(load: Any, *, hot: bool) -> str:
    utilization = "n/a" if load.utilization is None else f"{load.utilization * 100:.0f}%"
    css = ' class="sd-hot"' if hot else ""
    return (
        f'<tr{css}><th scope="row">{_e(load.id)}</th><td>{load.reads:,.0f}</td><td>{load.writes:,.0f}</td>'
        f"<td>{utilization}</td><td>{load.serving_nodes}</td></tr>"
    )


def analysis_html(analysis: Analysis) -> str:
    """The analysis in words: bottleneck and headroom, SPOFs, availability, latency, cost, what failed."""
    items = [f'<p class="sd-headline">{_e(analysis.headline)}</p>', '<dl class="sd-analysis-facts">']
    findings = [s for s in analysis.spofs if s.accepted is None]
    accepted = [s for s in analysis.spofs if s.accepted is not None]
    spof_text = "; ".join(f"{_e(s.id)} ({_e(', '.join(s.reasons))})" for s in findings) or "none"
    css = ' class="sd-spofs"' if findings else ""
    items.append(f"<dt>Single points of failure</dt><dd{css}>{spof_text}</dd>")
    if accepted:
        text = "; ".join(f"{_e(s.id)}: {_e(s.accepted)}" for s in accepted)
        items.append(f"<dt>Accepted single points</dt><dd>{text}</dd>")
    availability = ", ".join(f"{_e(flow)} {_percent(value)}" for flow, value in analysis.availability.items())
    items.append(f"<dt>Availability</dt><dd>{availability}</dd>")
    latency = "; ".join(
        f"{_e(flow)} p50 {value['p50']:.1f} ms, p99 {value['p99']:.1f} ms"
        for flow, value in analysis.latency_ms.items()
        if value
    )
    items.append(f"<dt>Latency</dt><dd>{latency or 'n/a'}</dd>")
    if analysis.fan_out_tails:
        # Why a fan-out's p99 dominates: the share of requests that wait on at least one slow call.
        tails = "; ".join(
            f"{_e(_edge_name(edge))}: {_percent(share, 1)} of requests meet at least one per-call p99"
            for edge, share in analysis.fan_out_tails.items()
        )
        items.append(f'<dt>Fan-out tails</dt><dd class="sd-fan-out-tails">{tails}</dd>')
    items.append(f"<dt>Cost</dt><dd>${analysis.cost_monthly:,.0f} a month (illustrative list prices)</dd>")
    if analysis.failed_flows:
        failed = "; ".join(
            f"{_percent(f.failed_share, 1)} of {_e(f.flow)}s fail (through {_e(', '.join(f.through))})"
            for f in analysis.failed_flows
        )
        items.append(f'<dt>With the failure</dt><dd class="sd-failed">{failed}</dd>')
    items.append("</dl>")
    rows = "".join(_load_row(load, hot=load.id == analysis.bottleneck) for load in analysis.loads)
    items.append(
        '<table class="sd-load-table"><thead><tr><th scope="col">Component</th><th scope="col">Reads/s</th>'
        '<th scope="col">Writes/s</th><th scope="col">Utilization</th><th scope="col">Serving nodes</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )
    return "".join(items)


ESTIMATE_LIVE = "sd-estimate-live"
DESIGN_LIVE = "sd-design-live"


def design_live_html(evaluation: Evaluation) -> str:
    if evaluation.design is None or evaluation.analysis is None:
        return ""
    svg = design_svg(evaluation.design, evaluation.analysis)
    facts = analysis_html(evaluation.analysis)
    return f'<figure class="sd-diagram-figure">{svg}</figure><div class="sd-analysis">{facts}</div>'


def live_fragments_html(evaluation: Evaluation) -> str:
    """What a recalculation sends back: both live areas, swapped in place by id (htmx out-of-band)."""
    parts = []
    if evaluation.result is not None:
        parts.append(
            f'<div id="{ESTIMATE_LIVE}" hx-swap-oob="innerHTML">'
            f"{estimate_table_html(evaluation.result)}</div>"
        )
        parts.append('<div id="sd-estimate-errors" hx-swap-oob="innerHTML"></div>')
    if evaluation.design is not None:
        parts.append(f'<div id="{DESIGN_LIVE}" hx-swap-oob="innerHTML">{design_live_html(evaluation)}</div>')
        parts.append('<div id="sd-design-errors" hx-swap-oob="innerHTML"></div>')
    return "".join(parts)


def errors_fragment_html(executable: Executable, messages: Sequence[str]) -> str:
    """A refused recalculation: the reason shown beside each form; the figures stay as they were."""
    text = "Cannot recalculate: " + "; ".join(_e(m) for m in messages)
    targets = (["sd-estimate-errors"] if executable.estimate else []) + (
        ["sd-design-errors"] if executable.design else []
    )
    return "".join(f'<div id="{t}" hx-swap-oob="innerHTML">{text}</div>' for t in targets)


def _form(form_id: str, other_id: str, action: str, legend: str, fields: str, errors_id: str) -> str:
    # Each form sends the other's fields too, so a change anywhere recomputes everything consistently.
    return (
        f'<form id="{form_id}" class="sd-design-controls" method="get" action="{_e(action)}" '
        f'hx-get="{_e(action)}" '
        f'hx-trigger="change, submit" hx-include="#{other_id}" hx-swap="none">'
        f"<fieldset><legend>{legend}</legend>{fields}</fieldset>"
        '<button class="sd-button" type="submit">Recalculate</button>'
        f'<div id="{errors_id}" class="sd-error" role="alert"></div></form>'
    )


def estimate_section_html(evaluation: Evaluation, *, action: str) -> str:
    if evaluation.result is None:
        return ""
    title = (
        f'<h3 class="sd-block-title">{_e(evaluation.result.title)}</h3>' if evaluation.result.title else ""
    )
    form = _form(
        "sd-estimate-form",
        "sd-design-form",
        action,
        "Inputs: change any and the figures follow",
        estimate_inputs_html(evaluation.result),
        "sd-estimate-errors",
    )
    return (
        f'<section class="sd-estimate" aria-label="Capacity estimate">{title}{form}'
        f'<div id="{ESTIMATE_LIVE}" class="sd-live" aria-live="polite">'
        f"{estimate_table_html(evaluation.result)}</div></section>"
    )


def design_section_html(evaluation: Evaluation, *, action: str) -> str:
    if evaluation.design is None:
        return ""
    scales = "".join(
        f'<option value="{s:g}"{" selected" if s == 1.0 else ""}>{s:g}× today</option>' for s in SCALES
    )
    options = ['<option value="">nothing</option>']
    for component in evaluation.design.components:
        options.append(f'<option value="{_e(component.id)}">one node of {_e(component.id)}</option>')
        options.append(f'<option value="{_e(component.id)}:all">all of {_e(component.id)}</option>')
    ratios = "".join(
        f'<label class="sd-input"><span>{_e(c.id)} hit ratio</span>'
        f'<input name="hit.{_e(c.id)}" type="number" '
        f'min="0" max="0.99" step="0.05" value="{c.hit_ratio:g}"></label>'
        for c in evaluation.design.components
        if c.hit_ratio
    )
    fields = (
        f'<label class="sd-input"><span>Traffic</span><select name="scale">{scales}</select></label>'
        f'<label class="sd-input"><span>Fail</span><select name="fail">{"".join(options)}</select></label>'
        f"{ratios}"
    )
    form = _form("sd-design-form", "sd-estimate-form", action, "What if", fields, "sd-design-errors")
    return (
        f'<section class="sd-design" aria-label="Architecture analysis">{form}'
        f'<div id="{DESIGN_LIVE}" class="sd-live" aria-live="polite">'
        f"{design_live_html(evaluation)}</div></section>"
    )
