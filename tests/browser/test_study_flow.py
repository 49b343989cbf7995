"""A learner's path through the app in Chromium: browse, study, notes, sign-up, search, theme, quiz."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, Tab

pytestmark = pytest.mark.browser


def status_button(tab: Tab, value: str) -> object:
    return tab.page.locator(f'#sd-status button[value="{value}"]')


def set_status(tab: Tab, value: str) -> None:
    tab.page.locator(f'#sd-status button[value="{value}"]').click()
    expect(tab.page.locator(f'#sd-status button[value="{value}"]')).to_have_attribute("aria-pressed", "true")


def overall_bar(tab: Tab) -> str:
    return tab.page.locator(".sd-hero .sd-bar-count").inner_text()


def test_browse_the_learn_page_and_open_a_lesson(tab: Tab) -> None:
    tab.goto("/")
    expect(tab.page).to_have_title("Learn · sysdojo")
    expect(tab.page.locator(".sd-card-coming", has_text="Consistent hashing")).to_be_visible()
    tab.page.get_by_role("link", name="Caching strategy").first.click()
    expect(tab.page).to_have_url(tab.url("/learn/caching/"))
    expect(tab.page.locator("h1")).to_have_text("Caching strategy")
    expect(tab.page.locator(".sd-toc")).to_contain_text("How it works")
    # The page's own stylesheet and script loaded (static files from the collected manifest).
    assert tab.page.evaluate("getComputedStyle(document.body).margin") is not None
    assert tab.page.evaluate("typeof htmx") == "object"


def test_status_changes_without_reload_and_moves_the_progress_bar(tab: Tab) -> None:
    tab.goto("/")
    assert overall_bar(tab) == "0/3 mastered"
    tab.goto("/learn/caching/")
    tab.page.evaluate("window.sdNoReloadMarker = 'still here'")
    expect(tab.page.locator('#sd-status button[value="not-started"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    set_status(tab, "learning")
    expect(tab.page.locator('#sd-status button[value="not-started"]')).to_have_attribute(
        "aria-pressed", "false"
    )
    set_status(tab, "mastered")
    expect(tab.page.locator('#sd-status button[value="learning"]')).to_have_attribute("aria-pressed", "false")
    assert tab.page.evaluate("window.sdNoReloadMarker") == "still here", "the status change reloaded the page"

    tab.goto("/")
    assert overall_bar(tab) == "1/3 mastered"
    expect(tab.page.locator('.sd-card[data-page="caching"] .sd-status')).to_have_text("mastered")
    tab.page.reload()
    assert overall_bar(tab) == "1/3 mastered"
    tab.goto("/learn/caching/")
    expect(tab.page.locator('#sd-status button[value="mastered"]')).to_have_attribute("aria-pressed", "true")
    tab.goto("/progress/")
    expect(tab.page.get_by_role("group", name="Graded skill: 1 mastered, 0 learning, of 1")).to_be_visible()


def test_a_note_autosaves_with_a_sanitized_preview(tab: Tab) -> None:
    tab.goto("/learn/caching/")
    tab.page.evaluate("window.sdNoReloadMarker = 1")
    note = tab.page.locator("#sd-note-text")
    note.fill("Use **jitter** on TTLs.\n\n<script>window.sdInjected = 1</script>")
    expect(tab.page.locator("#sd-note-status")).to_contain_text("Saved at", timeout=10_000)
    expect(tab.page.locator("#sd-note-preview strong")).to_have_text("jitter")
    assert tab.page.evaluate("window.sdInjected") is None
    assert tab.page.evaluate("window.sdNoReloadMarker") == 1
    tab.page.reload()
    expect(tab.page.locator("#sd-note-text")).to_have_value(
        "Use **jitter** on TTLs.\n\n<script>window.sdInjected = 1</script>"
    )
    expect(tab.page.locator("#sd-note-status")).to_contain_text("Saved")
    assert tab.page.evaluate("window.sdInjected") is None


def test_sign_up_keeps_the_anonymous_progress(tab: Tab) -> None:
    tab.goto("/learn/idempotency/")
    set_status(tab, "mastered")
    tab.page.locator("#sd-note-text").fill("client-generated keys")
    expect(tab.page.locator("#sd-note-status")).to_contain_text("Saved at")

    username = f"learner{uuid.uuid4().hex[:8]}"
    tab.page.get_by_role("link", name="Sign up").click()
    tab.page.locator("#id_username").fill(username)
    tab.page.locator("#id_email").fill(f"{username}@example.org")
    tab.page.locator("#id_password1").fill(PASSWORD)
    tab.page.locator("#id_password2").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign up").click()

    expect(tab.page).to_have_url(tab.url("/"))
    expect(tab.page.get_by_role("button", name="Log out")).to_be_visible()
    assert overall_bar(tab) == "1/3 mastered"
    expect(tab.page.locator('.sd-card[data-page="idempotency"] .sd-status')).to_have_text("mastered")
    tab.goto("/learn/idempotency/")
    expect(tab.page.locator("#sd-note-text")).to_have_value("client-generated keys")
    progress = tab.page.request.get(tab.url("/api/progress")).json()
    assert [(p["page_id"], p["status"]) for p in progress] == [("idempotency", "mastered")]

    tab.page.get_by_role("button", name="Log out").click()
    expect(tab.page.get_by_role("link", name="Log in")).to_be_visible()
    assert overall_bar(tab) == "0/3 mastered"


def test_search_with_the_slash_shortcut(tab: Tab) -> None:
    tab.goto("/learn/idempotency/")
    tab.page.locator("h1").click()  # focus is on the page, not in a field
    tab.page.keyboard.press("/")
    expect(tab.page.locator("#sd-search")).to_be_focused()
    tab.page.keyboard.type("stampede")
    result = tab.page.locator("#sd-search-popup a", has_text="Caching strategy")
    expect(result).to_be_visible()
    expect(tab.page.locator("#sd-search-popup mark").first).to_have_text("stampede")
    result.click()
    expect(tab.page).to_have_url(tab.url("/learn/caching/"))
    expect(tab.page.locator("h1")).to_have_text("Caching strategy")


def test_slash_in_a_text_field_is_just_a_character(tab: Tab) -> None:
    tab.goto("/learn/caching/")
    tab.page.locator("#sd-note-text").click()
    tab.page.keyboard.type("a/b")
    expect(tab.page.locator("#sd-note-text")).to_have_value("a/b")
    expect(tab.page.locator("#sd-note-status")).to_contain_text("Saved at")


def test_dark_mode_toggles_and_persists(tab: Tab) -> None:
    tab.goto("/")
    html = tab.page.locator("html")
    assert html.get_attribute("data-theme") is None
    tab.page.locator("#sd-theme-toggle").click()
    expect(html).to_have_attribute("data-theme", "dark")
    background_dark = tab.page.evaluate("getComputedStyle(document.body).backgroundColor")
    tab.page.reload()
    expect(html).to_have_attribute("data-theme", "dark")  # rendered by the server from the cookie
    tab.goto("/learn/caching/")
    expect(html).to_have_attribute("data-theme", "dark")
    tab.page.locator("#sd-theme-toggle").click()
    expect(html).to_have_attribute("data-theme", "light")
    assert tab.page.evaluate("getComputedStyle(document.body).backgroundColor") != background_dark
    tab.page.reload()
    expect(html).to_have_attribute("data-theme", "light")
    tab.page.locator("#sd-theme-toggle").click()  # back to following the system
    tab.page.reload()
    assert html.get_attribute("data-theme") is None


def test_quiz_answers_get_feedback(tab: Tab) -> None:
    tab.goto("/learn/caching/")
    single = tab.page.locator("#quiz-q0")
    single.locator('input[value="0"]').check()
    single.get_by_role("button", name="Check").click()
    expect(single.locator(".sd-quiz-feedback")).to_contain_text("Not quite: the answer is Write-behind.")
    single.locator('input[value="2"]').check()
    single.get_by_role("button", name="Check").click()
    expect(single.locator(".sd-quiz-feedback")).to_contain_text("Right.")
    expect(single.locator(".sd-quiz-feedback")).to_have_class("sd-quiz-feedback sd-right")

    multiple = tab.page.locator("#quiz-q1")
    multiple.locator('input[value="0"]').check()
    multiple.locator('input[value="1"]').check()
    multiple.get_by_role("button", name="Check").click()
    expect(multiple.locator(".sd-quiz-feedback")).to_contain_text("Right.")

    numeric = tab.page.locator("#quiz-q2")
    numeric.locator('input[type="number"]').fill("350")
    numeric.get_by_role("button", name="Check").click()
    expect(numeric.locator(".sd-quiz-feedback")).to_contain_text("Right.")
    numeric.locator('input[type="number"]').fill("500")
    numeric.get_by_role("button", name="Check").click()
    expect(numeric.locator(".sd-quiz-feedback")).to_contain_text("the answer is 347 requests/s")


def test_a_lesson_fits_a_360px_screen(phone_tab: Tab) -> None:
    for path in ("/learn/caching/", "/", "/learn/track-first-time/", "/progress/"):
        phone_tab.goto(path)
        width = phone_tab.page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a 360 px screen: {width} px wide"
    phone_tab.goto("/learn/caching/")
    expect(phone_tab.page.locator("h1")).to_be_visible()
    expect(phone_tab.page.locator("#sd-status")).to_be_visible()
    # The table of contents starts folded on a phone, so the lesson starts on the first screen.
    contents = phone_tab.page.locator(".sd-toc-box")
    expect(contents.get_by_role("link", name="How it works")).to_be_hidden()
    assert phone_tab.page.locator("h1").bounding_box()["y"] < 780  # type: ignore[index]
    contents.locator("summary").click()
    expect(contents.get_by_role("link", name="How it works")).to_be_visible()


def test_the_api_docs_page_loads_without_csp_violations(tab: Tab) -> None:
    """The footer links to /api/docs: it must work under the site's strict CSP."""
    tab.goto("/api/docs")
    expect(tab.page.locator(".swagger-ui .info .title")).to_contain_text("sysdojo API", timeout=10_000)
