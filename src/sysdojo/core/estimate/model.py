"""Frozen data of an estimate: the parsed block (Estimate) and its evaluation (EstimateResult)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sysdojo.core.estimate.expr import Node
from sysdojo.core.estimate.units import Dims, DisplayUnit, base_unit


@dataclass(frozen=True)
class InputSpec:
    name: str
    text: str  # the value as written, e.g. "100M users"
    node: Node
    label: str
    note: str
    line: int | None


@dataclass(frozen=True)
class OutputSpec:
    name: str
    text: str  # the expression as written
    node: Node
    unit_text: str | None  # requested display unit, e.g. "TB"; None = pick automatically
    label: str
    aliases: tuple[str, ...]
    note: str
    line: int | None
    generated: bool = False  # added by a profile rather than written in the block


@dataclass(frozen=True)
class Estimate:
    """A parsed ```estimate block. Outputs are in display order; `order` is a valid evaluation order."""

    source: str
    title: str
    profile: str | None
    inputs: tuple[InputSpec, ...]
    outputs: tuple[OutputSpec, ...]
    order: tuple[str, ...]

    def input(self, name: str) -> InputSpec | None:
        return next((i for i in self.inputs if i.name == name), None)

    def output(self, name: str) -> OutputSpec | None:
        return next((o for o in self.outputs if o.name == name), None)


@dataclass(frozen=True)
class InputValue:
    name: str
    text: str
    value: float  # base units: bytes, seconds, dollars
    dims: Dims
    shown: str  # compact display, e.g. "100M", "10/day", "5 years"
    label: str
    note: str
    overridden: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "text": self.text,
            "value": self.value,
            "base_unit": base_unit(self.dims),
            "shown": self.shown,
            "label": self.label,
            "note": self.note,
            "overridden": self.overridden,
        }


@dataclass(frozen=True)
class OutputValue:
    name: str
    label: str
    value: float  # base units
    dims: Dims
    unit: DisplayUnit
    display_value: float  # value expressed in `unit`
    exact: str  # "11,574/s"
    rounded: str  # "~12K/s"
    derivation: tuple[str, ...]  # ("read_qps = dau × reads_per_user", "= 100M × 10/day", ...)
    aliases: tuple[str, ...]
    note: str

    @property
    def derivation_text(self) -> str:
        return " ".join(self.derivation)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "base_unit": base_unit(self.dims),
            "unit": self.unit.prefix + self.unit.symbol,
            "display_value": self.display_value,
            "exact": self.exact,
            "rounded": self.rounded,
            "derivation": list(self.derivation),
            "aliases": list(self.aliases),
            "note": self.note,
        }


@dataclass(frozen=True)
class EstimateResult:
    source: str
    title: str
    inputs: tuple[InputValue, ...]
    outputs: tuple[OutputValue, ...]

    def get(self, name: str) -> InputValue | OutputValue | None:
        found = next((i for i in self.inputs if i.name == name), None)
        return found if found is not None else self.output(name)

    def output(self, name: str) -> OutputValue | None:
        return next((o for o in self.outputs if o.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "inputs": [i.to_dict() for i in self.inputs],
            "outputs": [o.to_dict() for o in self.outputs],
        }
