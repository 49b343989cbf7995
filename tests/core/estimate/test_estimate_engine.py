from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import estimate_evaluate, estimate_from_yaml, estimate_parse

FORMAT_MD = Path(__file__).parents[3] / "src/sysdojo/core/estimate/FORMAT.md"


def run(text: str, **overrides: str) -> dict[str, str]:
    result = estimate_evaluate(estimate_from_yaml(text, source="t.md"), overrides=overrides or None)
    return {o.name: o.exact for o in result.outputs}


def one(expr: str, inputs: str = "") -> tuple[str, str]:
    text = f"inputs:\n{inputs or '  one: 1'}\noutputs:\n  x: {expr}\n"
    result = estimate_evaluate(estimate_from_yaml(text, source="t.md"))
    out = result.outputs[0]
    return out.exact, out.rounded


def test_known_qps_figures() -> None:
    assert one("users * per_user", "  users: 10M users\n  per_user: 3 /day") == ("347.2/s", "~350/s")
    assert one("n", "  n: 1M /day") == ("11.57/s", "~12/s")
    assert one("n", "  n: 1 per 10 days") == ("0.1/day", "0.1/day")
    assert one("n", "  n: 100M users")[1] == "100M"
    assert one("n * r", "  n: 100M users\n  r: 10 /day") == ("11,574/s", "~12K/s")


def test_base62_keyspace() -> None:
    exact, rounded = one("62^7")
    assert exact == "3,521,614,606,208" and rounded == "~3.5T"


def test_units_and_conversions() -> None:
    assert one("86400 s -> day")[0] == "1 day"
    assert one("1 GiB -> MB")[0] == "1,074 MB"
    assert one("1 Gbps -> MB/s")[0] == "125 MB/s"
    assert one("1 year / 1 day")[0] == "365"
    assert one("1 month / 1 day")[0] == "30"
    assert one("1 week -> h")[0] == "168 h"
    assert one("2^10")[0] == "1,024"
    assert one("3 * 20%")[0] == "0.6"
    assert one("0.5 -> %")[0] == "50%"
    assert one("200 USD * 12")[1] == "$2.4K"
    assert one("199 USD * 12")[1] == "~$2.4K"
    assert one("5 TB / 1 day")[1] == "~58 MB/s"
    assert one("20 GB / 1 s")[0] == "160 Gbps"


def test_auto_units() -> None:
    assert one("182.5 TB") == ("182.5 TB", "~180 TB")
    assert one("1500 GB")[0] == "1.5 TB"
    assert one("0.25 s")[0] == "250 ms"
    assert one("1 per 1 week")[0].endswith("/day")
    assert one("1 per 1 month")[0].endswith("/year")


def test_functions() -> None:
    assert one("ceil(34722 / 2000)")[0] == "18"
    assert one("floor(2.7)")[0] == "2"
    assert one("round(2.5)")[0] == "3"
    assert one("round(-2.5)")[0] == "-3"
    assert one("max(1 TB, 2 TB)")[0] == "2 TB"
    assert one("min(3, 4, 1)")[0] == "1"
    assert one("log2(1024)")[0] == "10"
    assert one("ceil(log2(1B))")[0] == "30"
    assert one("capacity(redis)")[0] == "100,000/s"
    assert one("latency(datacenter_round_trip)")[0] == "500 us"
    assert one("ceil(200K /s / capacity(redis))")[0] == "2"
    assert one("capacity(kafka_mb)")[0] == "100 MB/s"


def test_derivation_steps() -> None:
    text = (
        "inputs:\n  dau: 100M users\n  reads_per_user: 10 /day\noutputs:\n  read_qps: dau * reads_per_user\n"
    )
    out = estimate_evaluate(estimate_from_yaml(text, source="t.md")).outputs[0]
    assert out.derivation_text == "read_qps = dau × reads_per_user = 100M × 10/day = 1B/day = 11,574/s"


def test_outputs_any_order_and_cycle() -> None:
    ordered = run("inputs:\n  a: 2\noutputs:\n  c: b * 2\n  b: a + 1\n")
    assert ordered == {"c": "6", "b": "3"}
    with pytest.raises(SysdojoError, match="cycle"):
        run("inputs:\n  a: 2\noutputs:\n  c: b * 2\n  b: c + 1\n")


def test_profile_standard() -> None:
    text = """
profile: standard
inputs:
  dau: 100M users
  reads_per_user: 10 /day
  writes_per_user: 0.1 /day
  object_size: 500 B
  retention: 5 years
  replication: 3
  peak_factor: 3
  node_capacity: 2K /s
outputs:
  shards: ceil(storage_total / 2 TB)
"""
    result = estimate_evaluate(estimate_from_yaml(text, source="t.md"))
    names = [o.name for o in result.outputs]
    assert names[:3] == ["read_qps", "write_qps", "peak_read_qps"] and names[-1] == "shards"
    got = {o.name: o.exact for o in result.outputs}
    assert got["storage_per_day"] == "5 GB"
    assert got["storage_total"] == "27.38 TB"
    assert got["cache_memory"] == "100 GB"  # 20% of a day of reads x 500 B
    assert got["ingress"] == "57.87 KB/s"
    assert got["servers"] == "18"
    assert got["shards"] == "14"


def test_overrides() -> None:
    text = "inputs:\n  dau: 100M users\n  r: 10 /day\noutputs:\n  q: dau * r\n"
    spec = estimate_from_yaml(text, source="t.md")
    result = estimate_evaluate(spec, overrides={"dau": "1B users"})
    assert result.outputs[0].rounded == "~120K/s"
    assert result.inputs[0].overridden and result.inputs[0].text == "1B users"
    with pytest.raises(SysdojoError, match=r"overrides\.dau.*seconds"):
        estimate_evaluate(spec, overrides={"dau": "5 days"})
    with pytest.raises(SysdojoError, match=r"did you mean 'dau'"):
        estimate_evaluate(spec, overrides={"dua": "5"})
    with pytest.raises(SysdojoError, match=r"overrides\.r"):
        estimate_evaluate(spec, overrides={"r": "((("})


def test_to_dict_is_json() -> None:
    text = "inputs:\n  dau: 100M users\n  r: 10 /day\noutputs:\n  q: dau * r\n"
    data = estimate_evaluate(estimate_from_yaml(text, source="t.md")).to_dict()
    again = json.loads(json.dumps(data))
    assert again["outputs"][0]["rounded"] == "~12K/s"
    assert again["outputs"][0]["unit"] == "/s"
    assert again["inputs"][0]["shown"] == "100M"


def test_format_md_example_parses() -> None:
    block = re.search(r"```estimate\n(.*?)```", FORMAT_MD.read_text(), re.S)
    assert block is not None
    result = estimate_evaluate(estimate_from_yaml(block.group(1), source="FORMAT.md"))
    assert result.output("read_qps") is not None
    assert result.output("storage_total").unit.symbol == "TB"  # type: ignore[union-attr]


def test_parse_from_mapping() -> None:
    spec = estimate_parse({"inputs": {"a": 3}, "outputs": {"b": "a * 2"}}, source="t.md", line_offset=7)
    assert estimate_evaluate(spec).outputs[0].exact == "6"
    with pytest.raises(SysdojoError) as err:
        estimate_parse({"inputs": {"a": 3}, "outputs": {"b": "a + 1 day"}}, source="t.md", line_offset=7)
    assert err.value.problems[0].line == 7
