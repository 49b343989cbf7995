"""`sysdojo estimate` and `sysdojo analyze`, run as the real console script on YAML files and on a page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.design_content import CASE_STUDY, line_of

REPO = Path(__file__).resolve().parents[2]
SYSDOJO = str(Path(sys.executable).parent / "sysdojo")
SVG_NS = "{http://www.w3.org/2000/svg}"

ESTIMATE_YAML = """\
title: Redirects
inputs:
  dau: 100M users
  reads_per_user: 10 /day
  object_size: 500 B
outputs:
  read_qps: dau * reads_per_user
  egress: read_qps * object_size -> MB/s
"""

CLASH_YAML = """\
inputs:
  size: 500 B
  age: 5 years
outputs:
  total: size + age
"""

_TEXT = CASE_STUDY.read_text(encoding="utf-8")
_START = _TEXT.index("```architecture\n") + len("```architecture\n")
DESIGN_YAML = _TEXT[_START : _TEXT.index("```", _START)].replace(
    "{read_qps: $peak_read_qps, write_qps: $peak_write_qps}", "{read_qps: 35K, write_qps: 350}"
)


def sysdojo(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [SYSDOJO, *map(str, args)], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )


def ok(*args: str | Path) -> str:
    done = sysdojo(*args)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def fails(*args: str | Path) -> str:
    done = sysdojo(*args)
    assert done.returncode == 1, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done.stderr


def as_json(*args: str | Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(*args, "--json"))
    return data


def outputs_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in data["outputs"]}


@pytest.fixture
def estimate_file(tmp_path: Path) -> Path:
    path = tmp_path / "estimate.yaml"
    path.write_text(ESTIMATE_YAML, encoding="utf-8")
    return path


@pytest.fixture
def design_file(tmp_path: Path) -> Path:
    path = tmp_path / "design.yaml"
    path.write_text(DESIGN_YAML, encoding="utf-8")
    return path


# ---------------------------------------------------------------- sysdojo estimate


def test_estimate_of_a_yaml_file_prints_a_table(estimate_file: Path) -> None:
    out = ok("estimate", estimate_file)
    assert "Redirects" in out
    rows = out.splitlines()
    (read,) = [line for line in rows if "~12K/s" in line]
    assert "11,574/s" in read
    assert "read_qps = dau × reads_per_user = 100M × 10/day = 1B/day = 11,574/s" in read
    (egress,) = [line for line in rows if "egress" in line]
    assert "~5.8 MB/s" in egress and "5.787 MB/s" in egress


def test_estimate_json_has_the_outputs(estimate_file: Path) -> None:
    data = as_json("estimate", estimate_file)
    assert data["title"] == "Redirects"
    outputs = outputs_of(data)
    assert set(outputs) == {"read_qps", "egress"}
    assert outputs["read_qps"]["value"] == pytest.approx(100e6 * 10 / 86_400)
    assert outputs["read_qps"]["rounded"] == "~12K/s" and outputs["read_qps"]["exact"] == "11,574/s"
    assert outputs["egress"]["unit"] == "MB/s"
    assert [i["name"] for i in data["inputs"]] == ["dau", "reads_per_user", "object_size"]


def test_estimate_set_changes_a_figure(estimate_file: Path) -> None:
    base = outputs_of(as_json("estimate", estimate_file))
    changed = as_json("estimate", estimate_file, "--set", "dau=1B users", "--set", "object_size=1 KB")
    outputs = outputs_of(changed)
    assert outputs["read_qps"]["value"] == pytest.approx(10 * base["read_qps"]["value"])
    assert outputs["read_qps"]["exact"] == "115,741/s"
    assert outputs["egress"]["value"] == pytest.approx(20 * base["egress"]["value"])
    dau = next(i for i in changed["inputs"] if i["name"] == "dau")
    assert dau["overridden"] is True and dau["text"] == "1B users"
    assert "~120K/s" in ok("estimate", estimate_file, "--set", "dau=1B users")


def test_estimate_of_a_markdown_page_reads_its_block() -> None:
    outputs = outputs_of(as_json("estimate", CASE_STUDY))
    assert outputs["read_qps"]["rounded"] == "~12K/s"
    assert outputs["peak_read_qps"]["exact"] == "34,722/s"
    assert outputs["storage_total"]["rounded"] == "~27 TB"
    assert outputs["keyspace"]["rounded"] == "~3.5T"
    assert "Average read QPS" in ok("estimate", CASE_STUDY)


def test_a_unit_clash_exits_1_naming_file_line_and_output(tmp_path: Path) -> None:
    path = tmp_path / "clash.yaml"
    path.write_text(CLASH_YAML, encoding="utf-8")
    err = fails("estimate", path)
    assert err == f"{path}:5: outputs.total: cannot add size (bytes) to age (seconds)\n"


def test_a_unit_clash_in_a_page_names_the_file_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    text = _TEXT.replace("  keyspace:", "  total: object_size + retention\n  keyspace:")
    page.write_text(text, encoding="utf-8")
    err = fails("estimate", page)
    line = line_of(text, "total: object_size + retention")
    assert err == f"{page}:{line}: outputs.total: cannot add object_size (bytes) to retention (seconds)\n"


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("dau=5 GB", "overrides.dau: '5 GB' is bytes, but dau is a plain number"),
        ("dua=1B users", "overrides.dua: no input named 'dua' (did you mean 'dau'?)"),
        ("dau", "--set takes NAME=VALUE"),
    ],
)
def test_a_bad_set_exits_1_with_a_message(estimate_file: Path, setting: str, words: str) -> None:
    assert words in fails("estimate", estimate_file, "--set", setting)


def test_estimate_of_a_missing_file_or_a_page_without_a_block(tmp_path: Path) -> None:
    assert "cannot read" in fails("estimate", tmp_path / "nope.yaml")
    page = tmp_path / "page.md"
    page.write_text("---\nid: x\n---\n\nNo blocks here.\n", encoding="utf-8")
    assert "has no ```estimate block" in fails("estimate", page)


# ---------------------------------------------------------------- sysdojo analyze


def test_analyze_json_has_every_part_of_the_analysis(design_file: Path) -> None:
    data = as_json("analyze", design_file)
    for key in ("bottleneck", "utilization", "spofs", "availability", "latency_ms", "cost_monthly"):
        assert key in data, key
    assert data["bottleneck"]["id"] == "api"
    assert data["bottleneck"]["utilization"] == pytest.approx(35_350 / 60_000)
    assert set(data["utilization"]) == {"client", "lb", "api", "cache", "db", "db_replica"}
    assert data["spofs"] == []
    assert set(data["availability"]) == {"read", "write", "overall"}
    assert data["latency_ms"]["read"]["p99"] > data["latency_ms"]["read"]["p50"] > 0
    assert data["cost_monthly"] > 0
    assert data["failed_flows"] == []


def test_analyze_table_output(design_file: Path) -> None:
    out = ok("analyze", design_file)
    assert "api breaks first, at 1.7x this traffic" in out
    assert any(line.split()[1:2] == ["api"] and "59%" in line for line in out.splitlines())
    assert "single points of failure: none" in out
    assert "cost: $" in out


def test_analyze_fail_all_reports_failed_flows(design_file: Path) -> None:
    data = as_json("analyze", design_file, "--fail", "api:all")
    flows = {(f["flow"], f["failed_share"], tuple(f["through"])) for f in data["failed_flows"]}
    assert flows == {("read", 1.0, ("api",)), ("write", 1.0, ("api",))}
    assert data["failed"] == ["api:all"]
    out = ok("analyze", design_file, "--fail", "api:all")
    assert "100.0% of reads fail (through api)" in out
    assert "100.0% of writes fail (through api)" in out


def test_analyze_scale_multiplies_utilization(design_file: Path) -> None:
    base = as_json("analyze", design_file)["utilization"]
    scaled = as_json("analyze", design_file, "--scale", "10")["utilization"]
    assert set(scaled) == set(base)
    for component, value in base.items():
        if value is None:
            assert scaled[component] is None
        else:
            assert scaled[component] == pytest.approx(10 * value), component


def test_analyze_of_a_page_takes_the_traffic_from_its_estimate() -> None:
    data = as_json("analyze", CASE_STUDY)
    client = next(load for load in data["loads"] if load["id"] == "client")
    assert client["reads"] == pytest.approx(3 * 100e6 * 10 / 86_400)  # peak_read_qps
    assert client["writes"] == pytest.approx(3 * 100e6 * 0.1 / 86_400)  # peak_write_qps
    assert data["bottleneck"]["id"] == "api"


def test_analyze_svg_is_xml_without_script_or_style(design_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "diagram.svg"
    done = sysdojo("analyze", design_file, "--fail", "cache:all", "--svg", out)
    assert done.returncode == 0, done.stderr
    assert f"diagram written to {out}" in done.stderr.replace("\n", "")
    text = out.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    elements = list(root.iter())
    assert not [e for e in elements if e.tag in (f"{SVG_NS}script", f"{SVG_NS}style", "script", "style")]
    assert not [e.tag for e in elements if "style" in e.attrib]
    assert "<script" not in text.lower() and "style=" not in text.lower()
    assert root.find(f"{SVG_NS}title") is not None and root.find(f"{SVG_NS}desc") is not None
    # --json still prints only JSON when a diagram is written too.
    json.loads(ok("analyze", design_file, "--svg", tmp_path / "again.svg", "--json"))
    assert (tmp_path / "again.svg").exists()


def test_analyze_unknown_fail_component_exits_1(design_file: Path) -> None:
    err = fails("analyze", design_file, "--fail", "nosuch")
    assert err == f"{design_file}: --fail: 'nosuch' is not a component of the design\n"
    assert "'nosuch:all' is not a component" in fails("analyze", design_file, "--fail", "nosuch:all")


def test_analyze_bad_scale_or_design_exits_1(design_file: Path, tmp_path: Path) -> None:
    assert "--scale: must be more than 0" in fails("analyze", design_file, "--scale", "0")
    bad = tmp_path / "bad.yaml"
    bad.write_text(DESIGN_YAML.replace("  - lb -> api\n", "  - lb -> apii\n"), encoding="utf-8")
    assert (
        fails("analyze", bad) == f"{bad}:12: edges[1].to: 'apii' is not a component (did you mean 'api'?)\n"
    )
