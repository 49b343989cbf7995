"""Placeholders read well in prose: no "about ~26", inputs as written, money with "$"."""

from __future__ import annotations

import pytest

from sysdojo.core.estimate import estimate_evaluate, estimate_from_yaml, estimate_render

BLOCK = """
inputs:
  dau: 100M users
  reads_per_user: 10 /day
  upload_bitrate: 15 Mbps
  cdn_price: 0.005 USD per GB
  record_tps: 143199 /s
  redis_ops: capacity(redis)
  keyspace: 62^7
  spend: 6.8M
outputs:
  read_qps: dau * reads_per_user
  bill: {expr: spend * 1 USD, unit: USD}
  monthly: spend * 1 USD / 3 days -> USD/month
  monthly_dollar: spend * 1 USD / 3 days -> $/month
  monthly_words: spend * 1 USD / 3 days -> USD per month
  odd_bill: {expr: 6777777 * 1 USD, unit: USD}
"""
RESULT = estimate_evaluate(estimate_from_yaml(BLOCK, source="p.md"))


def render(prose: str) -> str:
    return estimate_render(prose, RESULT, source="p.md")


@pytest.mark.parametrize(
    "before", ["about", "About", "around", "roughly", "approximately", "nearly", "some", "~", "≈", "≈ "]
)
def test_approximation_word_drops_the_tilde(before: str) -> None:
    # read_qps is 11,574/s, rounded "~12K/s"; "about ~12K/s" says "approximately" twice.
    sep = "" if before in ("~", "≈") else " "
    assert render(f"Reads are {before}{sep}{{{{read_qps}}}}.") == f"Reads are {before}{sep}12K/s."


def test_tilde_kept_elsewhere_and_in_other_styles() -> None:
    assert render("Reads are {{read_qps}}.") == "Reads are ~12K/s."
    assert render("Reads are about **{{read_qps}}**.") == "Reads are about **12K/s**."
    assert render("Reads are about {{read_qps:exact}}.") == "Reads are about 11,574/s."
    # Only whole words: "whereabouts" is not "about".
    assert render("Whereabouts {{read_qps}}.") == "Whereabouts ~12K/s."


def test_inputs_render_as_written() -> None:
    # Before: "1.875 MB/s" and "5.000e-12 USD/B" (base units).
    assert render("{{upload_bitrate}}") == "15 Mbps"
    assert render("{{cdn_price}}") == "$0.005 per GB"
    assert render("{{dau}} daily users, {{reads_per_user}} each") == "100M daily users, 10/day each"
    assert render("a spike of {{record_tps}}") == "a spike of 143,199/s"
    # Not a plain figure: the computed value.
    assert render("{{redis_ops}} per node, {{keyspace:exact}}") == "100K/s per node, 3.522T"


def test_overridden_input_renders_the_readers_text() -> None:
    spec = estimate_from_yaml(BLOCK, source="p.md")
    result = estimate_evaluate(spec, overrides={"upload_bitrate": "25  Mbps", "dau": "1B users"})
    assert estimate_render("{{upload_bitrate}}, {{dau}}", result, source="p.md") == "25 Mbps, 1B"


def test_money_is_shown_with_a_dollar_sign() -> None:
    # Before: "6.8M USD" and "68M USD/month".
    out = {o.name: o for o in RESULT.outputs}
    assert out["bill"].rounded == "$6.8M"
    assert out["bill"].exact == "$6,800,000"
    for name in ("monthly", "monthly_dollar", "monthly_words"):
        assert out[name].rounded == "$68M/month"
    assert out["odd_bill"].rounded == "~$6.8M"
    assert render("about {{odd_bill}}") == "about $6.8M"


def test_literal_placeholder_renders_its_text() -> None:
    assert render('Vendors quote {{"1M QPS"}} here.') == "Vendors quote 1M QPS here."
