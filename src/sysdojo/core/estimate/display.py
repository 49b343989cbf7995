"""Number formatting for estimates: exact figures, interview-friendly rounding, compact substitutions.

Rounding rule (also in FORMAT.md): two significant figures, with K/M/B/T for thousands and up, and a
leading "~" whenever rounding changed the value. Whole plain numbers below 10,000 (server counts, shard
counts) are shown exactly, because "~350 servers" hides the answer to "how many?".
"""

from __future__ import annotations

import math

from sysdojo.core.estimate.units import DisplayUnit, Quantity

_SUFFIXES = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]


def _trim(text: str) -> str:
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def sig_round(x: float, digits: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


def with_suffix(x: float, digits: int) -> str:
    """1.2e9 -> "1.2B"; 347.2 -> "347.2" (digits = significant figures kept)."""
    r = sig_round(x, digits)
    ax = abs(r)
    if ax >= 1e15:
        mantissa, exp = f"{r:.{max(digits - 1, 0)}e}".split("e")
        return f"{_trim(mantissa)}×10^{int(exp)}"
    for size, suffix in _SUFFIXES:
        if ax >= size:
            return _trim(f"{r / size:.{digits}g}" if r / size < 10**digits else f"{r / size:.0f}") + suffix
    if ax >= 1 or ax == 0:
        return _trim(f"{r:.{digits}g}") if ax < 10**digits else f"{r:.0f}"
    return _trim(f"{r:.{digits}g}") if ax >= 1e-4 else f"{r:.{max(digits - 1, 0)}e}"


def format_exact(x: float) -> str:
    """Grouped digits for big numbers, 4 significant figures for small ones: 11,574 / 347.2 / 0.1157."""
    ax = abs(x)
    if ax >= 1e15:
        return with_suffix(x, 4)
    if ax >= 1000:
        return f"{round(x):,}"
    if ax == 0:
        return "0"
    if ax >= 1e-4:
        return _trim(f"{x:.4g}") if "e" not in f"{x:.4g}" else f"{x:.4f}".rstrip("0")
    return f"{x:.3e}"


def format_rounded(x: float, *, whole: bool = False) -> str:
    """Two significant figures with a suffix; "~" marks that rounding changed the value."""
    if whole and abs(x) < 10_000 and x == math.floor(x):
        return f"{int(x):,}"
    text = with_suffix(x, 2)
    changed = not math.isclose(sig_round(x, 2), x, rel_tol=1e-9, abs_tol=0.0)
    return f"~{text}" if changed else text


def format_compact(x: float) -> str:
    """For substituted values in derivations: up to 4 significant figures with a suffix (100M, 11.57K)."""
    return with_suffix(x, 4)


def show(q: Quantity, unit: DisplayUnit, style: str = "exact", *, whole: bool = False) -> str:
    """A quantity in a display unit: style is "exact", "rounded" or "compact"."""
    v = q.value / unit.factor
    if style == "rounded":
        number = format_rounded(v, whole=whole)
        if number.startswith("~"):
            return "~" + unit.attach(number[1:])
        return unit.attach(number)
    number = format_exact(v) if style == "exact" else format_compact(v)
    return unit.attach(number)
