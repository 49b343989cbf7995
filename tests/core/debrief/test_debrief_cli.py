"""`sysdojo debrief CASE_ID ANSWER.md [--json]`, run as the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.core.debrief.samples import ANSWERS, REPO

SYSDOJO = str(Path(sys.executable).parent / "sysdojo")


def sysdojo(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [SYSDOJO, *map(str, args)], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_human_output() -> None:
    done = sysdojo("debrief", "url-shortener", ANSWERS / "url-shortener" / "weak.md")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "overall" in text and "Skills (weakest first)" in text
    assert "you said 4,000 reads per second; the estimate gives ~19K/s" in text
    assert "Missing key points" in text and "url-shortener#deep-dives" in text
    assert "Next lesson" in text


def test_json_output() -> None:
    done = sysdojo("debrief", "url-shortener", ANSWERS / "url-shortener" / "strong.md", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["case_id"] == "url-shortener" and data["overall"] > 80
    assert {s["skill"] for s in data["skills"]} >= {"caching", "capacity-estimation"}


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    flat = tmp_path / "flat.md"
    flat.write_text("No headings at all.\n", encoding="utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00## API")
    cases = [
        (("debrief", "no-such-case", flat), "no case study 'no-such-case'"),
        (("debrief", "url-shortener", tmp_path / "missing.md"), "cannot read"),
        (("debrief", "url-shortener", flat), "has no '## ' headings"),
        (("debrief", "url-shortener", binary), "not UTF-8"),
    ]
    for args, message in cases:
        done = sysdojo(*args)
        assert done.returncode == 1, args
        assert message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
