from __future__ import annotations

import pytest

from sysdojo.core.errors import SysdojoError
from sysdojo.core.numbers import numbers_load, numbers_parse


def test_classic_latency_figures() -> None:
    n = numbers_load()
    assert n.latency("l1_cache").ns == 0.5
    assert n.latency("main_memory").ns == 100
    assert n.latency("datacenter_round_trip").seconds == pytest.approx(500e-6)
    assert n.latency("packet_ca_netherlands_ca").seconds == pytest.approx(0.150)
    mutex = n.latency("mutex_lock_unlock")
    assert mutex.ns == 25 and any(v.ns == 100 for v in mutex.variants)


def test_latencies_are_ordered_memory_ssd_disk() -> None:
    n = numbers_load()
    assert n.latency("main_memory").ns < n.latency("ssd_random_read").ns < n.latency("disk_seek").ns


def test_throughput_anchors() -> None:
    n = numbers_load()
    assert n.throughput_of("redis").default == 100_000
    assert n.throughput_of("s3_put").default == 3_500
    assert n.throughput_of("s3_get").default == 5_500
    assert n.throughput_of("dynamodb_partition_writes").default == 1_000
    assert n.throughput_of("dynamodb_partition_reads").default == 3_000
    for t in n.throughput:
        assert t.note and t.sources and t.assumptions
        if t.low is not None and t.high is not None:
            assert t.low <= t.default <= t.high


def test_every_technology_points_at_known_throughput_and_type() -> None:
    n = numbers_load()
    for tech in n.technologies:
        n.throughput_of(tech.reads)
        n.throughput_of(tech.writes)
        assert n.component_type(tech.type) is not None
    assert n.technology("PostgreSQL") is not None and n.technology("PostgreSQL").id == "postgres"  # type: ignore[union-attr]
    assert n.technology("nope") is None


@pytest.mark.parametrize(
    ("percent", "expected", "unit"),
    [(99, 3.65, 86_400), (99.9, 8.77, 3_600), (99.99, 52.6, 60), (99.999, 5.26, 60)],
)
def test_nines_downtime_per_year(percent: float, expected: float, unit: float) -> None:
    nines = {x.percent: x for x in numbers_load().nines}
    assert round(nines[percent].downtime_per_year_s / unit, 2 if expected < 10 else 1) == expected


def test_nines_month_and_day() -> None:
    three = next(x for x in numbers_load().nines if x.percent == 99.9)
    assert three.downtime_per_month_s / 60 == pytest.approx(43.2, abs=0.05)
    assert three.downtime_per_day_s == pytest.approx(86.4)


def test_component_defaults_are_sane() -> None:
    for c in numbers_load().component_types:
        assert 0 < c.availability <= 1
        assert c.p50_ms <= c.p99_ms
        assert c.cost >= 0


def test_malformed_data_raises_sysdojo_error() -> None:
    with pytest.raises(SysdojoError, match="latencies"):
        numbers_parse({"latencies": "nope"})
    with pytest.raises(SysdojoError, match=r"latencies\[0\]\.ns"):
        numbers_parse({"latencies": [{"id": "x", "label": "x", "note": "", "sources": ""}]})
