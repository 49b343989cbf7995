"""Evaluates parsed expressions to quantities, checking dimensions at every operator.

Errors come out as ``CalcError`` with a plain-words message naming the clashing terms; the spec layer
adds the file, line and field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate.expr import BinOp, Call, ExprSyntaxError, Name, Neg, Node, Num, check_count_noun
from sysdojo.core.estimate.units import BANDWIDTH, NONE, RATE, TIME, UNITS, Quantity, dims_name, dims_scale
from sysdojo.core.numbers import numbers_load
from sysdojo.core.yamlio import suggest


class CalcError(Exception):
    """Internal: a plain-words evaluation problem, wrapped into SysdojoError by the caller."""


def describe(node: Node) -> str:
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Neg):
        return "-" + describe(node.operand)
    return node.text


def _finite(q: Quantity, node: Node) -> Quantity:
    if not math.isfinite(q.value):
        raise CalcError(f"{describe(node)} is too large to compute")
    return q


def _plain(fn: str, arg: Node, q: Quantity) -> float:
    if q.dims != NONE:
        raise CalcError(
            f"{fn}() needs a plain number, but {describe(arg)} is {dims_name(q.dims)}; "
            f"divide by a unit first, e.g. {fn}({describe(arg)} / 1 TB)"
        )
    return q.value


def _table_arg(call: Call) -> str:
    if len(call.args) != 1 or not isinstance(call.args[0], Name):
        raise CalcError(
            f"{call.func}() takes one name from the numbers-to-know table, e.g. {call.func}(redis)"
        )
    return call.args[0].name


def _table_call(call: Call) -> Quantity:
    numbers = numbers_load()
    wanted = _table_arg(call)
    try:
        if call.func == "latency":
            return Quantity(numbers.latency(wanted).seconds, TIME)
        entry = numbers.throughput_of(wanted)
    except SysdojoError:
        known = [x.id for x in (numbers.latencies if call.func == "latency" else numbers.throughput)]
        raise CalcError(f"{call.func}(): no entry named {wanted!r}{suggest(wanted, known)}") from None
    if entry.unit.startswith("MB/"):
        return Quantity(entry.default * 1e6, BANDWIDTH)
    return Quantity(entry.default, RATE)


_ONE_ARG: dict[str, Callable[[float], float]] = {
    "ceil": math.ceil,
    "floor": math.floor,
    "round": lambda x: math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5),  # half away from zero
    "log2": math.log2,
    "log10": math.log10,
    "sqrt": math.sqrt,
}


def _call(call: Call, ev: Callable[[Node], Quantity]) -> Quantity:
    if call.func in ("capacity", "latency"):
        return _table_call(call)
    args = [ev(a) for a in call.args]
    if call.func in ("min", "max"):
        if not args:
            raise CalcError(f"{call.func}() needs at least one argument")
        for node, q in zip(call.args[1:], args[1:], strict=True):
            if q.dims != args[0].dims:
                raise CalcError(
                    f"{call.func}() needs arguments in the same unit: {describe(call.args[0])} is "
                    f"{dims_name(args[0].dims)} but {describe(node)} is {dims_name(q.dims)}"
                )
        pick = min if call.func == "min" else max
        return Quantity(pick(q.value for q in args), args[0].dims)
    if len(args) != 1:
        raise CalcError(f"{call.func}() takes exactly one argument, got {len(args)}")
    (arg,), (q,) = call.args, args
    if call.func == "abs":
        return Quantity(abs(q.value), q.dims)
    x = _plain(call.func, arg, q)
    if call.func in ("log2", "log10") and x <= 0:
        raise CalcError(f"{call.func}() needs a positive number, but {describe(arg)} is {x:g}")
    if call.func == "sqrt" and x < 0:
        raise CalcError(f"sqrt() needs a non-negative number, but {describe(arg)} is {x:g}")
    return Quantity(float(_ONE_ARG[call.func](x)))


def _power(node: BinOp, base: Quantity, exp: Quantity) -> Quantity:
    if exp.dims != NONE:
        raise CalcError(
            f"the exponent {describe(node.right)} must be a plain number, not {dims_name(exp.dims)}"
        )
    n = exp.value
    if base.dims != NONE and n != int(n):
        raise CalcError(f"{describe(node.left)} ({dims_name(base.dims)}) can only be raised to a whole power")
    if base.value < 0 and n != int(n):
        raise CalcError(f"{describe(node)}: a negative number to a fractional power has no real value")
    if base.value == 0 and n < 0:
        raise CalcError(f"{describe(node)}: division by zero")
    if abs(n) > 1000 and abs(base.value) != 1:
        raise CalcError(f"the exponent in {describe(node)} is too large")
    try:
        value = math.pow(base.value, n)
    except OverflowError:
        raise CalcError(f"{describe(node)} is too large to compute") from None
    return Quantity(value, dims_scale(base.dims, int(n)) if base.dims != NONE else NONE)


def evaluate_node(node: Node, env: Mapping[str, Quantity], *, literal: bool = False) -> Quantity:
    """Evaluate with variables from `env`; unknown words are units, or (literal mode) count nouns."""

    def ev(n: Node) -> Quantity:
        if isinstance(n, Num):
            return n.value
        if isinstance(n, Name):
            if n.name in env:
                return env[n.name]
            if n.name in UNITS:
                return UNITS[n.name]
            if literal:
                try:
                    check_count_noun(n.name)
                except ExprSyntaxError as exc:
                    raise CalcError(str(exc)) from None
                return Quantity(1.0)
            raise CalcError(f"unknown name {n.name!r}{suggest(n.name, env)}")
        if isinstance(n, Neg):
            q = ev(n.operand)
            return Quantity(-q.value, q.dims)
        if isinstance(n, Call):
            return _finite(_call(n, ev), n)
        left, right = ev(n.left), ev(n.right)
        if n.op in "+-":
            if left.dims != right.dims:
                if n.op == "+":
                    raise CalcError(
                        f"cannot add {describe(n.left)} ({dims_name(left.dims)}) to "
                        f"{describe(n.right)} ({dims_name(right.dims)})"
                    )
                raise CalcError(
                    f"cannot subtract {describe(n.right)} ({dims_name(right.dims)}) from "
                    f"{describe(n.left)} ({dims_name(left.dims)})"
                )
            sign = 1.0 if n.op == "+" else -1.0
            return _finite(Quantity(left.value + sign * right.value, left.dims), n)
        if n.op == "*":
            return _finite(left * right, n)
        if n.op == "/":
            if right.value == 0:
                raise CalcError(f"division by zero: {describe(n.right)} is 0")
            return _finite(left / right, n)
        return _finite(_power(n, left, right), n)

    return ev(node)
