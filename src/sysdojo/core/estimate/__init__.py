"""Back-of-the-envelope estimation: a safe expression language with real units (see FORMAT.md).

A block names `inputs` (values with units, e.g. "100M users", "10 /day", "500 B") and `outputs`
(expressions over inputs and other outputs). Evaluation checks dimensions at every operator, picks a
readable unit, rounds to an interview-friendly figure and records the derivation step by step::

    spec = estimate_from_yaml(text, source="content/url-shortener.md", line_offset=41)
    result = estimate_evaluate(spec, overrides={"dau": "1B users"})
    result.output("read_qps").rounded      # "~120K/s"
    result.to_dict()                       # plain JSON-ready data

Prose helpers: `estimate_render` substitutes {{output}} placeholders; `estimate_contradictions` flags
figures in prose that disagree with the estimate by more than 2x.
"""

from sysdojo.core.estimate.engine import estimate_evaluate
from sysdojo.core.estimate.model import (
    Estimate,
    EstimateResult,
    InputSpec,
    InputValue,
    OutputSpec,
    OutputValue,
)
from sysdojo.core.estimate.prose import estimate_contradictions, estimate_render
from sysdojo.core.estimate.spec import estimate_from_yaml, estimate_parse
from sysdojo.core.estimate.units import Quantity

__all__ = [
    "Estimate",
    "EstimateResult",
    "InputSpec",
    "InputValue",
    "OutputSpec",
    "OutputValue",
    "Quantity",
    "estimate_contradictions",
    "estimate_evaluate",
    "estimate_from_yaml",
    "estimate_parse",
    "estimate_render",
]
