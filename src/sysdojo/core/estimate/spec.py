"""Parses an ```estimate block (already-loaded YAML, or YAML text) into a validated Estimate.

The block is evaluated once while parsing, so a unit clash or division by zero is reported when the
content is built, not when a reader opens the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.estimate.engine import estimate_evaluate
from sysdojo.core.estimate.expr import (
    FUNCTIONS,
    ExprSyntaxError,
    Node,
    names_in,
    parse_expression,
    parse_literal,
)
from sysdojo.core.estimate.model import Estimate, InputSpec, OutputSpec
from sysdojo.core.estimate.profile import PROFILES, standard_outputs
from sysdojo.core.estimate.units import UNITS
from sysdojo.core.yamlio import Locator, check_keys, load_yaml_block, suggest

TOP_KEYS = ("title", "profile", "inputs", "outputs", "notes")
INPUT_KEYS = ("value", "label", "note")
OUTPUT_KEYS = ("expr", "unit", "label", "aliases", "note")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RESERVED = {"per", *FUNCTIONS}


def _name_problem(loc: Locator, section: str, name: object) -> Problem | None:
    path = (section, str(name))
    if not isinstance(name, str) or not _NAME.match(name):
        return loc.problem(
            path, "names use letters, digits and _ only, starting with a letter (e.g. read_qps)"
        )
    if name in UNITS or name in _RESERVED:
        return loc.problem(path, f"{name!r} is a unit or function word; pick another name")
    return None


def _text(loc: Locator, path: tuple[str, ...], value: Any, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise loc.error(path, f"expected {what}, got {type(value).__name__} {value!r}")
    text = str(value).strip()
    if not text:
        raise loc.error(path, f"expected {what}, got an empty value")
    return text


def _optional_text(loc: Locator, path: tuple[str, ...], raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise loc.error((*path, key), f"expected text, got {value!r}")
    return value


def _input(loc: Locator, name: str, raw: Any) -> InputSpec:
    path: tuple[str, ...] = ("inputs", name)
    label = note = ""
    if isinstance(raw, Mapping):
        check_keys(loc, path, raw, INPUT_KEYS)
        label = _optional_text(loc, path, raw, "label")
        note = _optional_text(loc, path, raw, "note")
        raw = raw.get("value")
        path = (*path, "value")
    if raw is None:
        raise loc.error(path, "has no value; write e.g. '100M users', '10 /day', '500 B', '5 years' or '20%'")
    text = _text(loc, path, raw, "a value like '100M users' or '10 /day'")
    try:
        node = parse_literal(text)
    except ExprSyntaxError as exc:
        raise loc.error(path, f"{exc} in {text!r}") from None
    return InputSpec(name=name, text=text, node=node, label=label, note=note, line=loc.line(path))


def _output(loc: Locator, name: str, raw: Any) -> OutputSpec:
    path: tuple[str, ...] = ("outputs", name)
    label = note = ""
    unit: str | None = None
    aliases: tuple[str, ...] = ()
    if isinstance(raw, Mapping):
        check_keys(loc, path, raw, OUTPUT_KEYS)
        label = _optional_text(loc, path, raw, "label")
        note = _optional_text(loc, path, raw, "note")
        unit = _optional_text(loc, path, raw, "unit") or None
        raw_aliases = raw.get("aliases") or []
        if isinstance(raw_aliases, str):
            raw_aliases = [raw_aliases]
        if not isinstance(raw_aliases, list) or not all(isinstance(a, str) for a in raw_aliases):
            raise loc.error(
                (*path, "aliases"), "expected a list of phrases, e.g. [read QPS, reads per second]"
            )
        aliases = tuple(raw_aliases)
        raw = raw.get("expr")
        path = (*path, "expr")
    if raw is None:
        raise loc.error(path, "has no expression; write e.g. 'dau * reads_per_user'")
    text = _text(loc, path, raw, "an expression like 'dau * reads_per_user'")
    if "->" in text:
        text, _, arrow_unit = text.rpartition("->")
        text, unit = text.strip(), arrow_unit.strip() or None
    try:
        node = parse_expression(text)
    except ExprSyntaxError as exc:
        raise loc.error(path, f"{exc} in {text!r}") from None
    return OutputSpec(
        name=name,
        text=text,
        node=node,
        unit_text=unit,
        label=label or name.replace("_", " "),
        aliases=aliases,
        note=note,
        line=loc.line(path),
    )


def _order(loc: Locator, outputs: list[OutputSpec]) -> tuple[str, ...]:
    """Outputs may refer to each other in any order; evaluate dependencies first, reject cycles."""
    by_name = {o.name: o for o in outputs}
    done: list[str] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done
    for root in outputs:
        if state.get(root.name):
            continue
        # Iterative DFS so a long chain of outputs cannot hit the recursion limit.
        stack: list[tuple[str, list[str]]] = [(root.name, [d for d in names_in(root.node) if d in by_name])]
        state[root.name] = 1
        while stack:
            name, deps = stack[-1]
            if not deps:
                stack.pop()
                state[name] = 2
                done.append(name)
                continue
            dep = deps.pop(0)
            if state.get(dep) == 1:
                chain = [n for n, _ in stack]
                cycle = " -> ".join([*chain[chain.index(dep) :], dep])
                raise loc.error(("outputs", name), f"outputs refer to each other in a cycle: {cycle}")
            if not state.get(dep):
                state[dep] = 1
                stack.append((dep, [d for d in names_in(by_name[dep].node) if d in by_name]))
    return tuple(done)


def _parse(data: Any, loc: Locator) -> Estimate:
    if not isinstance(data, Mapping):
        raise loc.error((), "an estimate block is a mapping with 'inputs' and 'outputs'")
    check_keys(loc, (), data, TOP_KEYS)
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise loc.error(("title",), "expected text")
    profile = data.get("profile")
    if profile is not None and profile not in PROFILES:
        raise loc.error(("profile",), f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    problems: list[Problem] = []
    sections: dict[str, Mapping[Any, Any]] = {}
    for section in ("inputs", "outputs"):
        raw = data.get(section) or {}
        if not isinstance(raw, Mapping):
            raise loc.error((section,), "expected a mapping of name: value")
        sections[section] = raw
        problems += [p for p in (_name_problem(loc, section, n) for n in raw) if p is not None]
    if problems:
        raise SysdojoError(problems)
    inputs: list[InputSpec] = []
    outputs: list[OutputSpec] = []
    for name, raw in sections["inputs"].items():
        try:
            inputs.append(_input(loc, name, raw))
        except SysdojoError as exc:
            problems += exc.problems
    for name, raw in sections["outputs"].items():
        if name in sections["inputs"]:
            problems.append(loc.problem(("outputs", name), f"{name!r} is already an input"))
            continue
        try:
            outputs.append(_output(loc, name, raw))
        except SysdojoError as exc:
            problems += exc.problems
    if problems:
        raise SysdojoError(problems)
    if profile:
        generated = [
            OutputSpec(
                std.name, expr, _std_node(expr), std.unit, std.label, std.aliases, "", loc.line(()), True
            )
            for std, expr in standard_outputs({i.name for i in inputs}, {o.name for o in outputs})
        ]
        outputs = generated + outputs
    if not outputs:
        raise loc.error(("outputs",), "no outputs; add e.g. 'read_qps: dau * reads_per_user'")
    defined = [i.name for i in inputs] + [o.name for o in outputs]
    for out in outputs:
        for ref in names_in(out.node):
            if ref not in defined and ref not in UNITS:
                msg = f"unknown name {ref!r} in {out.text!r}{suggest(ref, defined)}"
                problems.append(loc.problem(("outputs", out.name), msg))
    if problems:
        raise SysdojoError(problems)
    spec = Estimate(
        source=loc.source,
        title=title,
        profile=profile,
        inputs=tuple(inputs),
        outputs=tuple(outputs),
        order=_order(loc, outputs),
    )
    estimate_evaluate(spec)
    return spec


def _std_node(expr: str) -> Node:
    return parse_expression(expr)


def estimate_parse(data: Mapping[str, Any], *, source: str, line_offset: int = 0) -> Estimate:
    """Validate an already-loaded block; without YAML text, errors point at the block (line_offset)."""
    return _parse(data, Locator(source=source, line_offset=line_offset))


def estimate_from_yaml(text: str, *, source: str, line_offset: int = 0) -> Estimate:
    """Parse the YAML text of an ```estimate block; line_offset = file lines before the block's first."""
    data, loc = load_yaml_block(text, source=source, line_offset=line_offset)
    return _parse(data, loc)
