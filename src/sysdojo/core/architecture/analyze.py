"""Capacity, bottleneck, single points of failure, availability, latency and cost of a design.

Model (details in FORMAT.md):

* Traffic enters at components without incoming edges and flows forward along edges in topological
  order. An edge passes `reads`/`writes` shares of what its source sends on, times `fan_out`; a
  component with `hit_ratio` answers that share of reads itself; `on_miss: cache` passes reads only
  when that cache misses; `lookups` turns a share of the writes into reads at the target (a lookup made
  while handling a write). Entries with `share: 0` (batch jobs) carry no traffic and are off the
  request path. A managed service has no capacity unless the design states one.
* Utilization = reads / read capacity + writes / write capacity, per shard (requests spread evenly over
  shards): reads spread over a shard's serving nodes (a primary serves alone); on a replicated stateful
  component (cache, database, search index, queue) every write lands on each replica of its shard, so
  write capacity is one node's per shard. A component's utilization is its busiest live shard's.
* Request availability, per flow (reads, writes): S(c) = A(c) * prod over sync out-edges of
  (1 - p + p * S(target)), where p is the share of requests at c that make the call (a write's
  lookups use the target's read-flow S) and A(c) is
  1 - (1 - a)^n for n redundant nodes. Async edges are left out. It is exact for chains and trees and
  counts a shared dependency once per path that reaches it (slightly pessimistic).
* Failure what-ifs: "api" loses one node of api (of one shard: failures.py); "api:all" takes the
  whole component down.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sysdojo.core.architecture import latency as lat
from sysdojo.core.architecture.failures import FailureState
from sysdojo.core.architecture.model import Component, Design, Edge
from sysdojo.core.errors import SysdojoError

FLOWS = ("read", "write")


@dataclass(frozen=True)
class ComponentLoad:
    id: str
    reads: float  # requests/s arriving
    writes: float
    utilization: float | None  # None when capacity is not modelled or the component is down
    up: float  # 1 = fully up, 0 = down, between = some shards down
    serving_nodes: int

    @property
    def headroom(self) -> float | None:
        return None if not self.utilization else 1 / self.utilization


@dataclass(frozen=True)
class Spof:
    id: str
    reasons: tuple[str, ...]
    accepted: str | None  # why it is accepted (spof_ok text or "accepted_spof"), None = a finding


@dataclass(frozen=True)
class FailedFlow:
    flow: str  # "read" | "write"
    failed_share: float  # share of requests of this flow that now fail
    through: tuple[str, ...]  # failed components on that flow's synchronous path


@dataclass(frozen=True)
class Analysis:
    design: str
    scale: float
    failed: tuple[str, ...]
    loads: tuple[ComponentLoad, ...]
    bottleneck: str | None
    spofs: tuple[Spof, ...]
    availability: dict[str, float | None]  # read, write, overall
    latency_ms: dict[str, dict[str, float] | None]  # flow -> {"p50": .., "p99": ..}
    cost_monthly: float
    cost_by_component: dict[str, float]
    failed_flows: tuple[FailedFlow, ...]
    broken_async: tuple[str, ...]  # async edges whose producer or consumer is down
    fan_out_tails: dict[str, float]  # edge name -> share of requests exposed to a per-call p99
    edge_reads: tuple[float, ...]  # per edge index, requests/s crossing
    edge_writes: tuple[float, ...]

    def load(self, component_id: str) -> ComponentLoad | None:
        return next((x for x in self.loads if x.id == component_id), None)

    @property
    def bottleneck_utilization(self) -> float | None:
        found = self.load(self.bottleneck) if self.bottleneck else None
        return found.utilization if found else None

    @property
    def headroom(self) -> float | None:
        u = self.bottleneck_utilization
        return 1 / u if u else None

    @property
    def headline(self) -> str:
        if self.bottleneck is None or self.headroom is None:
            return "no component has a modelled capacity"
        utilization = self.bottleneck_utilization or 0.0
        if self.scale == 1:
            if utilization > 1:  # e.g. a reader raised the estimate's inputs past what the design carries
                return f"{self.bottleneck} is over capacity ({utilization:.0%}) at this traffic"
            return f"{self.bottleneck} breaks first, at {self.headroom:.2g}x this traffic"
        base = self.headroom * self.scale  # headroom measured against the unscaled traffic
        if utilization > 1:
            return (
                f"at {self.scale:g}x the traffic {self.bottleneck} is over capacity ({utilization:.0%}); "
                f"it breaks at {base:.2g}x the original traffic"
            )
        return (
            f"at {self.scale:g}x the traffic {self.bottleneck} is busiest ({utilization:.0%}); "
            f"it breaks at {base:.2g}x the original traffic"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "design": self.design,
            "scale": self.scale,
            "failed": list(self.failed),
            "bottleneck": {
                "id": self.bottleneck,
                "utilization": self.bottleneck_utilization,
                "headroom": self.headroom,
                "text": self.headline,
            },
            "utilization": {x.id: x.utilization for x in self.loads},
            "loads": [
                {
                    "id": x.id,
                    "reads": x.reads,
                    "writes": x.writes,
                    "utilization": x.utilization,
                    "up": x.up,
                    "serving_nodes": x.serving_nodes,
                }
                for x in self.loads
            ],
            "spofs": [{"id": s.id, "reasons": list(s.reasons)} for s in self.spofs if s.accepted is None],
            "accepted_spofs": [
                {"id": s.id, "reasons": list(s.reasons), "accepted": s.accepted}
                for s in self.spofs
                if s.accepted is not None
            ],
            "availability": dict(self.availability),
            "latency_ms": {k: (dict(v) if v else None) for k, v in self.latency_ms.items()},
            "cost_monthly": self.cost_monthly,
            "cost_by_component": dict(self.cost_by_component),
            "failed_flows": [
                {"flow": f.flow, "failed_share": f.failed_share, "through": list(f.through)}
                for f in self.failed_flows
            ],
            "broken_async": list(self.broken_async),
            "fan_out_tails": dict(self.fan_out_tails),
        }


def _entry_shares(design: Design) -> dict[str, float]:
    targets = {e.target for e in design.edges}
    entries = [c for c in design.components if c.id not in targets]
    given = sum(c.share for c in entries if c.share is not None)
    rest = [c for c in entries if c.share is None]
    fill = max(1 - given, 0.0) / len(rest) if rest else 0.0
    return {c.id: (c.share if c.share is not None else fill) for c in entries}


def _miss(edge: Edge, st: FailureState) -> float:
    """Share of the calls that get past the edge's `on_miss` cache (all of them without one)."""
    return 1 - st.comps[edge.on_miss].hit_ratio * st.up[edge.on_miss] if edge.on_miss else 1.0


def _calls(edge: Edge, flow: str, src: Component, st: FailureState) -> list[tuple[float, str]]:
    """The calls a request of `flow` at `src` makes over this edge: (share of requests, callee's flow).

    A write may also read the target (`lookups`, a member-list lookup during a send): that call is part
    of the write's path, but the target answers it as a read, so it takes the target's read path."""
    if flow == "read":
        return [(min(edge.reads * (1 - src.hit_ratio) * _miss(edge, st), 1.0), "read")]
    calls = [(min(edge.writes, 1.0), "write")]
    if edge.lookups:
        calls.append((min(edge.lookups * _miss(edge, st), 1.0), "read"))
    return calls


def _sync_reach(
    design: Design, entries: Iterable[str], outs: dict[str, list[Edge]], flow: str | None
) -> set[str]:
    """Components a request of `flow` (None: any) reaches by sync calls; a write's lookups go on
    along the callee's read path."""
    todo = [(cid, flow) for cid in entries]
    seen = set(todo)
    while todo:
        node, now = todo.pop()
        for e in outs[node]:
            if e.is_async:
                continue
            nexts: list[tuple[float, str | None]]
            if now is None:
                nexts = [(e.reads + e.writes + e.lookups, None)]
            elif now == "read":
                nexts = [(e.reads, "read")]
            else:
                nexts = [(e.writes, "write"), (e.lookups, "read")]
            for carried, then in nexts:
                if carried > 0 and (e.target, then) not in seen:
                    seen.add((e.target, then))
                    todo.append((e.target, then))
    return {cid for cid, _ in seen}


def _spofs(design: Design, st: FailureState, critical: set[str]) -> tuple[Spof, ...]:
    found = []
    for cid in design.order:
        c = st.comps[cid]
        if cid not in critical or c.managed or c.type == "client" or st.up[cid] == 0:
            continue
        reasons = st.spof_reasons(c)
        if reasons:
            accepted = c.spof_ok or ("accepted_spof" if cid in design.accepted_spof else None)
            found.append(Spof(cid, tuple(reasons), accepted))
    return tuple(found)


def _soft_only(design: Design, soft: set[tuple[str, str]]) -> set[str]:
    """Components reached only through soft (cache-aside) calls: losing them fails no request."""
    hard = {e.target for e in design.edges if not e.is_async and (e.source, e.target) not in soft}
    return {target for _, target in soft if target not in hard}


def design_analyze(design: Design, *, fail: Sequence[str] = (), scale: float = 1.0) -> Analysis:
    """Loads, bottleneck, SPOFs, availability, p50/p99 per flow and cost; `fail`/`scale` are what-ifs."""
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float)
        or not math.isfinite(scale)
        or scale <= 0
    ):
        raise SysdojoError.at(design.source, f"must be a positive number, got {scale!r}", field="scale")
    if isinstance(fail, str):
        fail = (fail,)
    st = FailureState(design, fail)
    comps = st.comps
    outs: dict[str, list[Edge]] = {cid: [] for cid in comps}
    for e in design.edges:
        outs[e.source].append(e)
    shares = _entry_shares(design)

    reads = dict.fromkeys(comps, 0.0)
    writes = dict.fromkeys(comps, 0.0)
    edge_reads = [0.0] * len(design.edges)
    edge_writes = [0.0] * len(design.edges)
    for cid, share in shares.items():
        reads[cid] += design.read_qps * scale * share
        writes[cid] += design.write_qps * scale * share
    for cid in design.order:
        c = comps[cid]
        out_r = reads[cid] * st.up[cid] * (1 - c.hit_ratio)
        out_w = writes[cid] * st.up[cid]
        for e in outs[cid]:
            # Lookups made while handling writes land on the target as reads (its read capacity).
            edge_reads[e.index] = (out_r * e.reads + out_w * e.lookups) * e.fan_out * _miss(e, st)
            edge_writes[e.index] = out_w * e.writes * e.fan_out
            reads[e.target] += edge_reads[e.index]
            writes[e.target] += edge_writes[e.index]

    loads = [
        ComponentLoad(cid, reads[cid], writes[cid], st.utilization(comps[cid], reads[cid], writes[cid]),
                      st.up[cid], st.serving(comps[cid]))
        for cid in design.order
    ]  # fmt: skip
    with_util = [x for x in loads if x.utilization is not None]
    bottleneck = max(with_util, key=lambda x: x.utilization or 0.0).id if with_util else None

    # Cache-aside: a caller that reads `x` on a miss of `cache` treats a failed cache as a miss, so the
    # call to the cache is a soft dependency: its failure costs latency and database load, not requests.
    soft = {(e.source, e.on_miss) for e in design.edges if e.on_miss}
    soft |= {(e.source, e.target) for e in design.edges if e.fail_open}
    # An entry with no traffic (`share: 0`: a batch job, a cron) is not on the request path, so
    # neither it nor what only it calls can be a single point of failure of requests.
    critical = _sync_reach(design, [cid for cid, s in shares.items() if s > 0], outs, None)
    availability: dict[str, float | None] = {}
    latency_ms: dict[str, dict[str, float] | None] = {}
    failed_flows = []
    traffic = {"read": design.read_qps, "write": design.write_qps}
    # Per flow and component: availability, share served, latency of a request arriving there. The
    # read flow comes first: a write's lookups (`lookups`) take the callee's read path.
    ok: dict[str, dict[str, float]] = {flow: {} for flow in FLOWS}
    served: dict[str, dict[str, float]] = {flow: {} for flow in FLOWS}
    times: dict[str, dict[str, lat.Moments]] = {flow: {} for flow in FLOWS}
    for flow in FLOWS:
        for cid in reversed(design.order):
            c = comps[cid]
            a, f = st.up[cid] * st.node_availability(c), st.up[cid]
            t = lat.from_quantiles(c.p50_ms, c.p99_ms)
            for e in outs[cid]:
                if e.is_async:
                    continue
                for p, callee in _calls(e, flow, c, st):
                    if p <= 0:
                        continue
                    if (cid, e.target) not in soft:
                        a *= 1 - p + p * ok[callee][e.target]
                        f *= 1 - p + p * served[callee][e.target]
                    t = t + lat.sometimes(lat.max_of(times[callee][e.target], e.calls), p)
            ok[flow][cid], served[flow][cid], times[flow][cid] = a, f, t
    for flow in FLOWS:
        if traffic[flow] <= 0:
            availability[flow] = None
            latency_ms[flow] = None
            continue
        availability[flow] = sum(s * ok[flow][cid] for cid, s in shares.items())
        total = lat.mix([(s, times[flow][cid]) for cid, s in shares.items()])
        latency_ms[flow] = {"p50": lat.quantile(total, 0.5), "p99": lat.quantile(total, 0.99)}
        lost = 1 - sum(s * served[flow][cid] for cid, s in shares.items())
        if lost > 1e-12:
            down = [x for x in design.order if st.up[x] < 1 and x in _sync_reach(design, shares, outs, flow)]
            failed_flows.append(FailedFlow(flow, lost, tuple(down)))
    r, w = design.read_qps, design.write_qps
    avail_r, avail_w = availability.get("read"), availability.get("write")
    if r + w > 0:
        availability["overall"] = ((avail_r or 0) * r + (avail_w or 0) * w) / (r + w)
    else:
        availability["overall"] = None

    broken = tuple(
        f"{e.source} ~> {e.target}"
        for e in design.edges
        if e.is_async and (st.up[e.source] < 1 or st.up[e.target] < 1) and (e.reads or e.writes)
    )
    cost = {c.id: c.monthly_cost for c in design.components}
    tails = {e.name: lat.tail_exposure(e.calls) for e in design.edges if e.calls > 1 and not e.is_async}
    return Analysis(
        design=design.name,
        scale=float(scale),
        failed=tuple(str(x) for x in fail),
        loads=tuple(loads),
        bottleneck=bottleneck,
        spofs=_spofs(design, st, critical - _soft_only(design, soft)),
        availability=availability,
        latency_ms=latency_ms,
        cost_monthly=sum(cost.values()),
        cost_by_component=cost,
        failed_flows=tuple(failed_flows),
        broken_async=broken,
        fan_out_tails=tails,
        edge_reads=tuple(edge_reads),
        edge_writes=tuple(edge_writes),
    )
