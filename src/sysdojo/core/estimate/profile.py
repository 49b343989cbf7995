"""`profile: standard`: the usual capacity outputs, derived from conventionally named inputs.

Each standard output is added only when what it needs exists (as an input, a written output or an
earlier standard output) and the block does not define an output of that name itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PROFILES = ("standard",)

# Cache sizing follows the 80/20 rule unless the block sets hot_fraction.
DEFAULT_HOT_FRACTION = "20%"


@dataclass(frozen=True)
class StandardOutput:
    name: str
    label: str
    needs: tuple[str, ...]
    build: Callable[[set[str]], str]
    aliases: tuple[str, ...] = ()
    unit: str | None = None


def _peak(base: str) -> Callable[[set[str]], str]:
    return lambda have: f"{base} * peak_factor"


def _storage_total(have: set[str]) -> str:
    expr = "storage_per_day * (retention / 1 day)"
    return expr + (" * replication" if "replication" in have else "")


def _egress(have: set[str]) -> str:
    return "read_qps * " + ("read_size" if "read_size" in have else "object_size")


def _cache(have: set[str]) -> str:
    size = "read_size" if "read_size" in have else "object_size"
    hot = "hot_fraction" if "hot_fraction" in have else DEFAULT_HOT_FRACTION
    return f"read_qps * 1 day * {size} * {hot}"


def _servers(have: set[str]) -> str:
    reads = "peak_read_qps" if "peak_read_qps" in have else "read_qps"
    writes = "peak_write_qps" if "peak_write_qps" in have else "write_qps"
    load = " + ".join(x for x in (reads, writes) if x in have)
    return f"ceil(({load}) / node_capacity)"


STANDARD: tuple[StandardOutput, ...] = (
    StandardOutput(
        "read_qps", "Average read QPS", ("dau", "reads_per_user"), lambda h: "dau * reads_per_user"
    ),
    StandardOutput(
        "write_qps", "Average write QPS", ("dau", "writes_per_user"), lambda h: "dau * writes_per_user"
    ),
    StandardOutput("peak_read_qps", "Peak read QPS", ("read_qps", "peak_factor"), _peak("read_qps")),
    StandardOutput("peak_write_qps", "Peak write QPS", ("write_qps", "peak_factor"), _peak("write_qps")),
    StandardOutput(
        "storage_per_day",
        "New storage per day",
        ("write_qps", "object_size"),
        lambda h: "write_qps * object_size * 1 day",
        aliases=("per day of storage", "storage a day", "data per day"),
    ),
    StandardOutput(
        "storage_per_year",
        "New storage per year",
        ("storage_per_day",),
        lambda h: "storage_per_day * 365",
        aliases=("per year of storage", "storage a year", "data per year"),
    ),
    StandardOutput(
        "storage_total",
        "Total storage over the retention period",
        ("storage_per_day", "retention"),
        _storage_total,
        aliases=("total storage",),
    ),
    StandardOutput(
        "ingress",
        "Ingress bandwidth",
        ("write_qps", "object_size"),
        lambda h: "write_qps * object_size",
        aliases=("ingress bandwidth", "incoming bandwidth", "upload bandwidth"),
    ),
    StandardOutput(
        "egress",
        "Egress bandwidth",
        ("read_qps",),
        _egress,
        aliases=("egress bandwidth", "outgoing bandwidth", "download bandwidth"),
    ),
    StandardOutput(
        "cache_memory",
        "Cache memory for the hot set",
        ("read_qps",),
        _cache,
        aliases=("cache memory", "cache size", "memory for the cache", "memory for caching"),
    ),
    StandardOutput(
        "servers",
        "Servers needed at peak",
        ("node_capacity",),
        _servers,
        aliases=("servers", "app servers", "instances"),
    ),
)


def standard_outputs(inputs: set[str], written: set[str]) -> list[tuple[StandardOutput, str]]:
    """(definition, expression) of each standard output this block gets, in display order."""
    have = set(inputs) | set(written)
    out: list[tuple[StandardOutput, str]] = []
    for std in STANDARD:
        if std.name in written:
            continue
        needs_size = std.name in ("egress", "cache_memory") and not ({"object_size", "read_size"} & have)
        needs_load = std.name == "servers" and not ({"read_qps", "write_qps"} & have)
        if all(n in have for n in std.needs) and not needs_size and not needs_load:
            out.append((std, std.build(have)))
            have.add(std.name)
    return out
