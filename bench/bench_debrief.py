"""Debrief timing: grade a generated 3,000-word answer to the URL shortener case study.

Run: python bench/bench_debrief.py   (target: <= 300 ms)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sysdojo.core.content.curriculum import plan_load  # noqa: E402
from sysdojo.core.content.parse import page_parse  # noqa: E402
from sysdojo.core.debrief import debrief_grade  # noqa: E402

PHASES = ["Requirements", "Capacity estimate", "API", "Data model", "High-level design", "Deep dives",
          "Trade-offs", "Failure modes"]  # fmt: skip


def long_answer(words: int, seed: int = 3) -> str:
    """A strong sample answer's sentences, shuffled into eight phases until `words` long."""
    sample = (ROOT / "tests/fixtures/answers/url-shortener/strong.md").read_text(encoding="utf-8")
    sentences = [s.strip() for s in sample.replace("\n", " ").split(". ") if s.strip() and "##" not in s]
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        parts.append(f"\n## {PHASES[len(parts) % len(PHASES)]}\n")
        for _ in range(rng.randint(4, 12)):
            sentence = rng.choice(sentences)
            parts.append(sentence + ". ")
            count += len(sentence.split())
    return "".join(parts)


def main() -> None:
    page_path = ROOT / "content/case-studies/url-shortener.md"
    page = page_parse(page_path.read_text(encoding="utf-8"), source=str(page_path))
    plan = plan_load(ROOT / "content/plan.yaml")
    skills = {e.id: e.title for e in plan.values() if e.kind == "skill"}
    answer = long_answer(3000)
    debrief_grade(page=page, answer=answer, skills=skills)  # warm caches (regexes, numbers table)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        debrief_grade(page=page, answer=answer, skills=skills)
        times.append(time.perf_counter() - start)
    best, worst = min(times), max(times)
    words = len(answer.split())
    print(f"debrief of a {words:,}-word answer: {best * 1000:.0f} ms best, {worst * 1000:.0f} ms worst "
          "of 5 (target <= 300 ms)")  # fmt: skip
    start = time.perf_counter()
    debrief_grade(page=page, answer=long_answer(3000, seed=9), skills=skills)
    print(f"first grading of another answer: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
