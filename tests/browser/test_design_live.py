"""The case study's executable design in a real browser: changing an input or a what-if recalculates the
table, the diagram and the analysis in place (htmx), with no reload, no console error, no CSP violation.

The session server of conftest.py serves tests/fixtures/content, whose page counts other browser tests rely
on; this module overrides `base_url` with a server of its own that also carries the fixture case study
(tests/design_content.py), and reuses the rest of conftest.py: `browser`, `tab`, the problem watch and the
screenshot.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, expect

from tests.design_content import CASE_STUDY_ID, design_content

from .conftest import ARTIFACTS, Tab, _serve

pytestmark = pytest.mark.browser

LESSON = f"/learn/{CASE_STUDY_ID}/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn with production settings serving the fixture content plus the case study."""
    content = design_content(tmp_path_factory.mktemp("design-browser-content") / "content")
    yield from _serve(content, tmp_path_factory.mktemp("design-browser-data"))


def rounded(tab: Tab, output: str) -> Locator:
    return tab.page.locator(f'#sd-estimate-live tr[data-output="{output}"] td.sd-rounded')


def node_utilization(tab: Tab, component: str) -> Locator:
    return tab.page.locator(f'#sd-design-live svg [data-id="{component}"] .sd-util')


def load_cells(tab: Tab, component: str) -> Locator:
    row = tab.page.locator("#sd-design-live table.sd-load-table tbody tr").filter(
        has=tab.page.locator(f'th:text-is("{component}")')
    )
    return row.locator("td")


def test_changing_an_input_and_a_what_if_recalculates_in_place(tab: Tab) -> None:
    page = tab.page
    tab.goto(LESSON)
    expect(rounded(tab, "read_qps")).to_have_text("~12K/s")
    expect(node_utilization(tab, "api")).to_have_text("58% utilized")
    expect(page.locator("#sd-design-live svg[role=img]")).to_be_visible()
    page.evaluate("window.sdNoReload = 'still here'")

    # Ten times the daily users: ten times the QPS, and the diagram follows.
    dau = page.locator('input[name="in.dau"]')
    dau.fill("1B users")
    dau.press("Tab")  # a change event: htmx sends both forms
    expect(rounded(tab, "read_qps")).to_have_text("~120K/s")
    expect(rounded(tab, "peak_read_qps")).to_have_text("~350K/s")
    expect(node_utilization(tab, "api")).to_have_text("584% utilized")
    expect(page.locator("#sd-design-live .sd-headline")).to_have_text(
        "api is over capacity (584%) at this traffic"
    )
    assert page.evaluate("window.sdNoReload") == "still here", "the page reloaded"
    assert page.url.endswith(LESSON)

    # Fail the whole cache: every read now reaches the replicas (and the dau change is kept).
    expect(load_cells(tab, "db_replica").first).to_have_text("34,722")
    page.locator('select[name="fail"]').select_option(label="all of cache")
    expect(load_cells(tab, "db_replica").first).to_have_text("347,222")
    expect(node_utilization(tab, "cache")).to_have_text("down")
    expect(page.locator("#sd-design-live svg [data-id=cache]")).to_have_class("sd-node sd-type-cache sd-down")
    expect(rounded(tab, "read_qps")).to_have_text("~120K/s")
    assert page.evaluate("window.sdNoReload") == "still here", "the page reloaded"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "design_live_cache_down.png"), full_page=True)


def test_a_refused_change_shows_the_reason_and_keeps_the_figures(tab: Tab) -> None:
    page = tab.page
    tab.goto(LESSON)
    page.evaluate("window.sdNoReload = 'still here'")
    dau = page.locator('input[name="in.dau"]')
    dau.fill("1B seconds")
    dau.press("Tab")
    expect(page.locator("#sd-estimate-errors")).to_contain_text(
        "Cannot recalculate: overrides.dau: '1B seconds' is seconds, but dau is a plain number"
    )
    expect(page.locator("#sd-design-errors")).to_contain_text("overrides.dau")
    expect(rounded(tab, "read_qps")).to_have_text("~12K/s")
    # A good value clears the message.
    dau.fill("200M users")
    dau.press("Tab")
    expect(rounded(tab, "read_qps")).to_have_text("~23K/s")
    expect(page.locator("#sd-estimate-errors")).to_have_text("")
    assert page.evaluate("window.sdNoReload") == "still here", "the page reloaded"
