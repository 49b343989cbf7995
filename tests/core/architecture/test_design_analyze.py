from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sysdojo.core.architecture import design_analyze, design_from_yaml
from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import estimate_evaluate, estimate_from_yaml

FORMAT_MD = Path(__file__).parents[3] / "src/sysdojo/core/architecture/FORMAT.md"

EXAMPLE = """
name: URL shortener
traffic: {read_qps: 20K, write_qps: 200}
components:
  client: {type: client}
  cdn: {type: cdn, hit_ratio: 0.6}
  lb: {type: load-balancer, replicas: 2, zones: 2}
  api: {type: service, replicas: 6, zones: 3, capacity: 2K}
  cache: {type: cache, tech: redis, replicas: 3, hit_ratio: 0.9}
  db: {type: database, tech: postgres, role: primary, failover: true}
  db_replica: {type: database, tech: postgres, role: replica, replicas: 2}
  queue: {type: queue, tech: kafka, replicas: 3}
  worker: {type: worker, replicas: 2}
edges:
  - client -> cdn
  - {from: cdn, to: lb}
  - {from: lb, to: api}
  - {from: api, to: cache, reads: 1.0}
  - {from: api, to: db_replica, reads: 1.0, on_miss: cache}
  - {from: api, to: db, writes: 1.0}
  - {from: api, to: queue, writes: 1.0, async: true}
  - queue ~> worker
"""


def chain(*avail: str, replicas: int = 1, extra: str = "") -> str:
    comps = "\n".join(
        f"  c{i}: {{type: service, availability: {a}, replicas: {replicas}{extra}}}"
        for i, a in enumerate(avail)
    )
    edges = "\n".join(f"  - c{i} -> c{i + 1}" for i in range(len(avail) - 1))
    head = "traffic: {read_qps: 100}\ncomponents:\n  user: {type: client}\n"
    return f"{head}{comps}\nedges:\n  - user -> c0\n{edges}\n"


def test_series_availability() -> None:
    a = design_analyze(design_from_yaml(chain("99.9%", "99.9%"), source="t.md"))
    assert a.availability["read"] == pytest.approx(0.999**2)
    assert round(a.availability["read"] or 0, 3) == 0.998


def test_parallel_replicas() -> None:
    a = design_analyze(design_from_yaml(chain("99%", replicas=3), source="t.md"))
    assert a.availability["read"] == pytest.approx(0.999999)


def test_loads_and_bottleneck() -> None:
    a = design_analyze(design_from_yaml(EXAMPLE, source="t.md"))
    api = a.load("api")
    assert api is not None and api.reads == pytest.approx(8000) and api.writes == pytest.approx(200)
    assert api.utilization == pytest.approx(8200 / 12000)
    replica = a.load("db_replica")
    assert replica is not None and replica.reads == pytest.approx(800)  # 10% cache misses
    assert a.bottleneck == "api"
    assert a.headline == "api breaks first, at 1.5x this traffic"
    assert a.spofs == ()
    assert a.cost_monthly > 0
    data = json.loads(json.dumps(a.to_dict()))
    assert data["bottleneck"]["id"] == "api" and data["utilization"]["api"] == pytest.approx(0.6833, abs=1e-3)
    assert data["latency_ms"]["read"]["p50"] < data["latency_ms"]["read"]["p99"]


def test_async_branch_does_not_count_against_availability() -> None:
    with_queue = design_analyze(design_from_yaml(EXAMPLE, source="t.md"))
    flaky = EXAMPLE.replace(
        "worker: {type: worker, replicas: 2}", "worker: {type: worker, availability: 50%}"
    )
    assert design_analyze(design_from_yaml(flaky, source="t.md")).availability == with_queue.availability


def test_spofs_and_acceptance() -> None:
    text = chain("99.9%", "99.9%")
    a = design_analyze(design_from_yaml(text, source="t.md"))
    assert [s.id for s in a.spofs if s.accepted is None] == ["c0", "c1"]
    assert "1 replica" in a.spofs[0].reasons
    ok = design_analyze(design_from_yaml(text + "accepted_spof: [c0]\n", source="t.md"))
    assert [s.id for s in ok.spofs if s.accepted is None] == ["c1"]
    assert ok.to_dict()["accepted_spofs"][0]["id"] == "c0"
    zoned = design_analyze(design_from_yaml(chain("99%", replicas=3, extra=", zones: 1"), source="t.md"))
    assert zoned.spofs[0].reasons == ("all 3 nodes in 1 zone",)
    primary = EXAMPLE.replace("role: primary, failover: true", "role: primary")
    found = design_analyze(design_from_yaml(primary, source="t.md")).spofs
    assert [(s.id, s.reasons) for s in found] == [("db", ("primary without failover",))]
    note = primary.replace("role: primary}", "role: primary, spof_ok: nightly backups are enough}")
    assert (
        design_analyze(design_from_yaml(note, source="t.md")).spofs[0].accepted
        == "nightly backups are enough"
    )


def test_fail_what_ifs() -> None:
    design = design_from_yaml(EXAMPLE, source="t.md")
    one_api = design_analyze(design, fail=["api"])
    assert one_api.load("api").serving_nodes == 5  # type: ignore[union-attr]
    assert one_api.failed_flows == ()
    no_cache = design_analyze(design, fail=["cache:all"])
    assert no_cache.load("db_replica").reads == pytest.approx(8000)  # type: ignore[union-attr]
    # Cache-aside: the API treats a dead cache as a miss, so no request fails; the database pays.
    assert no_cache.failed_flows == ()
    assert no_cache.load("db_replica").utilization > design_analyze(design).load("db_replica").utilization  # type: ignore[union-attr, operator]
    no_db = design_analyze(design, fail=["db:all"])
    assert [f.flow for f in no_db.failed_flows] == ["write"]
    assert no_db.failed_flows[0].failed_share == pytest.approx(1.0)
    assert no_db.availability["write"] == 0
    standby = design_analyze(design, fail=["db"])
    assert standby.failed_flows == () and [s.id for s in standby.spofs] == ["db"]
    no_queue = design_analyze(design, fail=["queue:all"])
    assert no_queue.failed_flows == () and no_queue.broken_async == ("api ~> queue", "queue ~> worker")
    with pytest.raises(SysdojoError, match="did you mean 'cache'"):
        design_analyze(design, fail=["cahce"])
    with pytest.raises(SysdojoError, match="scale"):
        design_analyze(design, scale=-1)


def test_fan_out_tail_amplification() -> None:
    text = """
traffic: {read_qps: 100}
components:
  user: {type: client}
  agg: {type: service, replicas: 2, latency: {p50: 1 ms, p99: 2 ms}}
  leaf: {type: service, replicas: 50, latency: {p50: 10 ms, p99: 100 ms}}
edges:
  - user -> agg
  - {from: agg, to: leaf, fan_out: FAN}
"""
    p99 = []
    for fan in (1, 10, 100):
        a = design_analyze(design_from_yaml(text.replace("FAN", str(fan)), source="t.md"))
        p99.append(a.latency_ms["read"]["p99"])  # type: ignore[index]
        if fan > 1:
            assert next(iter(a.fan_out_tails.values())) == pytest.approx(1 - 0.99**fan)
    assert p99[0] == pytest.approx(102, rel=0.15)
    assert p99[0] < p99[1] < p99[2]


def test_traffic_from_estimate() -> None:
    est = estimate_evaluate(
        estimate_from_yaml("inputs:\n  dau: 10M\n  r: 3 /day\noutputs:\n  peak: dau * r * 3\n", source="e.md")
    )
    text = (
        "traffic: {read_qps: $peak}\ncomponents:\n  a: {type: client}\n  b: {type: service}\n"
        "edges: [a -> b]\n"
    )
    a = design_analyze(design_from_yaml(text, source="t.md", estimate=est))
    assert a.load("b").reads == pytest.approx(1041.67, rel=1e-3)  # type: ignore[union-attr]
    with pytest.raises(SysdojoError, match="no estimate"):
        design_from_yaml(text, source="t.md")


def test_format_md_example() -> None:
    block = re.search(r"```architecture\n(.*?)```", FORMAT_MD.read_text(), re.S)
    assert block is not None
    a = design_analyze(design_from_yaml(block.group(1), source="FORMAT.md"))
    assert a.bottleneck is not None


def test_cache_aside_cache_is_a_soft_dependency() -> None:
    single_cache = EXAMPLE.replace(
        "cache: {type: cache, tech: redis, replicas: 3", "cache: {type: cache, tech: redis, replicas: 1"
    )
    analysis = design_analyze(design_from_yaml(single_cache, source="t.md"))
    assert "cache" not in [s.id for s in analysis.spofs]
    down = design_analyze(design_from_yaml(single_cache, source="t.md"), fail=["cache"])
    assert down.failed_flows == ()
    assert down.availability["read"] == pytest.approx(analysis.availability["read"])


def test_headline_says_over_capacity_at_the_given_traffic() -> None:
    design = design_from_yaml(EXAMPLE.replace("read_qps: 20K", "read_qps: 200K"), source="t.md")
    headline = design_analyze(design).headline
    assert "is over capacity" in headline and "at this traffic" in headline
