"""Frozen data of a parsed design: components with every default resolved, edges, traffic."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Types a design may use, in the left-to-right tier order of the diagram.
COMPONENT_TYPES = (
    "client",
    "dns",
    "cdn",
    "load-balancer",
    "api-gateway",
    "service",
    "worker",
    "cache",
    "queue",
    "search-index",
    "database",
    "object-store",
    "external",
)
TYPE_ALIASES = {
    "lb": "load-balancer",
    "loadbalancer": "load-balancer",
    "gateway": "api-gateway",
    "stream": "queue",
    "broker": "queue",
    "db": "database",
    "object-storage": "object-store",
    "blob-store": "object-store",
    "search": "search-index",
    "third-party": "external",
    "consumer": "worker",
}
# Types that hold data copied to every replica of a shard: a write costs every replica the same work,
# so replicas add read capacity but not write capacity. Stateless types split writes like reads.
REPLICATED_TYPES = frozenset({"cache", "database", "search-index", "queue"})
# Types that may declare a primary/replica role (a Postgres primary, a Redis primary with replicas).
ROLE_TYPES = ("database", "cache")


@dataclass(frozen=True)
class Component:
    id: str
    type: str
    label: str
    tech: str | None
    replicas: int
    zones: int | None  # None = not stated, so the zone check is skipped
    shards: int
    role: str | None  # "primary" | "replica" | None (every node serves); databases and caches only
    failover: bool
    managed: bool  # the provider replicates it: one logical component is not a SPOF
    read_capacity: float | None  # requests/s per serving node; None = not modelled
    write_capacity: float | None
    p50_ms: float
    p99_ms: float
    availability: float  # of one node (or of the managed service)
    cost: float  # USD per node per month; for a managed service, the service's monthly cost
    hit_ratio: float  # share of reads answered here and not passed downstream
    share: float | None  # entry components: share of the design's traffic
    spof_ok: str | None
    line: int | None

    @property
    def serving(self) -> int:
        """Nodes per shard that take traffic: a primary serves alone, its standbys wait."""
        return 1 if self.role == "primary" else self.replicas

    @property
    def writes_replicate(self) -> bool:
        """Each write lands on every replica of its shard (stateful types), so it is not spread."""
        return self.type in REPLICATED_TYPES

    @property
    def monthly_cost(self) -> float:
        """A managed service is billed as one service (its `cost`), not per node: its replicas and
        shards are the provider's business."""
        return self.cost if self.managed else self.nodes * self.cost

    @property
    def nodes(self) -> int:
        """Nodes paid for; a primary with failover and no stated replicas still runs a standby."""
        per_shard = max(self.replicas, 2) if (self.role == "primary" and self.failover) else self.replicas
        return per_shard * self.shards


@dataclass(frozen=True)
class Edge:
    index: int
    source: str
    target: str
    reads: float  # share of the source's outgoing reads that cross this edge
    writes: float
    fan_out: float  # calls per crossing request (an average: 6.7 recipients); latency waits for ceil(n)
    is_async: bool
    on_miss: str | None  # reads cross only when this cache component misses
    label: str
    line: int | None
    fail_open: bool = False  # the caller carries on when this call fails (a limiter, a best-effort lookup)
    # Share of the writes leaving `source` that make a *read* call here while being handled (a member-list
    # lookup during a message send): read load on the target, and part of the write path's latency.
    lookups: float = 0.0

    @property
    def calls(self) -> int:
        """Parallel calls a request waits for: the slowest of ceil(fan_out), since 6.7 on average means
        7 for some requests, and the tail is set by the larger fan-outs."""
        return math.ceil(self.fan_out - 1e-9)

    @property
    def name(self) -> str:
        return f"edges[{self.index}] ({self.source} -> {self.target})"


@dataclass(frozen=True)
class Design:
    source: str
    name: str
    read_qps: float
    write_qps: float
    components: tuple[Component, ...]
    edges: tuple[Edge, ...]
    accepted_spof: tuple[str, ...]
    order: tuple[str, ...]  # a topological order of component ids (every edge goes forward)
