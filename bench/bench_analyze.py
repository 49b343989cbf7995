"""Analysis timings: one 1,000-component graph, and every single-component failure of a 200-component one.

Run: python bench/bench_analyze.py   (targets: <= 100 ms and <= 2 s)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sysdojo.core.architecture import design_analyze, design_parse
from sysdojo.core.architecture.model import Design

TYPES = ["service", "cache", "database", "queue", "worker", "load-balancer", "search-index"]


def random_design(n: int, seed: int = 7) -> Design:
    rng = random.Random(seed)
    components: dict[str, object] = {"user": {"type": "client"}}
    edges: list[object] = [{"from": "user", "to": "c0"}]
    for i in range(n - 1):
        components[f"c{i}"] = {"type": rng.choice(TYPES), "replicas": rng.randint(1, 4)}
        if i:
            parent = rng.randrange(max(0, i - 20), i)
            edges.append({"from": f"c{parent}", "to": f"c{i}", "reads": 0.7, "writes": 0.3,
                          "fan_out": rng.choice([1, 1, 1, 3]), "async": rng.random() < 0.1})  # fmt: skip
            if i > 2 and rng.random() < 0.5:
                edges.append({"from": f"c{rng.randrange(0, i - 1)}", "to": f"c{i}", "reads": 0.2})
    data = {"traffic": {"read_qps": "50K", "write_qps": "5K"}, "components": components, "edges": edges}
    return design_parse(data, source="bench")


def best_of(runs: int, fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    big = random_design(1000)
    t = best_of(5, lambda: design_analyze(big))
    print(f"analyze 1,000 components / {len(big.edges)} edges: {t * 1000:.1f} ms (target <= 100 ms)")
    mid = random_design(200, seed=11)

    def every_failure() -> None:
        for c in mid.components:
            design_analyze(mid, fail=[f"{c.id}:all"])

    t = best_of(3, every_failure)
    print(f"every single-component failure of 200 components: {t * 1000:.0f} ms (target <= 2,000 ms)")
    start = time.perf_counter()
    random_design(1000)
    print(f"(parse 1,000 components: {(time.perf_counter() - start) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
