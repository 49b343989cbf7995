"""Architecture designs as component graphs: parse, analyze (capacity, SPOFs, availability, latency,
cost, failure what-ifs) and draw as SVG. The block format is in FORMAT.md::

    design = design_from_yaml(text, source="content/url-shortener.md", line_offset=80)
    analysis = design_analyze(design, fail=["cache:all"], scale=2.0)
    analysis.to_dict()
    svg = design_svg(design, analysis)
"""

from sysdojo.core.architecture.analyze import Analysis, ComponentLoad, FailedFlow, Spof, design_analyze
from sysdojo.core.architecture.model import COMPONENT_TYPES, Component, Design, Edge
from sysdojo.core.architecture.parse import design_from_yaml, design_parse
from sysdojo.core.architecture.svg import design_svg

__all__ = [
    "COMPONENT_TYPES",
    "Analysis",
    "Component",
    "ComponentLoad",
    "Design",
    "Edge",
    "FailedFlow",
    "Spof",
    "design_analyze",
    "design_from_yaml",
    "design_parse",
    "design_svg",
]
