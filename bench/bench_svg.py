"""SVG timing: layout and render of a 100-component design.

Run: python bench/bench_svg.py   (target: <= 100 ms)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyze import random_design
from sysdojo.core.architecture import design_analyze, design_svg


def main() -> None:
    design = random_design(100, seed=3)
    analysis = design_analyze(design)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        svg = design_svg(design, analysis)
        times.append(time.perf_counter() - start)
    print(f"SVG of 100 components / {len(design.edges)} edges: {min(times) * 1000:.1f} ms "
          f"(target <= 100 ms), {len(svg):,} bytes")  # fmt: skip


if __name__ == "__main__":
    main()
