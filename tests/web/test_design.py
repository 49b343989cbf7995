"""Executable designs on the web: the case study's lesson, its live recalculation (htmx out-of-band
fragments), the capacity calculator, the architecture analyzer and the numbers-to-know page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sysdojo.web.catalog.services import curriculum_sync
from tests.design_content import CASE_STUDY, CASE_STUDY_ID, design_content

from .conftest import FIXTURE_CONTENT

pytestmark = pytest.mark.django_db

LESSON = f"/learn/{CASE_STUDY_ID}/"
DESIGN = f"/learn/{CASE_STUDY_ID}/design"
HTMX = {"HX-Request": "true"}

# The case study's architecture with the traffic written out (the page takes it from its estimate).
_TEXT = CASE_STUDY.read_text(encoding="utf-8")
_START = _TEXT.index("```architecture\n") + len("```architecture\n")
DESIGN_YAML = _TEXT[_START : _TEXT.index("```", _START)]
STANDALONE_YAML = DESIGN_YAML.replace(
    "{read_qps: $peak_read_qps, write_qps: $peak_write_qps}", "{read_qps: 35K, write_qps: 350}"
)


@pytest.fixture
def case_study(db: None, tmp_path: Path) -> Iterator[Path]:
    """The fixture curriculum plus the case study, synced; the plain fixture content is synced back after."""
    folder = design_content(tmp_path / "content")
    curriculum_sync(content_dir=folder)
    yield folder
    curriculum_sync(content_dir=FIXTURE_CONTENT)


def body_of(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    return response.content.decode()


def output_row(body: str, name: str) -> tuple[str, str]:
    """The (rounded, exact) figures of one output's row in an estimate table."""
    match = re.search(
        rf'<tr data-output="{name}">.*?<td class="sd-rounded">([^<]*)</td><td class="sd-exact">([^<]*)</td>',
        body,
        re.DOTALL,
    )
    assert match, f"no row for {name}"
    return match.group(1), match.group(2)


def load_row(body: str, component: str) -> list[str]:
    """The cells of one component's row in the load table: reads, writes, utilization, serving nodes."""
    match = re.search(rf'<tr(?: class="sd-hot")?><th scope="row">{component}</th>(.*?)</tr>', body)
    assert match, f"no load row for {component}"
    return re.findall(r"<td>([^<]*)</td>", match.group(1))


def oob(body: str, target: str) -> str:
    """The content of the out-of-band fragment that replaces `target`."""
    match = re.search(
        rf'<div id="{target}" hx-swap-oob="innerHTML">(.*?)</div>(?=<div id="|$)', body, re.DOTALL
    )
    assert match, f"no out-of-band fragment for #{target}"
    return match.group(1)


# ---------------------------------------------------------------- the lesson


def test_lesson_shows_the_estimate_the_diagram_and_the_analysis(client: Client, case_study: Path) -> None:
    response = client.get(LESSON)
    assert response.status_code == 200
    body = body_of(response)
    assert '<table class="sd-estimate-table">' in body
    assert output_row(body, "read_qps") == ("~12K/s", "11,574/s")
    assert output_row(body, "storage_total") == ("~27 TB", "27.38 TB")
    assert "read_qps = dau × reads_per_user = 100M × 10/day = 1B/day = 11,574/s" in body
    # Placeholders in the prose carry the same figures.
    assert "Redirects average ~12K/s (11,574/s) and reach ~35K/s at peak." in body
    assert "{{" not in body
    # The diagram and the analysis.
    assert re.search(r'<svg [^>]*class="sd-diagram" role="img"', body)
    assert '<p class="sd-headline">api breaks first, at 1.7x this traffic</p>' in body
    assert re.search(r"<dt>Single points of failure</dt><dd[^>]*>none</dd>", body)
    assert load_row(body, "api") == ["34,722", "347", "58%", "6"]
    # The controls post back to the page's design endpoint.
    assert f'hx-get="{DESIGN}"' in body
    assert '<input name="in.dau" value="100M users"' in body
    assert '<option value="cache:all">all of cache</option>' in body


def test_lesson_is_one_query_for_the_page_however_big_the_design(client: Client, case_study: Path) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LESSON).status_code == 200
    page_reads = [q["sql"] for q in queries.captured_queries if 'FROM "catalog_page"' in q["sql"]]
    assert len(page_reads) <= 2, page_reads


# ---------------------------------------------------------------- live recalculation


def test_htmx_recalculation_returns_out_of_band_fragments_with_the_new_figures(
    client: Client, case_study: Path
) -> None:
    response = client.get(DESIGN, {"in.dau": "1B users"}, headers=HTMX)
    assert response.status_code == 200
    body = body_of(response)
    assert "<html" not in body
    estimate = oob(body, "sd-estimate-live")
    assert output_row(estimate, "read_qps") == ("~120K/s", "115,741/s")  # 10x the users, 10x the QPS
    assert output_row(estimate, "peak_read_qps") == ("~350K/s", "347,222/s")
    design = oob(body, "sd-design-live")
    assert 'role="img"' in design
    assert "api is over capacity (584%) at this traffic" in design
    assert load_row(design, "api") == ["347,222", "3,472", "584%", "6"]
    # Earlier error messages are cleared.
    assert oob(body, "sd-estimate-errors") == "" and oob(body, "sd-design-errors") == ""


def test_htmx_what_if_failure_and_scale(client: Client, case_study: Path) -> None:
    body = body_of(client.get(DESIGN, {"fail": "api:all"}, headers=HTMX))
    design = oob(body, "sd-design-live")
    assert (
        '<dd class="sd-failed">100% of reads fail (through api); 100% of writes fail (through api)</dd>'
        in design
    )
    assert "lb breaks first" in design
    body = body_of(client.get(DESIGN, {"scale": "10"}, headers=HTMX))
    assert load_row(oob(body, "sd-design-live"), "api")[2] == "584%"
    body = body_of(client.get(DESIGN, {"fail": "cache:all"}, headers=HTMX))
    design = oob(body, "sd-design-live")
    assert "sd-failed" not in design  # a cache-aside cache is a soft dependency
    assert load_row(design, "db_replica")[0] == "34,722"  # every read now reaches the replicas
    body = body_of(client.get(DESIGN, {"hit.cache": "0.5"}, headers=HTMX))
    assert load_row(oob(body, "sd-design-live"), "db_replica")[0] == "17,361"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"in.dau": "1B seconds"},
            "overrides.dau: &#x27;1B seconds&#x27; is seconds, but dau is a plain number",
        ),
        ({"in.dau": "5 GB"}, "overrides.dau: &#x27;5 GB&#x27; is bytes, but dau is a plain number"),
        ({"in.nosuch": "5"}, "overrides.nosuch: no input named &#x27;nosuch&#x27;"),
        ({"hit.cache": "lots"}, "hit.cache: &#x27;lots&#x27; is not a number"),
        ({"hit.cahce": "0.5"}, "overrides.cahce: no such component"),
        ({"hit.cache": "1.5"}, "components.cache.hit_ratio: must be a share"),
        ({"scale": "fast"}, "scale: must be a number"),
        ({"scale": "0"}, "scale: must be more than 0 and at most 10,000"),
        ({"fail": "nosuch"}, "fail: &#x27;nosuch&#x27; is not a component of the design"),
    ],
)
def test_htmx_errors_show_the_message_and_keep_the_figures(
    client: Client, case_study: Path, query: dict[str, str], message: str
) -> None:
    response = client.get(DESIGN, query, headers=HTMX)
    assert response.status_code == 200  # htmx swaps 2xx responses only
    body = body_of(response)
    assert oob(body, "sd-estimate-errors").startswith("Cannot recalculate: ")
    assert message in oob(body, "sd-estimate-errors"), body
    assert message in oob(body, "sd-design-errors")
    assert "sd-estimate-live" not in body and "sd-design-live" not in body


def test_a_reader_value_is_escaped_in_the_message(client: Client, case_study: Path) -> None:
    body = body_of(client.get(DESIGN, {"in.dau": "<script>alert(1)</script>"}, headers=HTMX))
    assert "Cannot recalculate" in body
    assert "<script" not in body


def test_errors_without_htmx_are_a_400_page(client: Client, case_study: Path) -> None:
    response = client.get(DESIGN, {"in.dau": "1B seconds"})
    assert response.status_code == 400
    body = body_of(response)
    assert "<html" in body and "<h1>Cannot recalculate</h1>" in body
    assert "overrides.dau: &#x27;1B seconds&#x27; is seconds, but dau is a plain number" in body
    assert f'href="{LESSON}"' in body


def test_recalculation_without_htmx_is_a_full_page(client: Client, case_study: Path) -> None:
    response = client.get(DESIGN, {"in.dau": "1B users", "fail": "db:all", "scale": "2"})
    assert response.status_code == 200
    body = body_of(response)
    assert "<html" in body and "what if</h1>" in body
    assert '<label class="sd-input sd-changed"><span>dau</span><input name="in.dau" value="1B users"' in body
    assert output_row(body, "read_qps") == ("~120K/s", "115,741/s")
    assert '<dd class="sd-failed">100% of writes fail (through db)</dd>' in body
    assert re.search(r'<svg [^>]*role="img"', body)
    assert f'action="{DESIGN}"' in body


def test_design_endpoint_refuses_pages_without_blocks_and_other_methods(
    client: Client, case_study: Path
) -> None:
    assert client.get("/learn/caching/design").status_code == 404
    assert client.get("/learn/no-such-page/design").status_code == 404
    assert client.get("/learn/redis/design").status_code == 404  # planned, not written
    assert client.post(DESIGN, {"in.dau": "1B users"}).status_code == 405


# ---------------------------------------------------------------- the capacity calculator


def test_calculator_get_shows_the_example_result(client: Client) -> None:
    response = client.get("/tools/estimate/")
    assert response.status_code == 200
    body = body_of(response)
    assert "A photo-sharing feed" in body  # the example YAML in the form
    # 50M users x 30 reads a day = 1.5B a day = 17,361/s.
    assert output_row(body, "read_qps") == ("~17K/s", "17,361/s")
    assert '<tr data-output="photo_storage_per_year">' in body


def test_calculator_post_with_bad_yaml_is_400_naming_the_line(client: Client) -> None:
    response = client.post("/tools/estimate/", {"yaml": "inputs:\n  dau: 100M users\n  reads: [10 /day\n"})
    assert response.status_code == 400
    body = body_of(response)
    assert "Not calculated:" in body
    assert re.search(r"your estimate:[34]: ", body), body


def test_calculator_post_with_a_unit_clash_names_the_output_and_line(client: Client) -> None:
    text = "inputs:\n  size: 500 B\n  age: 5 years\noutputs:\n  total: size + age\n"
    response = client.post("/tools/estimate/", {"yaml": text})
    assert response.status_code == 400
    assert "your estimate:5: outputs.total: cannot add size (bytes) to age (seconds)" in body_of(response)


def test_calculator_post_with_htmx_returns_the_fragment(client: Client) -> None:
    text = (
        "inputs:\n  dau: 100M users\n  reads_per_user: 10 /day\noutputs:\n  read_qps: dau * reads_per_user\n"
    )
    response = client.post("/tools/estimate/", {"yaml": text}, headers=HTMX)
    assert response.status_code == 200
    body = body_of(response)
    assert "<html" not in body and "<form" not in body
    assert body.lstrip().startswith('<table class="sd-estimate-table">')
    assert output_row(body, "read_qps") == ("~12K/s", "11,574/s")


def test_calculator_post_with_no_yaml_says_why(client: Client) -> None:
    response = client.post("/tools/estimate/", {"yaml": ""}, headers=HTMX)
    body = body_of(response)
    assert response.status_code == 400, f"an empty estimate answered {response.status_code}: {body!r}"
    assert 'role="alert"' in body and "required" in body.lower()


# ---------------------------------------------------------------- the architecture analyzer


def test_analyzer_get_shows_the_example_analysis(client: Client, case_study: Path) -> None:
    response = client.get("/tools/analyze/")
    assert response.status_code == 200
    body = body_of(response)
    assert "Read-heavy web service" in body and 'role="img"' in body
    assert f'<option value="{CASE_STUDY_ID}">Design a URL shortener</option>' in body


def test_analyzer_preloads_and_analyzes_a_case_study(client: Client, case_study: Path) -> None:
    response = client.get("/tools/analyze/", {"from": CASE_STUDY_ID})
    body = body_of(response)
    assert html.escape("db_replica: {type: database, tech: postgres, role: replica, replicas: 2}") in body
    assert "Read-heavy web service" not in body
    # The preloaded design takes its traffic from the page's estimate: it must still be analyzed.
    assert response.status_code == 200, re.findall(r"<li>([^<]*)</li>", body)
    assert "Not analyzed" not in body
    assert "api breaks first, at 1.7x this traffic" in body


def test_analyzer_from_an_unknown_page_falls_back_to_the_example(client: Client, case_study: Path) -> None:
    response = client.get("/tools/analyze/", {"from": "no-such-page"})
    assert response.status_code == 200
    assert "Read-heavy web service" in body_of(response)


def test_analyzer_post_with_fail_and_scale(client: Client, case_study: Path) -> None:
    base = body_of(client.post("/tools/analyze/", {"yaml": STANDALONE_YAML, "scale": "1", "fail": ""}))
    assert "api breaks first, at 1.7x this traffic" in base and "sd-failed" not in base
    response = client.post("/tools/analyze/", {"yaml": STANDALONE_YAML, "scale": "10", "fail": "api:all"})
    assert response.status_code == 200
    body = body_of(response)
    assert "100% of reads fail (through api); 100% of writes fail (through api)" in body
    # The new bottleneck, at 10x the traffic: the balancers, (350K + 3.5K)/s on two nodes of 50K/s.
    assert "at 10x the traffic lb is over capacity (354%)" in body
    scaled = body_of(client.post("/tools/analyze/", {"yaml": STANDALONE_YAML, "scale": "10", "fail": ""}))
    # api: (35K + 350)/s on six nodes of 10K/s is 59%; ten times that is 589%.
    assert load_row(base, "api")[2] == "59%" and load_row(scaled, "api")[2] == "589%"


def test_analyzer_post_with_htmx_returns_the_fragment(client: Client) -> None:
    response = client.post(
        "/tools/analyze/", {"yaml": STANDALONE_YAML, "scale": "1", "fail": "db"}, headers=HTMX
    )
    assert response.status_code == 200
    body = body_of(response)
    assert "<html" not in body and body.lstrip().startswith('<figure class="sd-diagram-figure">')


def test_analyzer_post_with_errors_is_400_naming_the_field(client: Client) -> None:
    response = client.post("/tools/analyze/", {"yaml": STANDALONE_YAML, "scale": "1", "fail": "nosuch"})
    assert response.status_code == 400
    assert "fail: &#x27;nosuch&#x27;: no component &#x27;nosuch&#x27;" in body_of(response)
    bad = STANDALONE_YAML.replace("  - lb -> api\n", "  - lb -> apii\n")
    response = client.post("/tools/analyze/", {"yaml": bad, "scale": "1", "fail": ""})
    assert response.status_code == 400
    assert "your design:12: edges[1].to: &#x27;apii&#x27; is not a component" in body_of(response)


@pytest.mark.parametrize("scale", ["0", "20000", "fast"])
def test_analyzer_post_with_a_bad_scale_says_why(client: Client, scale: str) -> None:
    response = client.post(
        "/tools/analyze/", {"yaml": STANDALONE_YAML, "scale": scale, "fail": ""}, headers=HTMX
    )
    body = body_of(response)
    assert response.status_code == 400, f"scale={scale} answered {response.status_code}: {body!r}"
    alert = body[body.index('role="alert"') :] if 'role="alert"' in body else ""
    assert "scale" in alert.lower(), body


# ---------------------------------------------------------------- numbers to know


def test_numbers_page_shows_latency_throughput_and_nines(client: Client) -> None:
    response = client.get("/numbers/")
    assert response.status_code == 200
    body = body_of(response)
    for heading in ('<h2 id="latency">Latency</h2>', '<h2 id="throughput">', '<h2 id="nines">'):
        assert heading in body
    assert re.search(r'<th scope="row">L1 cache reference</th><td class="sd-num">0.5 ns</td>', body)
    assert re.search(r'<th scope="row">Redis \(single node\)</th><td class="sd-num">100000 ops/s</td>', body)
    assert '<th scope="row">99.99%</th><td>four nines</td><td>52.6 min</td>' in body
    assert '<th scope="row">99.9%</th><td>three nines</td><td>8.77 h</td>' in body
    assert '<th scope="row">90%</th><td>one nine</td><td>36.5 days</td>' in body
