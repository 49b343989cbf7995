"""Writes on replicated stateful components, primary/replica caches, and failing one node of one shard."""

from __future__ import annotations

import pytest

from sysdojo.core.architecture import design_analyze, design_from_yaml
from sysdojo.core.errors import SysdojoError


def one(component: str, *, reads: str = "6K", writes: str = "1K") -> str:
    return (
        f"traffic: {{read_qps: {reads}, write_qps: {writes}}}\n"
        "components:\n"
        "  user: {type: client}\n"
        f"  x: {component}\n"
        "edges:\n"
        "  - user -> x\n"
    )


def util(text: str, fail: tuple[str, ...] = ()) -> float:
    load = design_analyze(design_from_yaml(text, source="t.md"), fail=fail).load("x")
    assert load is not None and load.utilization is not None
    return load.utilization


@pytest.mark.parametrize("ctype", ["cache", "database", "search-index", "queue"])
def test_a_write_lands_on_every_replica_of_its_shard(ctype: str) -> None:
    text = one(f"{{type: {ctype}, replicas: 3, shards: 2, read_capacity: 1K, write_capacity: 1K}}")
    # Reads spread over 3 replicas x 2 shards; each write costs all 3 replicas of its shard.
    assert util(text) == pytest.approx(6000 / (1000 * 6) + 1000 / (1000 * 2))


@pytest.mark.parametrize("ctype", ["service", "worker", "api-gateway", "load-balancer"])
def test_stateless_types_still_spread_writes_over_replicas(ctype: str) -> None:
    text = one(f"{{type: {ctype}, replicas: 3, shards: 2, capacity: 1K}}")
    assert util(text) == pytest.approx((6000 + 1000) / (1000 * 6))


def test_a_replica_database_replicates_writes_and_a_primary_serves_alone() -> None:
    replica = one("{type: database, role: replica, replicas: 4, read_capacity: 1K, write_capacity: 1K}")
    assert util(replica) == pytest.approx(6000 / 4000 + 1000 / 1000)
    primary = one("{type: database, role: primary, replicas: 3, read_capacity: 1K, write_capacity: 1K}")
    assert util(primary) == pytest.approx(6000 / 1000 + 1000 / 1000)


def test_a_cache_may_be_a_primary_with_replicas() -> None:
    text = one("{type: cache, tech: redis, role: primary, replicas: 3, capacity: 10K}")
    design = design_from_yaml(text, source="t.md")
    (cache,) = [c for c in design.components if c.id == "x"]
    assert cache.role == "primary" and cache.failover  # a primary with replicas fails over by default
    assert util(text) == pytest.approx((6000 + 1000) / 10_000)  # reads and writes on the primary only
    analysis = design_analyze(design, fail=["x"])
    assert analysis.failed_flows == ()  # a replica is promoted
    assert util(one("{type: cache, role: replica, replicas: 3, capacity: 10K}")) == pytest.approx(
        6000 / 30_000 + 1000 / 10_000
    )
    with pytest.raises(SysdojoError, match="only a database or a cache has a primary/replica role"):
        design_from_yaml(one("{type: service, role: primary}"), source="t.md")


GEO = one(
    "{type: cache, shards: 6, replicas: 2, zones: 3, read_capacity: 1K, write_capacity: 1K}",
    reads="6K",
    writes="3K",
)


def test_failing_a_node_of_a_sharded_component_hits_one_shard() -> None:
    base = util(GEO)
    # Per shard: 1K reads over 2 replicas (50%) and 500 writes on each replica (50%).
    assert base == pytest.approx(1.0)
    failed = design_analyze(design_from_yaml(GEO, source="t.md"), fail=["x"])
    load = failed.load("x")
    assert load is not None
    # The hit shard reads on 1 node (100%) and writes as before (50%); the five others are unchanged.
    assert load.utilization == pytest.approx(1.5)
    assert load.up == 1 and load.serving_nodes == 11
    assert failed.failed_flows == ()
    (spof,) = failed.spofs
    assert spof.reasons == ("1 of 2 replicas left in 1 of 6 shards",)


def test_failing_two_nodes_takes_one_shard_down_not_the_component() -> None:
    failed = design_analyze(design_from_yaml(GEO, source="t.md"), fail=["x", "x"])
    load = failed.load("x")
    assert load is not None and load.up == pytest.approx(5 / 6) and load.serving_nodes == 10
    assert load.utilization == pytest.approx(1.0)  # the live shards are as busy as before
    assert [(f.flow, round(f.failed_share, 4)) for f in failed.failed_flows] == [
        ("read", round(1 / 6, 4)),
        ("write", round(1 / 6, 4)),
    ]
    assert failed.spofs == ()  # the remaining shards still have both replicas


def test_a_sharded_primary_fails_over_in_one_shard() -> None:
    text = one("{type: database, role: primary, shards: 4, replicas: 2, capacity: 1K}")
    analysis = design_analyze(design_from_yaml(text, source="t.md"), fail=["x"])
    load = analysis.load("x")
    assert load is not None and load.up == 1 and load.serving_nodes == 4
    assert [s.reasons for s in analysis.spofs] == [("failover already used in 1 of 4 shards",)]
    twice = design_analyze(design_from_yaml(text, source="t.md"), fail=["x", "x"]).load("x")
    assert twice is not None and twice.up == pytest.approx(3 / 4)


def test_failing_one_replica_of_an_unsharded_component() -> None:
    text = one("{type: service, replicas: 2, capacity: 10K}")
    analysis = design_analyze(design_from_yaml(text, source="t.md"), fail=["x"])
    assert [s.reasons for s in analysis.spofs] == [("1 of 2 replicas left",)]
    assert util(text, ("x",)) == pytest.approx(2 * util(text))
