"""Quantities with dimensions, the unit vocabulary, and readable display units.

A quantity is a float in base units (bytes, seconds, US dollars) plus integer exponents for those three
dimensions. Counts (users, requests, K/M/B/T) are dimensionless, so "100M users × 10 /day" is a rate.
Bits are bytes / 8, so Gbps is a bytes-per-second quantity like MB/s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Dims = tuple[int, int, int]  # exponents of (bytes, seconds, USD)

NONE: Dims = (0, 0, 0)
BYTES: Dims = (1, 0, 0)
TIME: Dims = (0, 1, 0)
RATE: Dims = (0, -1, 0)
BANDWIDTH: Dims = (1, -1, 0)
MONEY: Dims = (0, 0, 1)

DAY_S = 86_400.0
# A 30-day month and 365-day year are the interview conventions (1M/month ≈ 0.39/s).
MONTH_S = 30 * DAY_S
YEAR_S = 365 * DAY_S


@dataclass(frozen=True)
class Quantity:
    value: float
    dims: Dims = NONE

    def __mul__(self, other: Quantity) -> Quantity:
        return Quantity(self.value * other.value, dims_add(self.dims, other.dims))

    def __truediv__(self, other: Quantity) -> Quantity:
        return Quantity(self.value / other.value, dims_add(self.dims, dims_scale(other.dims, -1)))


def dims_add(a: Dims, b: Dims) -> Dims:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def dims_scale(a: Dims, k: int) -> Dims:
    return (a[0] * k, a[1] * k, a[2] * k)


# Unit words, case-sensitive where case carries meaning (B = byte, b is not accepted; M is mega only
# as a glued count suffix). Each maps to (factor to base units, dims).
_TIME_UNITS: dict[str, float] = {
    "ns": 1e-9, "nanosecond": 1e-9, "nanoseconds": 1e-9,
    "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "microsecond": 1e-6, "microseconds": 1e-6,
    "ms": 1e-3, "msec": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3,
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "day": DAY_S, "days": DAY_S,
    "week": 7 * DAY_S, "weeks": 7 * DAY_S,
    "month": MONTH_S, "months": MONTH_S,
    "year": YEAR_S, "years": YEAR_S, "yr": YEAR_S, "yrs": YEAR_S,
}  # fmt: skip

_BYTE_UNITS: dict[str, float] = {"B": 1.0, "byte": 1.0, "bytes": 1.0, "bit": 0.125, "bits": 0.125}
for _i, _p in enumerate("KMGTPE", start=1):
    _BYTE_UNITS[f"{_p}B"] = 1000.0**_i
    _BYTE_UNITS[f"{_p}iB"] = 1024.0**_i
    _BYTE_UNITS[f"{_p}bit"] = 1000.0**_i / 8
_BYTE_UNITS["kB"] = 1e3

_RATE_UNITS: dict[str, float] = {"qps": 1.0, "QPS": 1.0, "rps": 1.0, "RPS": 1.0, "tps": 1.0, "TPS": 1.0}
_BANDWIDTH_UNITS: dict[str, float] = {"bps": 0.125}
for _i, _p in enumerate("KMGT", start=1):
    _BANDWIDTH_UNITS[f"{_p}bps"] = 1000.0**_i / 8
_BANDWIDTH_UNITS["kbps"] = 1e3 / 8
_BANDWIDTH_UNITS["gbps"] = 1e9 / 8
_BANDWIDTH_UNITS["mbps"] = 1e6 / 8

UNITS: dict[str, Quantity] = {}
UNITS.update({k: Quantity(v, TIME) for k, v in _TIME_UNITS.items()})
UNITS.update({k: Quantity(v, BYTES) for k, v in _BYTE_UNITS.items()})
UNITS.update({k: Quantity(v, RATE) for k, v in _RATE_UNITS.items()})
UNITS.update({k: Quantity(v, BANDWIDTH) for k, v in _BANDWIDTH_UNITS.items()})
UNITS.update({k: Quantity(1.0, MONEY) for k in ("USD", "usd", "dollar", "dollars")})

# Glued to a number ("100M", "1.5K"). "B" glued means billion; write "500 B" or "500 bytes" for bytes.
COUNT_SUFFIXES: dict[str, float] = {"K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9, "Bn": 1e9, "bn": 1e9, "T": 1e12}
COUNT_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip


def dims_name(dims: Dims) -> str:
    """Plain-words name of a dimension, used in error messages ("bytes", "bytes per second")."""
    named = {
        NONE: "a plain number",
        BYTES: "bytes",
        TIME: "seconds",
        RATE: "a rate per second",
        BANDWIDTH: "bytes per second",
        MONEY: "dollars",
        (0, -1, 1): "dollars per second",
        (-1, 0, 1): "dollars per byte",
        (1, 1, 0): "byte-seconds",
    }
    return named.get(dims) or base_unit(dims)


def base_unit(dims: Dims) -> str:
    """Unit string of a quantity in base units, e.g. "B/s", "B·s", "1/s"."""
    up: list[str] = []
    down: list[str] = []
    for name, exp in zip(("B", "s", "USD"), dims, strict=True):
        if exp == 0:
            continue
        text = name if abs(exp) == 1 else f"{name}^{abs(exp)}"
        (up if exp > 0 else down).append(text)
    if not up and not down:
        return ""
    top = "·".join(up) if up else "1"
    return top + ("/" + "/".join(down) if down else "")


@dataclass(frozen=True)
class DisplayUnit:
    """How to show a quantity: divide the base value by `factor`, then write `symbol`."""

    symbol: str
    factor: float
    prefix: str = ""  # "$" goes before the number

    def attach(self, number: str) -> str:
        if not self.symbol:
            return f"{self.prefix}{number}"
        glue = "" if self.symbol.startswith("/") or self.symbol == "%" else " "
        return f"{self.prefix}{number}{glue}{self.symbol}"


_BYTE_LADDER = [("B", 1.0), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15), ("EB", 1e18)]
_TIME_LADDER = [
    ("ns", 1e-9), ("us", 1e-6), ("ms", 1e-3), ("s", 1.0), ("min", 60.0), ("h", 3600.0),
    ("days", DAY_S), ("years", YEAR_S),
]  # fmt: skip


def _ladder(value: float, ladder: list[tuple[str, float]]) -> tuple[str, float]:
    # The largest unit that keeps the number >= 1; the tolerance stops 999.99 KB becoming "1000 KB".
    chosen = ladder[0]
    for name, factor in ladder:
        if abs(value) >= factor * 0.9995:
            chosen = (name, factor)
    return chosen


def auto_unit(q: Quantity) -> DisplayUnit:
    """Pick a readable unit: rates per second, bytes in KB..PB, bandwidth in MB/s or Gbps, time ms..years."""
    v = q.value
    if q.dims == NONE:
        return DisplayUnit("", 1.0)
    if q.dims == RATE:
        # Per second unless the rate is tiny; "0.0001/s" reads worse than "8.6/day".
        if v == 0 or abs(v) >= 0.1:
            return DisplayUnit("/s", 1.0)
        if abs(v) * DAY_S >= 0.1:
            return DisplayUnit("/day", 1 / DAY_S)
        return DisplayUnit("/year", 1 / YEAR_S)
    if q.dims == BYTES:
        name, factor = _ladder(v, _BYTE_LADDER)
        return DisplayUnit(name, factor)
    if q.dims == BANDWIDTH:
        # Past 1 GB/s people talk about links, which are sold in bits per second.
        if abs(v) >= 1e12 / 8:
            return DisplayUnit("Tbps", 1e12 / 8)
        if abs(v) >= 1e9:
            return DisplayUnit("Gbps", 1e9 / 8)
        name, factor = _ladder(v, _BYTE_LADDER[:4])
        return DisplayUnit(f"{name}/s", factor)
    if q.dims == TIME:
        if v == 0:
            return DisplayUnit("s", 1.0)
        name, factor = _ladder(v, _TIME_LADDER)
        return DisplayUnit(name, factor)
    if q.dims == MONEY:
        return DisplayUnit("", 1.0, prefix="$")
    if q.dims == (0, -1, 1):
        return DisplayUnit("/month", 1 / MONTH_S, prefix="$")
    return DisplayUnit(base_unit(q.dims), 1.0)


def unit_quantity(word: str) -> Quantity | None:
    return UNITS.get(word)


def is_finite(q: Quantity) -> bool:
    return math.isfinite(q.value)
