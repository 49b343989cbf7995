"""A learner walks the first-time track of the real curriculum end to end: open the track, read each
stop, mark it mastered, follow "next" to the following stop, and finish with the track's bar full."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser

TRACK = "track-first-time"


def test_walk_the_first_time_track(curriculum_tab: Tab) -> None:
    page = curriculum_tab.page
    curriculum_tab.goto(f"/learn/{TRACK}/")
    stops = page.locator(".sd-stops .sd-stop")
    count = stops.count()
    assert count >= 10
    titles = [stops.nth(i).locator("a").inner_text() for i in range(count)]

    stops.first.locator("a").click()
    for number, title in enumerate(titles, 1):
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator(".sd-path-nav")).to_contain_text(f"stop {number} of {count}")
        expect(page.locator("#mastery-check")).to_be_visible()  # read to the end: the mastery check is there
        page.evaluate("window.__sameDocument = true")
        page.get_by_role("button", name="[x] Mastered").click()
        expect(page.get_by_role("button", name="[x] Mastered")).to_have_attribute("aria-pressed", "true")
        assert page.evaluate("window.__sameDocument") is True  # marked without a page reload
        if number < count:
            page.locator('a[rel="next"]').click()
            page.wait_for_url(re.compile(rf"\?path={TRACK}$"))
        else:
            assert page.locator('a[rel="next"]').count() == 0

    curriculum_tab.goto(f"/learn/{TRACK}/")
    expect(page.locator(".sd-bar-count").first).to_contain_text(f"{count}/{count} mastered")
    curriculum_tab.goto("/progress/")
    expect(page.locator(".sd-progress-grid")).to_contain_text(f"{count}/{count} mastered")
