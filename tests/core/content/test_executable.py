"""Executable designs in a page: the ```estimate and ```architecture blocks parsed with the page, checked
against the prose, rendered into the HTML, and re-evaluated with a reader's changes."""

from __future__ import annotations

import pytest

from sysdojo.core.content.executable import Evaluation, Executable, executable_evaluate
from sysdojo.core.content.model import Page
from sysdojo.core.content.parse import page_parse
from sysdojo.core.content.render import RenderContext, page_render
from sysdojo.core.errors import SysdojoError
from tests.design_content import CASE_STUDY, line_of

SOURCE = "content/case-studies/url-shortener.md"
TEXT = CASE_STUDY.read_text(encoding="utf-8")
SENTENCE = "The cache answers nine reads in ten;"  # a line of prose after the architecture block
CONTEXT = RenderContext(
    url_for=lambda page_id: f"/learn/{page_id}/",
    titles={"caching": "Caching strategy", "consistent-hashing": "Consistent hashing"},
    written=frozenset({"caching", "url-shortener"}),
)


def parse(text: str = TEXT) -> Page:
    return page_parse(text, source=SOURCE)


def problems(text: str) -> list[str]:
    with pytest.raises(SysdojoError) as caught:
        parse(text)
    return [str(p) for p in caught.value.problems]


def replaced(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, f"{old!r} must occur once in the fixture"
    return TEXT.replace(old, new)


def executable() -> Executable:
    found = parse().executable
    assert found is not None
    return found


def evaluate(**changes: object) -> Evaluation:
    return executable_evaluate(executable(), source=SOURCE, **changes)  # type: ignore[arg-type]


def figure(evaluation: Evaluation, name: str) -> float:
    assert evaluation.result is not None
    output = evaluation.result.output(name)
    assert output is not None, name
    return output.value


def utilization(evaluation: Evaluation, component: str) -> float:
    assert evaluation.analysis is not None
    load = evaluation.analysis.load(component)
    assert load is not None and load.utilization is not None, component
    return load.utilization


def reads(evaluation: Evaluation, component: str) -> float:
    assert evaluation.analysis is not None
    load = evaluation.analysis.load(component)
    assert load is not None, component
    return load.reads


# ---------------------------------------------------------------- parsing with the page


def test_the_fixture_case_study_parses_with_both_blocks() -> None:
    page = parse()
    assert page.executable is not None
    assert page.executable.estimate is not None
    assert page.executable.design is not None
    assert [c.id for c in page.executable.design.design.components] == [
        "client",
        "lb",
        "api",
        "cache",
        "db",
        "db_replica",
    ]
    assert {p.skill for p in page.answer_key} == {"capacity-estimation", "caching", "high-level-architecture"}


def test_prose_that_contradicts_the_estimate_by_more_than_2x_names_file_and_line() -> None:
    text = replaced(SENTENCE, "The read QPS is about 200K QPS;")
    found = problems(text)
    line = line_of(text, "200K QPS")
    assert len(found) == 1, found
    assert found[0].startswith(f"{SOURCE}:{line}: ")
    assert "'200K QPS'" in found[0] and "~12K/s" in found[0] and "read_qps" in found[0]
    assert "more than 2x" in found[0]


def test_prose_within_2x_of_the_estimate_is_accepted() -> None:
    # read_qps is 11,574/s: 20K is 1.7x away, 30K is 2.6x away.
    assert parse(replaced(SENTENCE, "The read QPS is about 20K QPS;")).executable is not None
    assert parse(replaced(SENTENCE, "The read QPS is about 6K QPS;")).executable is not None
    assert problems(replaced(SENTENCE, "The read QPS is about 30K QPS;"))


def test_a_contradiction_of_a_page_figure_in_bytes_is_flagged_too() -> None:
    text = replaced(SENTENCE, "Total storage is about 500 TB;")
    (message,) = problems(text)
    assert message.startswith(f"{SOURCE}:{line_of(text, '500 TB')}: ")
    assert "storage_total" in message


def test_placeholders_are_replaced_by_the_rounded_figure_in_the_html() -> None:
    rendered = page_render(parse(), CONTEXT)
    assert "{{" not in rendered.html and "}}" not in rendered.html
    assert "Redirects average ~12K/s (11,574/s) and reach ~35K/s at peak." in rendered.html
    assert "New links arrive at\n~120/s." in rendered.html
    assert "take ~27 TB." in rendered.html
    # The search index gets the figures, not the placeholders.
    assert "Redirects average ~12K/s" in rendered.text


def test_rendered_html_has_the_estimate_and_architecture_sections() -> None:
    html = page_render(parse(), CONTEXT).html
    assert '<section class="sd-estimate" aria-label="Capacity estimate">' in html
    assert '<tr data-output="read_qps">' in html
    assert '<td class="sd-rounded">~12K/s</td><td class="sd-exact">11,574/s</td>' in html
    assert 'action="/learn/url-shortener/design"' in html
    assert '<input name="in.dau" value="100M users"' in html
    assert '<section class="sd-design" aria-label="Architecture analysis">' in html
    assert 'role="img"' in html and "<svg" in html
    assert '<option value="cache:all">all of cache</option>' in html
    assert '<input name="hit.cache" type="number"' in html and 'value="0.9"' in html
    assert "api breaks first, at 1.7x this traffic" in html
    # The YAML of the blocks is data, never shown as code; the answer key is never shown at all.
    assert "profile: standard" not in html and "- client -&gt; lb" not in html
    assert "key generation service" not in html


def test_an_unknown_placeholder_is_a_problem_with_a_hint() -> None:
    text = replaced("{{write_qps}}", "{{write_qsp}}")
    (message,) = problems(text)
    assert message == (
        f"{SOURCE}:{line_of(text, '{{write_qsp}}')}: no estimate figure named 'write_qsp' "
        "(did you mean 'write_qps'?)"
    )


def test_an_unknown_placeholder_style_is_a_problem() -> None:
    text = replaced("{{storage_total}}", "{{storage_total:precise}}")
    (message,) = problems(text)
    assert message.startswith(f"{SOURCE}:{line_of(text, 'storage_total:precise')}: ")
    assert "unknown style 'precise'" in message


def test_an_estimate_error_names_the_output_and_its_file_line() -> None:
    text = replaced("  keyspace:", "  broken: object_size + retention\n  keyspace:")
    (message,) = problems(text)
    assert message == (
        f"{SOURCE}:{line_of(text, 'broken: object_size')}: outputs.broken: "
        "cannot add object_size (bytes) to retention (seconds)"
    )


def test_an_unknown_component_type_names_the_component_and_its_file_line() -> None:
    text = replaced("cache: {type: cache, tech: redis", "cache: {type: cahce, tech: redis")
    (message,) = problems(text)
    assert "components.cache.type: unknown type 'cahce' (did you mean 'cache'?)" in message
    assert message.startswith(f"{SOURCE}:{line_of(text, 'type: cahce')}: "), message


def test_a_dangling_edge_names_the_edge_and_its_file_line() -> None:
    text = replaced("  - lb -> api\n", "  - lb -> apii\n")
    (message,) = problems(text)
    assert "edges[1].to: 'apii' is not a component (did you mean 'api'?)" in message
    assert message.startswith(f"{SOURCE}:{line_of(text, 'lb -> apii')}: "), message


def test_traffic_from_an_unknown_estimate_output_is_a_problem() -> None:
    text = replaced("write_qps: $peak_write_qps}", "write_qps: $peak_write_qsp}")
    (message,) = problems(text)
    assert message.startswith(f"{SOURCE}:")
    assert "peak_write_qsp" in message and "traffic.write_qps" in message


def test_a_broken_design_does_not_hide_other_problems_of_the_page() -> None:
    text = replaced("  - lb -> api\n", "  - lb -> apii\n").replace("## API\n", "## Endpoints\n")
    found = problems(text)
    assert any("edges[1].to" in p for p in found)
    assert any("missing required section '## API'" in p for p in found)


# ---------------------------------------------------------------- evaluation with a reader's changes


def test_evaluation_without_changes_matches_the_stored_analysis() -> None:
    evaluation = evaluate()
    assert figure(evaluation, "read_qps") == pytest.approx(100e6 * 10 / 86_400)
    assert evaluation.analysis is not None
    assert evaluation.analysis.bottleneck == "api"
    assert evaluation.analysis.failed_flows == ()
    # Traffic comes from the estimate: peak reads and writes enter at the client.
    assert reads(evaluation, "client") == pytest.approx(figure(evaluation, "peak_read_qps"))
    assert utilization(evaluation, "api") == pytest.approx(
        (figure(evaluation, "peak_read_qps") + figure(evaluation, "peak_write_qps")) / 60_000
    )


def test_a_changed_input_changes_the_figures_and_the_design_traffic() -> None:
    base, bigger = evaluate(), evaluate(inputs={"dau": "1B users"})
    assert figure(bigger, "read_qps") == pytest.approx(10 * figure(base, "read_qps"))
    assert bigger.result is not None
    output = bigger.result.output("read_qps")
    assert output is not None and output.rounded == "~120K/s"
    assert next(i for i in bigger.result.inputs if i.name == "dau").overridden
    assert utilization(bigger, "api") == pytest.approx(10 * utilization(base, "api"))
    assert (
        bigger.analysis is not None
        and bigger.analysis.headline == "api is over capacity (584%) at this traffic"
    )


def test_scale_multiplies_every_utilization() -> None:
    base, doubled = evaluate(), evaluate(scale=2.0)
    assert base.analysis is not None and doubled.analysis is not None
    for load in base.analysis.loads:
        if load.utilization is not None:
            assert utilization(doubled, load.id) == pytest.approx(2 * load.utilization)
    # The estimate itself is not scaled.
    assert figure(doubled, "read_qps") == figure(base, "read_qps")


def test_failing_all_of_a_component_reports_failed_flows_and_a_new_bottleneck() -> None:
    evaluation = evaluate(fail=["api:all"])
    assert evaluation.analysis is not None
    flows = {(f.flow, f.failed_share, f.through) for f in evaluation.analysis.failed_flows}
    assert flows == {("read", 1.0, ("api",)), ("write", 1.0, ("api",))}
    assert evaluation.analysis.bottleneck == "lb"


def test_failing_the_primary_fails_the_writes_only() -> None:
    evaluation = evaluate(fail=["db:all"])
    assert evaluation.analysis is not None
    assert [(f.flow, f.failed_share, f.through) for f in evaluation.analysis.failed_flows] == [
        ("write", 1.0, ("db",))
    ]


def test_failing_the_cache_sends_every_read_to_the_replicas_and_fails_nothing() -> None:
    base, evaluation = evaluate(), evaluate(fail=["cache:all"])
    assert evaluation.analysis is not None
    assert evaluation.analysis.failed_flows == ()
    assert reads(base, "db_replica") == pytest.approx(0.1 * reads(base, "client"))
    assert reads(evaluation, "db_replica") == pytest.approx(reads(base, "client"))
    assert utilization(evaluation, "db_replica") == pytest.approx(10 * utilization(base, "db_replica"))


def test_component_overrides_change_the_analysis() -> None:
    base = evaluate()
    fewer_hits = evaluate(components={"cache": {"hit_ratio": 0.5}})
    assert reads(fewer_hits, "db_replica") == pytest.approx(0.5 * reads(base, "client"))
    more_nodes = evaluate(components={"api": {"replicas": 12}})
    assert utilization(more_nodes, "api") == pytest.approx(utilization(base, "api") / 2)
    faster = evaluate(components={"api": {"capacity": "20K"}})
    assert utilization(faster, "api") == pytest.approx(utilization(base, "api") / 2)
    assert faster.analysis is not None and faster.analysis.bottleneck == "lb"


def test_changes_do_not_leak_into_the_next_evaluation() -> None:
    page_executable = executable()
    executable_evaluate(
        page_executable, source=SOURCE, inputs={"dau": "1B users"}, components={"api": {"replicas": 1}}
    )
    again = executable_evaluate(page_executable, source=SOURCE)
    assert figure(again, "read_qps") == pytest.approx(100e6 * 10 / 86_400)
    assert again.design is not None
    assert next(c for c in again.design.components if c.id == "api").replicas == 6


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"inputs": {"dau": "5 GB"}}, "overrides.dau", "'5 GB' is bytes, but dau is a plain number"),
        ({"inputs": {"dau": "1B seconds"}}, "overrides.dau", "is seconds, but dau is a plain number"),
        ({"inputs": {"dua": "1B users"}}, "overrides.dua", "no input named 'dua' (did you mean 'dau'?)"),
        ({"components": {"cahce": {"hit_ratio": 0.5}}}, "overrides.cahce", "no such component"),
        ({"components": {"api": {"type": "cache"}}}, "overrides.api.type", "cannot be changed"),
        ({"components": {"api": {"zones": 1}}}, "overrides.api.zones", "cannot be changed"),
        ({"components": {"cache": {"hit_ratio": 1.5}}}, "components.cache.hit_ratio", "must be a share"),
        ({"components": {"api": {"replicas": "many"}}}, "components.api.replicas", "whole number"),
        ({"scale": 0.0}, "scale", "must be more than 0"),
        ({"scale": -1.0}, "scale", "must be more than 0"),
        ({"scale": 20_000.0}, "scale", "at most 10,000"),
        ({"scale": float("nan")}, "scale", "must be more than 0"),
        ({"fail": ["nosuch"]}, "fail", "'nosuch' is not a component of the design"),
        ({"fail": ["api:half"]}, "fail", "'api:all'"),
    ],
)
def test_a_bad_change_raises_an_error_naming_the_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(SysdojoError) as caught:
        evaluate(**changes)
    (problem,) = caught.value.problems
    assert problem.field == field, str(problem)
    assert words in problem.message, str(problem)
    assert str(problem).startswith(f"{SOURCE}:")


def test_inputs_for_a_page_without_an_estimate_are_refused() -> None:
    text = (
        TEXT[: TEXT.index("```estimate")]
        + "The traffic is in the design below.\n\n"
        + TEXT[TEXT.index("## API") :]
    )
    text = text.replace(
        "{read_qps: $peak_read_qps, write_qps: $peak_write_qps}", "{read_qps: 35K, write_qps: 350}"
    )
    page = parse(text)
    assert page.executable is not None and page.executable.estimate is None
    assert evaluate_page(page).analysis is not None
    with pytest.raises(SysdojoError) as caught:
        executable_evaluate(page.executable, source=SOURCE, inputs={"dau": "1B users"})
    assert [p.field for p in caught.value.problems] == ["inputs"]


def evaluate_page(page: Page) -> Evaluation:
    assert page.executable is not None
    return executable_evaluate(page.executable, source=SOURCE)
