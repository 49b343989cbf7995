from __future__ import annotations

import pytest

from sysdojo.core.architecture import design_from_yaml, design_parse
from sysdojo.core.errors import SysdojoError

BASE = (
    "traffic: {read_qps: 100}\ncomponents:\n  user: {type: client}\n  api: {type: service}\n"
    "  db: {type: database}\n"
)


def err(text: str) -> SysdojoError:
    with pytest.raises(SysdojoError) as info:
        design_from_yaml(text, source="d.md", line_offset=40)
    return info.value


@pytest.mark.parametrize(
    ("text", "field", "needle"),
    [
        (
            BASE.replace("type: service", "type: servise") + "edges: []\n",
            "components.api.type",
            "did you mean 'service'",
        ),
        (
            BASE + "edges:\n  - user -> api\n  - {from: api, to: dbb}\n",
            "edges[1].to",
            "'dbb' is not a component (did you mean 'db'?)",
        ),
        (
            BASE + "edges:\n  - user -> api\n  - api -> db\n  - db -> api\n",
            "edges[1]",
            "cycle of synchronous calls: api -> db -> api",
        ),
        (
            BASE + "edges:\n  - user -> api\n  - api -> db\n  - db ~> api\n",
            "edges[1]",
            "cycle (through async edges): api -> db -> api",
        ),
        (
            BASE + "edges:\n  - {from: user, to: api, reads: 1.5}\n",
            "edges[0].reads",
            "must be a share in [0, 1]",
        ),
        (
            BASE.replace("type: service", "type: service, capacity: 0") + "edges: []\n",
            "components.api.capacity",
            "more than 0",
        ),
        (
            BASE.replace("type: service", "type: service, replicsa: 3") + "edges: []\n",
            "components.api.replicsa",
            "did you mean 'replicas'",
        ),
        (
            BASE.replace("type: service", "type: service, replicas: 0") + "edges: []\n",
            "components.api.replicas",
            "between 1",
        ),
        (
            BASE.replace("type: service", "type: service, hit_ratio: 1") + "edges: []\n",
            "components.api.hit_ratio",
            "[0, 1)",
        ),
        (
            BASE.replace("type: service", "type: service, availability: 120%") + "edges: []\n",
            "components.api.availability",
            "at most 100%",
        ),
        (
            BASE.replace("type: service", "type: service, latency: {p50: 50 ms, p99: 5 ms}") + "edges: []\n",
            "components.api.latency.p99",
            "at least p50",
        ),
        (
            BASE.replace("type: service", "type: service, capacity: 5 GB") + "edges: []\n",
            "components.api.capacity",
            "bytes",
        ),
        (
            BASE.replace("type: service", "type: service, tech: reddis") + "edges: []\n",
            "components.api.tech",
            "did you mean 'redis'",
        ),
        (
            BASE.replace("type: database", "type: database, role: leader") + "edges: []\n",
            "components.db.role",
            "unknown role",
        ),
        (BASE + "edges:\n  - {from: user, to: api, fan_out: 0}\n", "edges[0].fan_out", "between 1"),
        (BASE + "edges:\n  - user => api\n", "edges[0]", "expected 'a -> b'"),
        (BASE + "edges:\n  - {from: user, to: api, on_miss: api}\n", "edges[0].on_miss", "no hit_ratio"),
        (BASE + "edges: []\naccepted_spof: [apii]\n", "accepted_spof[0]", "did you mean 'api'"),
        (BASE + "edge: []\n", "edge", "did you mean 'edges'"),
        ("components:\n  a: {type: client}\n", "traffic", "missing"),
        (
            "traffic: {read_qps: lots}\ncomponents:\n  a: {type: client}\n",
            "traffic.read_qps",
            "expected a number",
        ),
    ],
)
def test_bad_designs_name_the_culprit(text: str, field: str, needle: str) -> None:
    e = err(text)
    assert any(p.field == field and needle in p.message for p in e.problems), str(e)
    assert all(p.source == "d.md" and p.line is not None and p.line > 40 for p in e.problems)


def test_yaml_syntax_error() -> None:
    e = err("traffic: {read_qps: 100\ncomponents: [\n")
    assert "malformed YAML" in str(e) and e.problems[0].line is not None


def test_mapping_entry_point() -> None:
    d = design_parse({"traffic": {"read_qps": 5}, "components": {"a": {"type": "client"}}}, source="d.md")
    assert d.components[0].id == "a"
    with pytest.raises(SysdojoError) as info:
        design_parse(
            {"traffic": {"read_qps": 5}, "components": {"a": {"type": "x"}}}, source="d.md", line_offset=9
        )
    assert info.value.problems[0].line == 9
