from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sysdojo.core.architecture import design_analyze, design_from_yaml, design_svg
from sysdojo.core.errors import SysdojoError

TEXT = """
name: Tiny <design> & co
traffic: {read_qps: 1K, write_qps: 10}
components:
  user: {type: client}
  api: {type: service, capacity: 2K}
  db: {type: database, role: primary}
  queue: {type: queue, replicas: 2}
edges:
  - user -> api
  - api -> db
  - api ~> queue
"""


def test_svg_is_well_formed_and_accessible() -> None:
    design = design_from_yaml(TEXT, source="s.md")
    svg = design_svg(design, design_analyze(design))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Tiny <design> & co"  # type: ignore[union-attr]
    assert "&lt;design&gt;" in svg
    classes = " ".join(el.get("class", "") for el in root.iter())
    for cls in ("sd-spof", "sd-bottleneck", "sd-edge-async", "sd-edge-sync", "sd-badge"):
        assert cls in classes
    assert "style=" not in svg and "<script" not in svg


def test_svg_marks_down_components() -> None:
    design = design_from_yaml(TEXT, source="s.md")
    svg = design_svg(design, design_analyze(design, fail=["db:all"]), id_prefix="x1")
    assert "sd-down" in svg and "sd-edge-failed" in svg and 'id="x1-arrow"' in svg
    with pytest.raises(SysdojoError):
        design_svg(design, id_prefix='"><script>')
