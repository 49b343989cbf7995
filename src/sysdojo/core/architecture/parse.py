"""Parses an ```architecture block into a Design, resolving defaults from the numbers-to-know data.

Everything that can be wrong with a design is reported here, naming the component or edge: unknown type
or key (with the closest match), dangling edge, ratio or capacity out of range, and cycles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sysdojo.core.architecture.model import (
    COMPONENT_TYPES,
    ROLE_TYPES,
    TYPE_ALIASES,
    Component,
    Design,
    Edge,
)
from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.estimate.calc import CalcError, evaluate_node
from sysdojo.core.estimate.expr import ExprSyntaxError, parse_literal
from sysdojo.core.estimate.model import EstimateResult
from sysdojo.core.estimate.units import MONEY, NONE, RATE, TIME, Dims, dims_name
from sysdojo.core.numbers import numbers_load
from sysdojo.core.yamlio import Locator, Path, check_keys, load_yaml_block, suggest

TOP_KEYS = ("name", "description", "traffic", "components", "edges", "accepted_spof", "notes")
TRAFFIC_KEYS = ("read_qps", "write_qps")
COMPONENT_KEYS = (
    "type", "tech", "label", "replicas", "zones", "shards", "role", "failover", "managed", "capacity",
    "read_capacity", "write_capacity", "latency", "p50", "p99", "availability", "cost", "hit_ratio", "share",
    "spof_ok",
)  # fmt: skip
EDGE_KEYS = ("from", "to", "reads", "writes", "lookups", "fan_out", "async", "on_miss", "fail_open", "label")
ROLES = ("primary", "replica")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_ARROW = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)\s*(->|~>)\s*([A-Za-z][A-Za-z0-9_-]*)\s*\Z")
MAX_REPLICAS = 100_000


class _Reader:
    """Typed access to one mapping of the block; every failure names its path."""

    def __init__(self, loc: Locator, path: Path, raw: Mapping[str, Any]) -> None:
        self.loc, self.path, self.raw = loc, path, raw

    def fail(self, key: str, message: str) -> SysdojoError:
        return self.loc.error((*self.path, key), message)

    def text(self, key: str) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(key, f"expected text, got {value!r}")
        return str(value)

    def boolean(self, key: str) -> bool | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def integer(self, key: str, *, low: int, high: int) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected a whole number, got {value!r}")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high:,}, got {value}")
        return value

    def quantity(self, key: str, allowed: Mapping[Dims, float], example: str) -> float | None:
        """A number or a value with units ("2K", "2K/s", "5 ms", "99.9%"), in the unit `allowed` maps to."""
        value = self.raw.get(key)
        if value is None:
            return None
        return read_quantity(self.loc, (*self.path, key), value, allowed, example)

    def ratio(self, key: str, *, high_open: bool = False) -> float | None:
        value = self.quantity(key, {NONE: 1.0}, "0.9 or 90%")
        if value is None:
            return None
        if value < 0 or value > 1 or (high_open and value == 1):
            bound = "[0, 1)" if high_open else "[0, 1]"
            raise self.fail(key, f"must be a share in {bound} (e.g. 0.9 or 90%), got {value:g}")
        return value


def read_quantity(loc: Locator, path: Path, value: Any, allowed: Mapping[Dims, float], example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise loc.error(path, f"expected a value like {example}, got {value!r}")
    try:
        q = evaluate_node(parse_literal(str(value)), {}, literal=True)
    except (ExprSyntaxError, CalcError) as exc:
        raise loc.error(path, f"{exc} in {str(value)!r}") from None
    if q.dims not in allowed:
        raise loc.error(path, f"{value!r} is {dims_name(q.dims)}; expected a value like {example}")
    return q.value / allowed[q.dims]


_PER_SECOND: Mapping[Dims, float] = {NONE: 1.0, RATE: 1.0}
_MS: Mapping[Dims, float] = {NONE: 1.0, TIME: 1e-3}


def _traffic(loc: Locator, raw: Any, estimate: EstimateResult | None) -> tuple[float, float]:
    if raw is None:
        raise loc.error(("traffic",), "missing; write e.g. traffic: {read_qps: 20K, write_qps: 200}")
    if not isinstance(raw, Mapping):
        raise loc.error(("traffic",), "expected a mapping like {read_qps: 20K, write_qps: 200}")
    check_keys(loc, ("traffic",), raw, TRAFFIC_KEYS)
    out = []
    for key in TRAFFIC_KEYS:
        value, path = raw.get(key, 0), ("traffic", key)
        if isinstance(value, str) and value.strip().startswith("$"):
            name = value.strip()[1:]
            if estimate is None:
                raise loc.error(path, f"refers to ${name} but no estimate was given to take it from")
            found = estimate.output(name)
            if found is None:
                known = [o.name for o in estimate.outputs]
                raise loc.error(path, f"the estimate has no output {name!r}{suggest(name, known)}")
            if found.dims not in _PER_SECOND:
                raise loc.error(path, f"${name} is {dims_name(found.dims)}, not a rate")
            out.append(found.value)
        else:
            out.append(read_quantity(loc, path, value, _PER_SECOND, "20K or 20K/s"))
        if out[-1] < 0:
            raise loc.error(path, "traffic cannot be negative")
    return out[0], out[1]


def _component(loc: Locator, cid: str, raw: Any) -> Component:
    path: Path = ("components", cid)
    if not isinstance(raw, Mapping):
        raise loc.error(path, "expected a mapping like {type: service, replicas: 3}")
    check_keys(loc, path, raw, COMPONENT_KEYS)
    r = _Reader(loc, path, raw)
    numbers = numbers_load()
    tech_name = r.text("tech")
    tech = numbers.technology(tech_name) if tech_name else None
    if tech_name and tech is None:
        known = [t.id for t in numbers.technologies]
        hint = suggest(tech_name.lower(), known)
        if hint:  # an unknown technology is fine (it keeps type defaults) unless it looks like a typo
            raise r.fail("tech", f"unknown technology {tech_name!r}{hint}")
    ctype = r.text("type") or (tech.type if tech else None)
    if ctype is None:
        raise r.fail("type", f"missing; one of {', '.join(COMPONENT_TYPES)}")
    ctype = TYPE_ALIASES.get(ctype.lower(), ctype.lower())
    defaults = numbers.component_type(ctype)
    if defaults is None:
        raise r.fail("type", f"unknown type {ctype!r}{suggest(ctype, COMPONENT_TYPES)}")
    role = r.text("role")
    if role is not None and role not in ROLES:
        raise r.fail("role", f"unknown role {role!r}{suggest(role, ROLES)}; one of {', '.join(ROLES)}")
    if role is not None and ctype not in ROLE_TYPES:
        raise r.fail("role", "only a database or a cache has a primary/replica role")
    replicas = r.integer("replicas", low=1, high=MAX_REPLICAS) or 1
    zones = r.integer("zones", low=1, high=1000)
    shards = r.integer("shards", low=1, high=MAX_REPLICAS) or 1
    failover = r.boolean("failover")
    read_cap = write_cap = defaults.capacity
    if tech is not None:
        read_cap = numbers.throughput_of(tech.reads).default
        write_cap = numbers.throughput_of(tech.writes).default
    both = r.quantity("capacity", _PER_SECOND, "2K (requests/s per replica)")
    reads_only = r.quantity("read_capacity", _PER_SECOND, "50K")
    writes_only = r.quantity("write_capacity", _PER_SECOND, "10K")
    for key, cap in (("capacity", both), ("read_capacity", reads_only), ("write_capacity", writes_only)):
        if cap is not None and cap <= 0:
            raise r.fail(key, f"must be more than 0 requests/s, got {cap:g}")
    managed = r.boolean("managed")
    if managed is None:
        managed = tech.managed if tech and tech.managed is not None else defaults.managed
    if managed:
        # The provider scales a managed service (CDN, DNS, object store, DynamoDB) behind one name; a
        # per-node figure would make "one CDN node" the bottleneck of every large design. Only a
        # capacity the author states (a quota, a per-prefix limit they design around) is modelled.
        read_cap = write_cap = None
    read_cap = next((c for c in (reads_only, both) if c is not None), read_cap)
    write_cap = next((c for c in (writes_only, both) if c is not None), write_cap)
    latency = raw.get("latency")
    lat_reader = r
    if latency is not None:
        if not isinstance(latency, Mapping):
            raise r.fail("latency", "expected {p50: 5 ms, p99: 50 ms}")
        check_keys(loc, (*path, "latency"), latency, ("p50", "p99"))
        lat_reader = _Reader(loc, (*path, "latency"), latency)
    p50 = lat_reader.quantity("p50", _MS, "5 ms")
    p99 = lat_reader.quantity("p99", _MS, "50 ms")
    base50 = tech.p50_ms if tech and tech.p50_ms is not None else defaults.p50_ms
    base99 = tech.p99_ms if tech and tech.p99_ms is not None else defaults.p99_ms
    p50 = base50 if p50 is None else p50
    p99 = max(base99, p50) if p99 is None else p99
    if p50 < 0 or p99 < p50:
        raise lat_reader.fail("p99", f"p99 ({p99:g} ms) must be at least p50 ({p50:g} ms), both >= 0")
    availability = r.quantity("availability", {NONE: 1.0}, "99.9% or 0.999")
    if availability is None:
        availability = tech.availability if tech and tech.availability is not None else defaults.availability
    if not 0 < availability <= 1:
        raise r.fail("availability", f"must be above 0 and at most 100%, got {availability:g}")
    cost = r.quantity("cost", {NONE: 1.0, MONEY: 1.0}, "200 (USD per node per month)")
    if cost is not None and cost < 0:
        raise r.fail("cost", "cannot be negative")
    spof_ok = r.text("spof_ok")
    return Component(
        id=cid,
        type=ctype,
        label=r.text("label") or cid,
        tech=tech.id if tech else tech_name,
        replicas=replicas,
        zones=zones,
        shards=shards,
        role=role,
        failover=bool(failover) if failover is not None else (role == "primary" and replicas >= 2),
        managed=managed,
        read_capacity=read_cap,
        write_capacity=write_cap,
        p50_ms=p50,
        p99_ms=p99,
        availability=availability,
        cost=defaults.cost if cost is None else cost,
        hit_ratio=r.ratio("hit_ratio", high_open=True) or 0.0,
        share=r.ratio("share"),
        spof_ok=spof_ok,
        line=loc.line(path),
    )


def _edge(loc: Locator, index: int, raw: Any, ids: Mapping[str, Component]) -> Edge:
    path: Path = ("edges", index)
    if isinstance(raw, str):
        m = _ARROW.match(raw)
        if not m:
            raise loc.error(path, f"expected 'a -> b' (sync), 'a ~> b' (async) or a mapping, got {raw!r}")
        raw = {"from": m.group(1), "to": m.group(3), "async": m.group(2) == "~>"}
    if not isinstance(raw, Mapping):
        raise loc.error(path, "expected a mapping like {from: api, to: db, writes: 1.0}")
    check_keys(loc, path, raw, EDGE_KEYS)
    r = _Reader(loc, path, raw)
    ends = []
    for key in ("from", "to"):
        end = r.text(key)
        if end is None:
            raise r.fail(key, "missing")
        if end not in ids:
            raise r.fail(key, f"{end!r} is not a component{suggest(end, ids)}")
        ends.append(end)
    reads, writes, lookups = r.ratio("reads"), r.ratio("writes"), r.ratio("lookups")
    if reads is None and writes is None and lookups is None:
        reads = writes = 1.0  # an edge that says nothing carries all the traffic
    fan_out = r.quantity("fan_out", {NONE: 1.0}, "3 or 6.7 (calls per request, on average)")
    if fan_out is not None and not 1 <= fan_out <= 10_000:
        raise r.fail("fan_out", f"must be between 1 and 10,000 calls per request, got {fan_out:g}")
    on_miss = r.text("on_miss")
    if on_miss is not None:
        if on_miss not in ids:
            raise r.fail("on_miss", f"{on_miss!r} is not a component{suggest(on_miss, ids)}")
        if ids[on_miss].hit_ratio == 0:
            raise r.fail("on_miss", f"{on_miss!r} has no hit_ratio, so it never misses less than always")
    return Edge(
        index=index,
        source=ends[0],
        target=ends[1],
        reads=reads or 0.0,
        writes=writes or 0.0,
        fan_out=fan_out or 1.0,
        is_async=bool(r.boolean("async")),
        on_miss=on_miss,
        fail_open=bool(r.boolean("fail_open")),
        lookups=lookups or 0.0,
        label=r.text("label") or "",
        line=loc.line(path),
    )


def _topological(loc: Locator, ids: list[str], edges: list[Edge]) -> tuple[str, ...]:
    """Kahn's algorithm; on a cycle, name it (a sync-only cycle gets its own message)."""
    outs: dict[str, list[Edge]] = {i: [] for i in ids}
    indegree = dict.fromkeys(ids, 0)
    for e in edges:
        outs[e.source].append(e)
        indegree[e.target] += 1
    ready = [i for i in ids if indegree[i] == 0]
    order: list[str] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for e in outs[node]:
            indegree[e.target] -= 1
            if indegree[e.target] == 0:
                ready.append(e.target)
    if len(order) == len(ids):
        return tuple(order)
    left = {i for i in ids if indegree[i] > 0}
    for sync_only in (True, False):
        cycle = _find_cycle(left, [e for e in edges if not (sync_only and e.is_async)])
        if cycle:
            first = next(e for e in edges if e.source == cycle[0] and e.target == cycle[1])
            kind = "a cycle of synchronous calls" if sync_only else "a cycle (through async edges)"
            return_msg = f"{kind}: {' -> '.join(cycle)}; traffic would loop forever"
            raise loc.error(("edges", first.index), return_msg)
    raise loc.error(("edges",), "the edges form a cycle")


def _find_cycle(nodes: set[str], edges: list[Edge]) -> list[str] | None:
    outs: dict[str, list[str]] = {}
    for e in edges:
        if e.source in nodes and e.target in nodes:
            outs.setdefault(e.source, []).append(e.target)
    state: dict[str, int] = {}
    for root in sorted(nodes):
        if state.get(root):
            continue
        stack = [(root, iter(outs.get(root, [])))]
        path = [root]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(outs.get(nxt, []))))
    return None


def _parse(data: Any, loc: Locator, estimate: EstimateResult | None) -> Design:
    if not isinstance(data, Mapping):
        raise loc.error((), "an architecture block is a mapping with 'components' and 'edges'")
    check_keys(loc, (), data, TOP_KEYS)
    name = data.get("name") or ""
    if not isinstance(name, str):
        raise loc.error(("name",), "expected text")
    read_qps, write_qps = _traffic(loc, data.get("traffic"), estimate)
    raw_components = data.get("components")
    if not isinstance(raw_components, Mapping) or not raw_components:
        raise loc.error(("components",), "expected a mapping of id: {type: ...}, with at least one component")
    problems: list[Problem] = []
    components: dict[str, Component] = {}
    for cid, raw in raw_components.items():
        if not isinstance(cid, str) or not _ID.match(cid):
            problems.append(loc.problem(("components", str(cid)), "ids use letters, digits, - and _"))
            continue
        try:
            components[cid] = _component(loc, cid, raw)
        except SysdojoError as exc:
            problems += exc.problems
    if problems:
        raise SysdojoError(problems)
    raw_edges = data.get("edges") or []
    if not isinstance(raw_edges, list):
        raise loc.error(("edges",), "expected a list of edges")
    edges: list[Edge] = []
    for index, raw in enumerate(raw_edges):
        try:
            edges.append(_edge(loc, index, raw, components))
        except SysdojoError as exc:
            problems += exc.problems
    if problems:
        raise SysdojoError(problems)
    order = _topological(loc, list(components), edges)
    accepted = data.get("accepted_spof") or []
    if not isinstance(accepted, list) or not all(isinstance(a, str) for a in accepted):
        raise loc.error(("accepted_spof",), "expected a list of component ids")
    for i, cid in enumerate(accepted):
        if cid not in components:
            raise loc.error(("accepted_spof", i), f"{cid!r} is not a component{suggest(cid, components)}")
    targets = {e.target for e in edges}
    for c in components.values():
        if c.share is not None and c.id in targets:
            raise loc.error(
                ("components", c.id, "share"), "only entry components (no incoming edges) take a share"
            )
    return Design(
        source=loc.source,
        name=name,
        read_qps=read_qps,
        write_qps=write_qps,
        components=tuple(components.values()),
        edges=tuple(edges),
        accepted_spof=tuple(accepted),
        order=order,
    )


def design_parse(
    data: Mapping[str, Any],
    *,
    source: str,
    line_offset: int = 0,
    estimate: EstimateResult | None = None,
    lines: Mapping[Path, int] | None = None,
) -> Design:
    """Validate an already-loaded block. With `lines` (from `load_yaml_block`), errors name the exact
    line of the component or edge; without, they point at the block (line_offset)."""
    return _parse(data, Locator(source=source, line_offset=line_offset, lines=lines or {}), estimate)


def design_from_yaml(
    text: str, *, source: str, line_offset: int = 0, estimate: EstimateResult | None = None
) -> Design:
    """Parse the YAML text of an ```architecture block; `estimate` resolves traffic like $peak_read_qps."""
    data, loc = load_yaml_block(text, source=source, line_offset=line_offset)
    return _parse(data, loc, estimate)
