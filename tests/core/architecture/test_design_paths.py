"""Managed services, average fan-outs, lookups on the write path and zero-traffic entries."""

from __future__ import annotations

import math

import pytest

from sysdojo.core.architecture import Analysis, design_analyze, design_from_yaml, design_svg
from sysdojo.core.architecture.analyze import ComponentLoad
from sysdojo.core.content.executable import analysis_html
from sysdojo.core.errors import SysdojoError


def load(analysis: Analysis, cid: str) -> ComponentLoad:
    found = analysis.load(cid)
    assert found is not None
    return found


CDN = """
traffic: {read_qps: 1M}
components:
  client: {type: client}
  cdn: {type: cdn, replicas: 10, hit_ratio: 0.9 CAPACITY}
  api: {type: service, replicas: 100, zones: 3}
edges:
  - client -> cdn
  - cdn -> api
"""


def test_managed_component_has_no_modelled_capacity() -> None:
    # Before: the CDN counted 10 nodes of 100K/s, so at 1M/s it was the bottleneck at 100%.
    analysis = design_analyze(design_from_yaml(CDN.replace(" CAPACITY", ""), source="t.md"))
    assert load(analysis, "cdn").utilization is None
    assert analysis.bottleneck == "api"  # 100K/s of misses over 100 x 2K/s = 50%
    assert analysis.bottleneck_utilization == pytest.approx(0.5)
    assert '<th scope="row">cdn</th><td>1,000,000</td><td>0</td><td>n/a</td>' in analysis_html(analysis)
    # At any scale it is never the bottleneck.
    assert (
        design_analyze(design_from_yaml(CDN.replace(" CAPACITY", ""), source="t.md"), scale=100).bottleneck
        == "api"
    )


def test_managed_component_with_a_stated_capacity_is_modelled() -> None:
    design = design_from_yaml(CDN.replace(" CAPACITY", ", capacity: 50K"), source="t.md")
    analysis = design_analyze(design)
    assert analysis.bottleneck == "cdn"
    assert analysis.bottleneck_utilization == pytest.approx(1e6 / (50e3 * 10))
    split = design_from_yaml(
        CDN.replace(" CAPACITY", ", read_capacity: 200K").replace("1M}", "1M, write_qps: 1K}"), source="t.md"
    )
    assert load(design_analyze(split), "cdn").utilization == pytest.approx(1e6 / 2e6)


def test_managed_cost_is_per_service_not_per_node() -> None:
    # Before: 10 CDN "nodes" x $500 = $5,000 a month.
    text = CDN.replace(" CAPACITY", ", cost: 800").replace("zones: 3}", "zones: 3, cost: 100}")
    analysis = design_analyze(design_from_yaml(text, source="t.md"))
    assert analysis.cost_by_component["cdn"] == 800
    assert analysis.cost_by_component["api"] == 100 * 100  # self-run: per node
    dynamo = design_from_yaml(
        "traffic: {write_qps: 1K}\ncomponents:\n  t: {tech: dynamodb, shards: 50}\nedges: []\n", source="t.md"
    )
    only = design_analyze(dynamo)
    assert load(only, "t").utilization is None
    assert only.cost_by_component["t"] == 700  # the database type's default, once


FAN = """
traffic: {write_qps: 1K}
components:
  user: {type: client}
  chat: {type: service, replicas: 10, zones: 3}
  gateway: {type: service, replicas: 20, zones: 3, capacity: 1K, latency: {p50: 2 ms, p99: 40 ms}}
edges:
  - user -> chat
  - {from: chat, to: gateway, writes: 1.0, fan_out: FAN}
"""


def fan(n: str) -> Analysis:
    return design_analyze(design_from_yaml(FAN.replace("FAN", n), source="t.md"))


def test_average_fan_out_multiplies_load_and_waits_for_the_ceiling() -> None:
    # Before: fan_out had to be whole, so 6.7 recipients were written as 7 (4.5% too much load).
    average, seven = fan("6.7"), fan("7")
    assert load(average, "gateway").writes == pytest.approx(6_700)
    assert average.edge_writes[1] == pytest.approx(6_700)
    assert average.latency_ms == seven.latency_ms
    assert average.fan_out_tails == seven.fan_out_tails
    assert "×6.7" in design_svg(design_from_yaml(FAN.replace("FAN", "6.7"), source="t.md"))
    assert not fan("1").fan_out_tails


@pytest.mark.parametrize("bad", ["0.5", "0", "20000", "many"])
def test_fan_out_out_of_range(bad: str) -> None:
    with pytest.raises(SysdojoError, match="fan_out"):
        design_from_yaml(FAN.replace("FAN", bad), source="t.md")


LOOKUP = """
traffic: {read_qps: 2K, write_qps: 1K}
components:
  user: {type: client}
  chat: {type: service, replicas: 10, zones: 3}
  registry: {type: cache, replicas: 2, zones: 2, capacity: 1K, latency: {p50: 5 ms, p99: 50 ms}}
  store: {type: database, replicas: 3, zones: 3}
edges:
  - user -> chat
  - {from: chat, to: store, reads: 1.0, writes: 1.0}
  - {from: chat, to: registry, lookups: 1.0}
"""


def test_lookups_are_reads_caused_by_writes() -> None:
    analysis = design_analyze(design_from_yaml(LOOKUP, source="t.md"))
    registry = load(analysis, "registry")
    assert (registry.reads, registry.writes) == (1_000, 0)  # a write each, counted as a read
    # Read capacity: spread over both replicas (a write would land on each): 1K / (2 x 1K).
    assert registry.utilization == pytest.approx(0.5)
    assert analysis.edge_reads[2] == 1_000 and analysis.edge_writes[2] == 0
    without = design_analyze(design_from_yaml(LOOKUP.replace("lookups: 1.0", "lookups: 0.0"), source="t.md"))
    # The lookup is on the write path (latency, availability), not on the read path.
    slow, fast = analysis.latency_ms["write"], without.latency_ms["write"]
    assert slow is not None and fast is not None and slow["p99"] > fast["p99"] + 10
    assert analysis.latency_ms["read"] == without.latency_ms["read"]
    assert (analysis.availability["write"] or 0) < (without.availability["write"] or 0)
    assert analysis.availability["read"] == without.availability["read"]
    down = design_analyze(design_from_yaml(LOOKUP, source="t.md"), fail=["registry:all"])
    assert [(f.flow, f.failed_share, f.through) for f in down.failed_flows] == [("write", 1.0, ("registry",))]


def test_lookup_reaches_the_targets_read_path() -> None:
    text = LOOKUP.replace("capacity: 1K,", "capacity: 1K, hit_ratio: 0.75,") + (
        "  - {from: registry, to: store, reads: 1.0}\n"
    )
    analysis = design_analyze(
        design_from_yaml(text.replace("replicas: 3, zones: 3", "replicas: 1"), source="t.md")
    )
    # store: 2K reads from chat + the registry's 25% misses of 1K lookups.
    assert load(analysis, "store").reads == pytest.approx(2_250)
    assert "store" in {s.id for s in analysis.spofs}
    failed = design_analyze(design_from_yaml(text, source="t.md"), fail=["store:all"])
    writes = next(f for f in failed.failed_flows if f.flow == "write")
    assert writes.failed_share == 1.0 and writes.through == ("store",)


BATCH = """
traffic: {read_qps: 1K}
components:
  user: {type: client}
  api: {type: service, replicas: 3, zones: 3}
  db: {type: database, replicas: 1}
  recon: {type: worker, share: SHARE}
  files: {type: service, replicas: 1}
edges:
  - user -> api
  - {from: api, to: db, reads: 1.0}
  - recon -> db
  - recon -> files
"""


def test_zero_traffic_entries_are_not_spofs() -> None:
    # Before: recon (one replica, no traffic) and files (only recon calls it) were reported as SPOFs.
    analysis = design_analyze(design_from_yaml(BATCH.replace("SHARE", "0"), source="t.md"))
    assert {s.id for s in analysis.spofs} == {"db"}  # still on the request path through api
    assert load(analysis, "recon").reads == 0
    with_traffic = design_analyze(design_from_yaml(BATCH.replace("SHARE", "0.1"), source="t.md"))
    assert {s.id for s in with_traffic.spofs} == {"db", "recon", "files"}
    assert math.isclose(load(with_traffic, "api").reads, 900)
