"""A synthetic curriculum for benchmarks: N realistic pages (~1,500 words, code, a quiz) and a plan."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = [
    "cache",
    "shard",
    "replica",
    "quorum",
    "latency",
    "throughput",
    "partition",
    "leader",
    "follower",
    "queue",
    "consumer",
    "producer",
    "index",
    "write",
    "read",
    "hot",
    "key",
    "eviction",
    "stampede",
    "consistency",
    "availability",
    "failover",
    "region",
    "zone",
    "budget",
    "request",
    "response",
    "client",
    "server",
    "gateway",
    "token",
    "bucket",
    "window",
    "counter",
    "stream",
    "batch",
    "snapshot",
    "log",
]


def _paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def page_text(page_id: str, index: int, ids: list[str], rng: random.Random) -> str:
    related = [ids[(index + k) % len(ids)] for k in (1, 2, 3)]
    sections = []
    for title in ("What it is", "How it works", "Trade-offs", "When not to use it", "Common mistakes"):
        body = "\n\n".join(_paragraph(rng, 60) for _ in range(5))
        sections.append(f"## {title}\n\n{body}\n\nSee [a related page]({related[0]}).\n")
    sections.append(
        "### An example\n\n```python\ndef handler(request):\n    return cache.get(request.key)\n```\n"
    )
    sections.append("## Interview probes\n\n### Why?\n\n" + _paragraph(rng, 40) + "\n")
    sections.append("## Mastery check\n\nYou can explain it.\n")
    cards = "\n".join(f"- q: Question {n} about {page_id}?\n  a: {_paragraph(rng, 12)}" for n in range(6))
    quiz = "\n".join(
        f"- prompt: Pick one ({n})\n  choices: [alpha, beta, gamma]\n  answer: beta\n  explanation: Because."
        for n in range(4)
    )
    front = {
        "id": page_id,
        "kind": "concept",
        "title": f"Synthetic page {index}",
        "area": "benchmarks",
        "phase": index % 10,
        "priority": "high",
        "depth": "intermediate",
        "summary": f"Synthetic page number {index} for the sync benchmark.",
        "related": related,
        "tags": ["synthetic", f"tag{index % 7}"],
    }
    return (
        "---\n"
        + yaml.safe_dump(front, sort_keys=False)
        + "---\n\nIntro.\n\n"
        + "\n".join(sections)
        + f"\n## Flashcards\n\n```flashcards\n{cards}\n```\n\n## Quiz\n\n```quiz\n{quiz}\n```\n"
    )


def write_curriculum(root: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    ids = [f"synthetic-{n:04d}" for n in range(count)]
    (root / "concepts").mkdir(parents=True, exist_ok=True)
    plan = [
        {
            "id": pid,
            "kind": "concept",
            "title": f"Synthetic page {n}",
            "area": "benchmarks",
            "phase": n % 10,
            "priority": "high",
            "depth": "intermediate",
            "summary": "synthetic",
        }
        for n, pid in enumerate(ids)
    ]
    (root / "plan.yaml").write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    paths = []
    for n, pid in enumerate(ids):
        path = root / "concepts" / f"{pid}.md"
        path.write_text(page_text(pid, n, ids, rng), encoding="utf-8")
        paths.append(path)
    return paths
