"""The review queue in Chromium: keyboard-only review without a page reload, and the settings form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import Tab

pytestmark = pytest.mark.browser


def count(tab: Tab, name: str) -> str:
    return tab.page.locator(f'[data-count="{name}"]').inner_text()


def test_review_a_card_with_space_then_3(tab: Tab) -> None:
    tab.goto("/review/")
    expect(tab.page.locator(".sd-review-done")).to_contain_text("Nothing to review")
    tab.goto("/learn/caching/")
    tab.page.locator('#sd-status button[value="learning"]').click()
    expect(tab.page.locator('#sd-status button[value="learning"]')).to_have_attribute("aria-pressed", "true")

    tab.goto("/review/")
    tab.page.evaluate("window.sdNoReloadMarker = 'still here'")
    assert (count(tab, "due"), count(tab, "new"), count(tab, "later")) == ("0", "3", "0")
    question = tab.page.locator(".sd-review-question")
    expect(question).to_have_text("What hit ratio should a static-asset cache reach?")
    answer = tab.page.locator(".sd-review-answer-text")
    expect(answer).to_be_hidden()

    tab.page.keyboard.press("Space")
    expect(answer).to_have_text("95% or more.")
    tab.page.keyboard.press("3")
    expect(question).to_have_text("Why jitter TTLs?")
    expect(tab.page.locator('[data-count="new"]')).to_have_text("2")
    expect(tab.page.locator('[data-count="later"]')).to_have_text("1")
    expect(answer).to_be_hidden()

    # Enter shows the answer too; 1 (Again) brings the card back later today.
    tab.page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    tab.page.keyboard.press("1")
    expect(question).to_contain_text("You pick a pattern")
    expect(tab.page.locator('[data-count="new"]')).to_have_text("1")
    expect(tab.page.locator('[data-count="later"]')).to_have_text("2")
    assert tab.page.evaluate("window.sdNoReloadMarker") == "still here", "rating reloaded the page"


def test_rating_keys_do_nothing_before_the_answer_shows(tab: Tab) -> None:
    tab.goto("/learn/idempotency/")
    tab.page.locator('#sd-status button[value="mastered"]').click()
    expect(tab.page.locator('#sd-status button[value="mastered"]')).to_have_attribute("aria-pressed", "true")
    tab.goto("/review/")
    tab.page.keyboard.press("4")
    tab.page.wait_for_timeout(300)
    expect(tab.page.locator('[data-count="new"]')).to_have_text("2")
    expect(tab.page.locator(".sd-review-question")).to_have_text("Who generates the idempotency key?")


def test_settings_form_saves_the_desired_retention(tab: Tab) -> None:
    tab.goto("/review/")
    retention = tab.page.get_by_label("Desired retention")
    expect(retention).to_have_value("0.9")
    retention.fill("0.5")
    tab.page.get_by_role("button", name="Save settings").click()
    # The browser's own range check stops the post: nothing is saved.
    expect(tab.page.locator("#sd-review-settings [role=status]")).to_have_count(0)
    retention.fill("0.85")
    tab.page.get_by_role("button", name="Save settings").click()
    expect(tab.page.locator("#sd-review-settings [role=status]")).to_have_text("Saved.")
    tab.goto("/review/")
    expect(tab.page.get_by_label("Desired retention")).to_have_value("0.85")


def test_a_refused_rating_says_why_and_the_keys_keep_working(tab: Tab) -> None:
    tab.goto("/learn/caching/")
    tab.page.locator('#sd-status button[value="learning"]').click()
    expect(tab.page.locator('#sd-status button[value="learning"]')).to_have_attribute("aria-pressed", "true")
    tab.goto("/review/")
    # Meanwhile (another tab, same session) the page goes back to "not started": its cards leave the queue.
    cookies = tab.page.context.cookies()
    csrf = next(c["value"] for c in cookies if c["name"] == "csrftoken")
    done = tab.page.request.post(
        tab.url("/learn/caching/status"), form={"status": "not-started"}, headers={"X-CSRFToken": csrf}
    )
    assert done.ok
    tab.page.keyboard.press("Space")
    tab.page.keyboard.press("3")
    expect(tab.page.locator("#sd-review [role=alert]")).to_contain_text("no such card")
    expect(tab.page.locator(".sd-review-done")).to_contain_text("Nothing to review")
    # Chromium reports the 400 answer in the console; that one is expected here, nothing else is.
    expected = [m for m in tab.problems.console if "status of 400" in m]
    assert len(expected) == 1
    tab.problems.console.remove(expected[0])
