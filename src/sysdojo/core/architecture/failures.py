"""The design after the requested failures, shard by shard: nodes lost, shards up, capacity left.

A failed node belongs to one shard. Losing it lowers that shard's capacity (or, for its last node, takes
that shard's keys down) and leaves the other shards as they were, so a sharded component is judged by its
worst shard. Repeated failures of one component land on the shard already hit while it has a node left:
the what-if shows the worst case ("two nodes down" = a shard down), not the lucky one.
"""

from __future__ import annotations

from collections.abc import Sequence

from sysdojo.core.architecture.model import Component, Design
from sysdojo.core.errors import SysdojoError
from sysdojo.core.yamlio import suggest


class FailureState:
    """Which nodes and shards of each component are still up after `fail` (see the module docstring)."""

    def __init__(self, design: Design, fail: Sequence[str]) -> None:
        self.comps = {c.id: c for c in design.components}
        self.lost: dict[str, list[int]] = {c.id: [0] * c.shards for c in design.components}
        self.all_down: set[str] = set()
        problems = []
        for item in fail:
            cid, _, mode = str(item).partition(":")
            if cid not in self.comps:
                problems.append(f"{item!r}: no component {cid!r}{suggest(cid, self.comps)}")
            elif mode not in ("", "all", "node"):
                problems.append(f"{item!r}: write {cid!r} (one node) or '{cid}:all' (the whole component)")
            elif mode == "all":
                self.all_down.add(cid)
            else:
                self._lose_node(self.comps[cid])
        if problems:
            raise SysdojoError.at(design.source, "; ".join(problems), field="fail")
        # Fraction of the component's shards that answer (1 = fully up, 0 = down).
        self.up = {cid: self._up(c) for cid, c in self.comps.items()}

    def _lose_node(self, c: Component) -> None:
        if c.managed or c.type == "client":
            return  # the provider (or the caller's own retry) absorbs one lost node
        alive = [s for s in range(c.shards) if self.shard_alive(c, s)]
        if alive:
            lost = self.lost[c.id]
            lost[max(alive, key=lambda s: (lost[s], -s))] += 1  # the shard already hit, else the first

    def per_shard(self, c: Component) -> int:
        """Nodes a shard runs: a primary with failover keeps at least one standby."""
        return c.nodes // c.shards

    def shard_alive(self, c: Component, s: int) -> bool:
        lost = self.lost[c.id][s]
        if c.role == "primary":
            # Without failover nobody takes over from the primary; with it, a standby does while one is left.
            return lost == 0 or (c.failover and lost < self.per_shard(c))
        return lost < c.replicas

    def _up(self, c: Component) -> float:
        if c.id in self.all_down:
            return 0.0
        return sum(self.shard_alive(c, s) for s in range(c.shards)) / c.shards

    def alive_shards(self, c: Component) -> list[int]:
        return [] if c.id in self.all_down else [s for s in range(c.shards) if self.shard_alive(c, s)]

    def serving_in(self, c: Component, s: int) -> int:
        """Nodes of shard s that take traffic: a primary serves alone, its standbys wait."""
        return 1 if c.role == "primary" else c.replicas - self.lost[c.id][s]

    def serving(self, c: Component) -> int:
        return sum(self.serving_in(c, s) for s in self.alive_shards(c))

    def redundancy_in(self, c: Component, s: int) -> int:
        """Nodes of shard s that can each serve its requests on their own (parallel for availability)."""
        if c.role == "primary":
            return self.per_shard(c) - self.lost[c.id][s] if c.failover else 1
        return self.serving_in(c, s)

    def utilization(self, c: Component, reads: float, writes: float) -> float | None:
        """The busiest live shard's utilization; None when capacity is not modelled or all is down.

        Requests spread evenly over shards. Reads spread over a shard's serving nodes; on a replicated
        stateful component (cache, database, search index, queue) each write lands on every replica of
        its shard, so replicas add read capacity but no write capacity.
        """
        alive = self.alive_shards(c)
        if not alive or not (c.read_capacity or c.write_capacity):
            return None
        worst = 0.0
        for s in alive:
            serving = self.serving_in(c, s)
            util = 0.0
            if c.read_capacity:
                util += reads / c.shards / (c.read_capacity * serving)
            if c.write_capacity:
                writers = 1 if c.writes_replicate else serving
                util += writes / c.shards / (c.write_capacity * writers)
            worst = max(worst, util)
        return worst

    def node_availability(self, c: Component) -> float:
        """Availability of a request that reaches a live shard of c (its nodes in parallel)."""
        if c.type == "client":
            return 1.0
        if c.managed:
            return c.availability
        alive = self.alive_shards(c)
        if not alive:
            return 0.0
        return sum(1 - (1 - c.availability) ** self.redundancy_in(c, s) for s in alive) / len(alive)

    def spof_reasons(self, c: Component) -> list[str]:
        """Why c (if on the critical path) is a single point of failure, judged on its worst live shard."""
        alive = self.alive_shards(c)
        if not alive:
            return []
        redundancy = [self.redundancy_in(c, s) for s in alive]
        worst = min(alive, key=lambda s: (self.redundancy_in(c, s), -self.lost[c.id][s]))
        hit = sum(1 for s in alive if self.lost[c.id][s] > 0)
        where = f" in {hit} of {c.shards} shards" if c.shards > 1 else ""
        reasons = []
        if c.role == "primary":
            if min(redundancy) < 2:
                reasons.append(
                    "primary without failover" if not c.failover else f"failover already used{where}"
                )
        elif min(redundancy) < 2:
            left = self.serving_in(c, worst)
            reasons.append(
                "1 replica" if self.lost[c.id][worst] == 0 else f"{left} of {c.replicas} replicas left{where}"
            )
        if c.zones == 1 and max(redundancy) > 1:
            reasons.append(f"all {max(redundancy)} nodes in 1 zone")
        return reasons
