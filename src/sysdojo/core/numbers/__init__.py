"""Numbers to know (latency table, per-node throughput, component defaults, availability nines) as data."""

from sysdojo.core.numbers.model import (
    ComponentDefaults,
    Latency,
    LatencyVariant,
    Nines,
    NumbersToKnow,
    Technology,
    Throughput,
    numbers_load,
    numbers_parse,
)

__all__ = [
    "ComponentDefaults",
    "Latency",
    "LatencyVariant",
    "Nines",
    "NumbersToKnow",
    "Technology",
    "Throughput",
    "numbers_load",
    "numbers_parse",
]
