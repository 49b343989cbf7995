"""A timed mock interview in Chromium never loses a word: typing through a network cut, a reload,
and two tabs writing the same interview."""

from __future__ import annotations

import html
import json
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Problems, Tab, _watch

pytestmark = pytest.mark.browser

SAVED = re.compile(r"Saved at \d\d:\d\d:\d\d")


def start_interview(tab: Tab) -> str:
    tab.goto("/mock/")
    tab.page.get_by_role("button", name="Start the interview").click()
    expect(tab.page.locator("#sd-mock")).to_be_visible()
    expect(tab.page.locator(".sd-mock-current")).to_have_count(1)
    expect(tab.page.locator("#sd-mock-total")).to_have_text(re.compile(r"4\d:\d\d"))
    return tab.page.url


def server_drafts(page: Page, url: str) -> list[dict[str, object]]:
    """What the server holds, read with the same cookies from a request that runs no script."""
    body = page.context.request.get(url).text()
    match = re.search(r'<script id="sd-mock-drafts" type="application/json">(.*?)</script>', body, re.S)
    assert match, "no drafts data in the page"
    drafts: list[dict[str, object]] = json.loads(html.unescape(match.group(1)))
    return drafts


def test_typing_through_a_network_cut_and_a_reload_loses_nothing(curriculum_tab: Tab) -> None:
    tab = curriculum_tab
    url = start_interview(tab)
    status = tab.page.locator("#sd-mock-status")
    area = tab.page.locator("#sd-mock-text-0")
    area.click()
    area.press_sequentially("Shorten 100M URLs a month.", delay=10)
    expect(status).to_have_text(SAVED)

    # A minute of typing with the network cut: several 15 s save attempts fail in the meantime.
    tab.page.context.set_offline(True)
    written = ""
    for minute_part in range(12):
        sentence = f" Offline note {minute_part}: redirects under 50 ms at p99."
        area.press_sequentially(sentence, delay=15)
        written += sentence
        tab.page.wait_for_timeout(4_000)
    expect(status).to_contain_text("Unsaved changes")
    full = "Shorten 100M URLs a month." + written
    assert area.input_value() == full

    tab.page.context.set_offline(False)
    expect(status).to_have_text(SAVED, timeout=20_000)
    assert [d["texts"][0] for d in server_drafts(tab.page, url)] == [full]  # type: ignore[index]

    tab.page.reload()
    expect(tab.page.locator("#sd-mock-text-0")).to_have_value(full)
    expect(tab.page.locator("#sd-mock-status")).to_have_text("All changes saved")


def test_a_reload_before_the_save_restores_the_draft_from_this_browser(curriculum_tab: Tab) -> None:
    tab = curriculum_tab
    url = start_interview(tab)
    tab.page.context.set_offline(True)
    tab.page.locator("#sd-mock-text-1").press_sequentially("User, Url, Click", delay=20)
    kept = tab.page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('sd-mock-draft:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).texts[1])"
    )
    assert kept == ["User, Url, Click"]  # every edit is in this browser at once, before any save
    tab.page.context.set_offline(False)
    tab.page.reload()
    expect(tab.page.locator("#sd-mock-text-1")).to_have_value("User, Url, Click")
    expect(tab.page.locator("#sd-mock-status")).to_have_text(re.compile(r"Saved at|All changes saved"))
    assert [d["texts"][1] for d in server_drafts(tab.page, url)] == ["User, Url, Click"]  # type: ignore[index]


def test_two_tabs_keep_both_texts(curriculum_tab: Tab) -> None:
    first = curriculum_tab
    url = start_interview(first)
    first.page.locator("#sd-mock-text-0").press_sequentially("First tab's requirements", delay=10)
    expect(first.page.locator("#sd-mock-status")).to_have_text(SAVED)

    second = first.page.context.new_page()
    problems = Problems()
    _watch(second, problems)
    second.goto(url)
    area = second.locator("#sd-mock-text-0")
    area.fill("")
    area.press_sequentially("Second tab's requirements", delay=10)
    expect(second.locator("#sd-mock-status")).to_have_text(SAVED)
    expect(second.locator("#sd-mock-tabs")).to_be_visible()
    expect(second.locator("#sd-mock-others")).to_contain_text("First tab's requirements")

    first.page.locator("#sd-mock-text-0").press_sequentially(", more", delay=10)
    expect(first.page.locator("#sd-mock-status")).to_have_text(SAVED)
    expect(first.page.locator("#sd-mock-others")).to_contain_text("Second tab's requirements")

    texts = sorted(d["texts"][0] for d in server_drafts(first.page, url))  # type: ignore[index]
    assert texts == ["First tab's requirements, more", "Second tab's requirements"]

    # Submitting from the second tab freezes its text; the first tab's draft is still kept and shown.
    second.get_by_role("button", name="Submit the answer").click()
    expect(second.locator(".sd-mock-submitted")).to_contain_text("by you")
    expect(second.locator(".sd-mock-answer")).to_contain_text("Second tab's requirements")
    expect(second.locator(".sd-mock-other")).to_contain_text("First tab's requirements, more")
    second.get_by_role("link", name="Read the debrief").click()
    expect(second.locator(".sd-mock-overall, .sd-mock-error").first).to_be_visible()
    second.close()
    assert problems.all() == []


def test_a_duplicated_tab_takes_an_id_of_its_own(curriculum_tab: Tab) -> None:
    """ "Duplicate tab" copies sessionStorage, tab id included: the copy must not write over the original."""
    first = curriculum_tab
    url = start_interview(first)
    first.page.locator("#sd-mock-text-0").press_sequentially("Original", delay=10)
    expect(first.page.locator("#sd-mock-status")).to_have_text(SAVED)
    key = "sd-mock-tab:" + url.rstrip("/").rsplit("/", 1)[1]
    original_id = first.page.evaluate("key => sessionStorage.getItem(key)", key)

    copy = first.page.context.new_page()
    problems = Problems()
    _watch(copy, problems)
    # What the browser does when it duplicates a tab: the new tab starts with the same sessionStorage.
    copy.add_init_script(f"sessionStorage.setItem({json.dumps(key)}, {json.dumps(original_id)});")
    copy.goto(url)
    expect(copy.locator("#sd-mock-text-0")).to_have_value("Original")
    copy.locator("#sd-mock-text-0").press("End")
    copy.locator("#sd-mock-text-0").press_sequentially(" and the copy", delay=10)
    expect(copy.locator("#sd-mock-status")).to_have_text(SAVED)
    assert copy.evaluate("key => sessionStorage.getItem(key)", key) != original_id

    first.page.locator("#sd-mock-text-0").press_sequentially(", still mine", delay=10)
    expect(first.page.locator("#sd-mock-status")).to_have_text(SAVED)
    drafts = server_drafts(first.page, url)
    assert sorted(d["texts"][0] for d in drafts) == ["Original and the copy", "Original, still mine"]  # type: ignore[index]
    assert original_id in {d["tab"] for d in drafts}
    copy.close()
    assert problems.all() == []
