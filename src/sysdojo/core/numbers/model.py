"""Typed view of numbers.yaml: latency table, per-node throughput, component defaults, nines.

The YAML ships inside the package and is parsed once (``numbers_load`` is cached); everything downstream
works on these frozen dataclasses, never on the raw mapping.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from sysdojo.core.errors import SysdojoError

SOURCE = "sysdojo/core/numbers/numbers.yaml"

# 365.25 days is the convention behind the familiar downtime table (99.9% = 8.77 h/yr); estimates use
# a 365-day year instead, which is what people multiply by in an interview.
_YEAR_S = 365.25 * 86_400
_MONTH_S = 30 * 86_400  # the 30-day window SLO error budgets use, so 99.9% is 43.2 min as on the pages
_DAY_S = 86_400.0


@dataclass(frozen=True)
class LatencyVariant:
    ns: float
    source: str


@dataclass(frozen=True)
class Latency:
    id: str
    label: str
    ns: float
    note: str
    sources: str
    range_ns: tuple[float, float] | None = None
    variants: tuple[LatencyVariant, ...] = ()

    @property
    def seconds(self) -> float:
        return self.ns / 1e9


@dataclass(frozen=True)
class Throughput:
    id: str
    label: str
    component_type: str
    unit: str
    default: float
    note: str
    assumptions: str
    sources: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Technology:
    id: str
    type: str
    reads: str
    writes: str
    aliases: tuple[str, ...] = ()
    p50_ms: float | None = None
    p99_ms: float | None = None
    availability: float | None = None
    managed: bool | None = None


@dataclass(frozen=True)
class ComponentDefaults:
    id: str
    tier: int
    capacity: float | None
    p50_ms: float
    p99_ms: float
    availability: float
    cost: float
    managed: bool
    note: str


@dataclass(frozen=True)
class Nines:
    percent: float
    label: str
    note: str

    @property
    def availability(self) -> float:
        return self.percent / 100

    @property
    def downtime_per_year_s(self) -> float:
        return (1 - self.availability) * _YEAR_S

    @property
    def downtime_per_month_s(self) -> float:
        return (1 - self.availability) * _MONTH_S

    @property
    def downtime_per_day_s(self) -> float:
        return (1 - self.availability) * _DAY_S


@dataclass(frozen=True)
class NumbersToKnow:
    latencies: tuple[Latency, ...]
    throughput: tuple[Throughput, ...]
    technologies: tuple[Technology, ...]
    component_types: tuple[ComponentDefaults, ...]
    nines: tuple[Nines, ...]

    def latency(self, latency_id: str) -> Latency:
        for item in self.latencies:
            if item.id == latency_id:
                return item
        raise SysdojoError.at(SOURCE, f"no latency named {latency_id!r}", field="latencies")

    def throughput_of(self, throughput_id: str) -> Throughput:
        for item in self.throughput:
            if item.id == throughput_id:
                return item
        raise SysdojoError.at(SOURCE, f"no throughput entry named {throughput_id!r}", field="throughput")

    def technology(self, name: str) -> Technology | None:
        key = name.strip().lower()
        for item in self.technologies:
            if item.id == key or key in item.aliases:
                return item
        return None

    def component_type(self, type_id: str) -> ComponentDefaults | None:
        for item in self.component_types:
            if item.id == type_id:
                return item
        return None


class _Reader:
    """Checks one entry of the shipped YAML; a malformed file is our bug, but it still fails readably."""

    def __init__(self, raw: Any, field: str) -> None:
        if not isinstance(raw, Mapping):
            raise SysdojoError.at(SOURCE, "expected a mapping", field=field)
        self.raw = raw
        self.field = field

    def _get(self, key: str, optional: bool) -> Any:
        if key not in self.raw:
            if optional:
                return None
            raise SysdojoError.at(SOURCE, "missing", field=f"{self.field}.{key}")
        return self.raw[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default is not None)
        if value is None:
            return default or ""
        return str(value)

    def number(self, key: str) -> float:
        value = self._get(key, False)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SysdojoError.at(SOURCE, f"expected a number, got {value!r}", field=f"{self.field}.{key}")
        return float(value)

    def maybe_number(self, key: str) -> float | None:
        return None if self.raw.get(key) is None else self.number(key)

    def maybe_bool(self, key: str) -> bool | None:
        value = self.raw.get(key)
        return None if value is None else bool(value)


def _entries(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise SysdojoError.at(SOURCE, "expected a list", field=key)
    return value


def numbers_parse(data: Mapping[str, Any]) -> NumbersToKnow:
    """Build the typed tables from the loaded YAML mapping (exposed for tests of the data itself)."""
    latencies = []
    for i, raw in enumerate(_entries(data, "latencies")):
        r = _Reader(raw, f"latencies[{i}]")
        rng = raw.get("range_ns")
        variants = tuple(
            LatencyVariant(ns=_Reader(v, f"latencies[{i}].variants").number("ns"), source=str(v["source"]))
            for v in raw.get("variants") or ()
        )
        latencies.append(
            Latency(
                id=r.text("id"),
                label=r.text("label"),
                ns=r.number("ns"),
                note=r.text("note"),
                sources=r.text("sources"),
                range_ns=(float(rng[0]), float(rng[1])) if rng else None,
                variants=variants,
            )
        )
    throughput = []
    for i, raw in enumerate(_entries(data, "throughput")):
        r = _Reader(raw, f"throughput[{i}]")
        throughput.append(
            Throughput(
                id=r.text("id"),
                label=r.text("label"),
                component_type=r.text("component_type"),
                unit=r.text("unit"),
                default=r.number("default"),
                note=r.text("note"),
                assumptions=r.text("assumptions"),
                sources=r.text("sources"),
                low=r.maybe_number("low"),
                high=r.maybe_number("high"),
            )
        )
    technologies = []
    for i, raw in enumerate(_entries(data, "technologies")):
        r = _Reader(raw, f"technologies[{i}]")
        technologies.append(
            Technology(
                id=r.text("id"),
                type=r.text("type"),
                reads=r.text("reads"),
                writes=r.text("writes"),
                aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                p50_ms=r.maybe_number("p50_ms"),
                p99_ms=r.maybe_number("p99_ms"),
                availability=r.maybe_number("availability"),
                managed=r.maybe_bool("managed"),
            )
        )
    types = []
    for i, raw in enumerate(_entries(data, "component_types")):
        r = _Reader(raw, f"component_types[{i}]")
        types.append(
            ComponentDefaults(
                id=r.text("id"),
                tier=int(r.number("tier")),
                capacity=r.maybe_number("capacity"),
                p50_ms=r.number("p50_ms"),
                p99_ms=r.number("p99_ms"),
                availability=r.number("availability"),
                cost=r.number("cost"),
                managed=bool(raw.get("managed")),
                note=r.text("note"),
            )
        )
    nines = []
    for i, raw in enumerate(_entries(data, "nines")):
        r = _Reader(raw, f"nines[{i}]")
        nines.append(Nines(percent=r.number("percent"), label=r.text("label"), note=r.text("note")))
    return NumbersToKnow(
        latencies=tuple(latencies),
        throughput=tuple(throughput),
        technologies=tuple(technologies),
        component_types=tuple(types),
        nines=tuple(nines),
    )


@functools.cache
def numbers_load() -> NumbersToKnow:
    """The shipped numbers-to-know tables, parsed once per process."""
    text = resources.files("sysdojo.core.numbers").joinpath("numbers.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, Mapping):
        raise SysdojoError.at(SOURCE, "expected a mapping at the top level")
    return numbers_parse(data)
