"""Evaluates a parsed Estimate (optionally with overridden inputs) into figures with derivations."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.estimate.calc import CalcError, evaluate_node
from sysdojo.core.estimate.display import show
from sysdojo.core.estimate.expr import (
    ExprSyntaxError,
    Node,
    names_in,
    parse_expression,
    parse_literal,
    render,
)
from sysdojo.core.estimate.model import Estimate, EstimateResult, InputValue, OutputValue
from sysdojo.core.estimate.units import NONE, RATE, TIME, UNITS, DisplayUnit, Quantity, auto_unit, dims_name
from sysdojo.core.yamlio import suggest

_WORDS = re.compile(r"[A-Za-zµμ]+")
_SINGULAR = {"seconds": "s", "secs": "s", "sec": "s", "second": "s", "minutes": "min", "mins": "min",
             "minute": "min", "hours": "h", "hour": "h", "hr": "h", "hrs": "h", "days": "day",
             "weeks": "week", "months": "month", "years": "year", "yrs": "year", "yr": "year"}  # fmt: skip


def input_display(text: str, q: Quantity) -> DisplayUnit:
    """Show an input the way it was written: "10 /day" stays per day, "5 years" stays in years."""
    if q.dims == NONE and text.strip().endswith("%"):
        return DisplayUnit("%", 0.01)
    time_words = [w for w in _WORDS.findall(text) if w in UNITS and UNITS[w].dims == TIME]
    if time_words:
        word = time_words[-1]
        seconds = UNITS[word].value
        if q.dims == RATE:
            return DisplayUnit("/" + _SINGULAR.get(word, word), 1 / seconds)
        if q.dims == TIME:
            return DisplayUnit(word, seconds)
    return auto_unit(q)


_MONEY_UNIT = re.compile(r"\$|(?:USD|usd|dollars?)(?![A-Za-z])")


def display_unit(text: str, dims: tuple[int, int, int]) -> DisplayUnit:
    """Parse a requested display unit ("TB", "/s", "Gbps", "MB/s", "%", "$/month") for a quantity."""
    raw = text.strip()
    if raw == "%":
        if dims != NONE:
            raise CalcError(f"unit '%' is for plain ratios, but the value is {dims_name(dims)}")
        return DisplayUnit("%", 0.01)
    prefix = ""
    # Money reads "$6.8M", not "6.8M USD": "USD", "USD/month" and "$/month" all put the "$" in front.
    money = _MONEY_UNIT.match(raw)
    if money:
        prefix, raw = "$", raw[money.end() :].strip()
    if not raw:
        unit = Quantity(1.0, (0, 0, 1))
        symbol = ""
    else:
        symbol = "/" + raw[4:].strip() if raw.startswith("per ") else raw
        expr = "1" + symbol if symbol.startswith("/") else "1 " + symbol
        try:
            unit = evaluate_node(parse_expression(expr), {})
        except (ExprSyntaxError, CalcError) as exc:
            raise CalcError(f"unit {text.strip()!r} is not understood: {exc}") from None
        if prefix:
            unit = unit * Quantity(1.0, (0, 0, 1))
    if unit.dims != dims:
        raise CalcError(
            f"unit {text.strip()!r} is {dims_name(unit.dims)}, but the value is {dims_name(dims)}"
        )
    if unit.value <= 0:
        raise CalcError(f"unit {text.strip()!r} is not a positive amount")
    return DisplayUnit(symbol, unit.value, prefix)


def _fail(spec: Estimate, field: str, line: int | None, message: str) -> SysdojoError:
    return SysdojoError(Problem(source=spec.source, message=message, line=line, field=field))


def _eval(spec: Estimate, node: Node, env: Mapping[str, Quantity], *, literal: bool, field: str,
          line: int | None) -> Quantity:  # fmt: skip
    try:
        return evaluate_node(node, env, literal=literal)
    except CalcError as exc:
        raise _fail(spec, field, line, str(exc)) from None


def _override_text(spec: Estimate, name: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _fail(spec, f"overrides.{name}", None, f"expected a value like '1B users', got {value!r}")
    return str(value)


def estimate_evaluate(spec: Estimate, *, overrides: Mapping[str, object] | None = None) -> EstimateResult:
    """Compute every output; `overrides` replace input values (e.g. {"dau": "1B users"}) for what-ifs."""
    overrides = dict(overrides or {})
    known = [i.name for i in spec.inputs]
    unknown = [
        Problem(spec.source, f"no input named {k!r}{suggest(str(k), known)}", field=f"overrides.{k}")
        for k in overrides
        if k not in known
    ]
    if unknown:
        raise SysdojoError(unknown)
    env: dict[str, Quantity] = {}
    units: dict[str, DisplayUnit] = {}
    shown: dict[str, str] = {}
    inputs: list[InputValue] = []
    for inp in spec.inputs:
        field = f"inputs.{inp.name}"
        q = _eval(spec, inp.node, {}, literal=True, field=field, line=inp.line)
        text = inp.text
        if inp.name in overrides:
            field = f"overrides.{inp.name}"
            text = _override_text(spec, inp.name, overrides[inp.name])
            try:
                node = parse_literal(text)
            except ExprSyntaxError as exc:
                raise _fail(spec, field, None, str(exc)) from None
            new = _eval(spec, node, {}, literal=True, field=field, line=None)
            if new.dims != q.dims:
                raise _fail(
                    spec,
                    field,
                    None,
                    f"{text!r} is {dims_name(new.dims)}, but {inp.name} is {dims_name(q.dims)}",
                )
            q = new
        env[inp.name] = q
        units[inp.name] = input_display(text, q)
        shown[inp.name] = show(q, units[inp.name], "compact")
        inputs.append(
            InputValue(
                name=inp.name,
                text=text,
                value=q.value,
                dims=q.dims,
                shown=shown[inp.name],
                label=inp.label,
                note=inp.note,
                overridden=inp.name in overrides,
            )
        )
    values: dict[str, OutputValue] = {}
    for name in spec.order:
        out = spec.output(name)
        if out is None:  # order and outputs are built together by the parser
            continue
        field = f"outputs.{name}"
        q = _eval(spec, out.node, env, literal=False, field=field, line=out.line)
        try:
            unit = display_unit(out.unit_text, q.dims) if out.unit_text else auto_unit(q)
        except CalcError as exc:
            raise _fail(spec, field, out.line, str(exc)) from None
        env[name] = q
        units[name] = unit
        shown[name] = show(q, unit, "compact")
        values[name] = OutputValue(
            name=name,
            label=out.label,
            value=q.value,
            dims=q.dims,
            unit=unit,
            display_value=q.value / unit.factor,
            exact=show(q, unit, "exact"),
            rounded=show(q, unit, "rounded", whole=q.dims == NONE),
            derivation=_derivation(name, out.node, q, unit, env, units, shown),
            aliases=out.aliases,
            note=out.note,
        )
    return EstimateResult(
        source=spec.source,
        title=spec.title,
        inputs=tuple(inputs),
        outputs=tuple(values[o.name] for o in spec.outputs if o.name in values),
    )


def _derivation(
    name: str,
    node: Node,
    q: Quantity,
    unit: DisplayUnit,
    env: Mapping[str, Quantity],
    units: Mapping[str, DisplayUnit],
    shown: Mapping[str, str],
) -> tuple[str, ...]:
    steps = [f"{name} = {render(node)}"]
    refs = [n for n in names_in(node) if n in env and n != name]
    if refs:
        steps.append("= " + render(node, {n: shown[n] for n in refs}))
    # A per-day input gives a per-day total first ("= 1B/day"), which is how people say it aloud.
    if q.dims == RATE and unit.symbol == "/s":
        hint = next((units[n] for n in refs if env[n].dims == RATE and units[n].symbol != "/s"), None)
        if hint is not None:
            steps.append("= " + show(q, hint, "compact"))
    steps.append("= " + show(q, unit, "exact"))
    # Substitution, the per-day hint and the final figure can print alike (an output that only converts
    # a figure to another unit); a step said twice in a row adds nothing.
    return tuple(step for i, step in enumerate(steps) if i == 0 or step != steps[i - 1])
