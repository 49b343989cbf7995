"""The skill map in Chromium: answer a lesson's quiz, record the attempt, see it on /skills/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Route, expect

from .conftest import Tab

pytestmark = pytest.mark.browser

RECORD = """async ([page, index, answer]) => {
  const token = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  const response = await fetch(`/api/skills/quiz/${page}/${index}`, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(token)},
    body: JSON.stringify({answer}),
    credentials: "same-origin",
  });
  return {status: response.status, body: await response.json()};
}"""


def wait_for_csrf_cookie(tab: Tab) -> None:
    """A first visit gets a shared page; sysdojo.js then fetches this visitor's token from /csrf."""
    tab.page.wait_for_function("document.cookie.includes('csrftoken=')")


def test_a_quiz_answer_shows_on_the_skill_map(tab: Tab) -> None:
    tab.goto("/skills/")
    expect(tab.page.locator("#skills-attempts")).to_contain_text("No quiz answered yet.")
    expect(tab.page.locator("#skill-caching")).to_contain_text("unknown")

    tab.goto("/learn/caching/")
    question = tab.page.locator("#quiz-q0")
    question.locator('input[value="2"]').check()
    question.get_by_role("button", name="Check").click()
    expect(question.locator(".sd-quiz-feedback")).to_contain_text("Right.")  # checked and recorded

    tab.goto("/skills/")
    attempts = tab.page.locator("#skills-attempts .skills-attempt")
    expect(attempts).to_have_count(1)
    expect(attempts.first).to_contain_text("Caching strategy, question 1: right")
    expect(tab.page.locator("#skill-caching")).to_contain_text("4.0 strong")
    expect(tab.page.locator("#skills-weakest")).to_contain_text("No weak skill known")
    expect(tab.page.locator("#skills-streak")).to_contain_text("1 day study streak")
    tab.page.locator("#skills-attempts a", has_text="Caching strategy").click()
    expect(tab.page).to_have_url(tab.url("/learn/caching/#quiz"))
    tab.goto("/skills/")  # the screenshot left in test-artifacts/ shows the map


def test_the_lesson_quiz_pointed_at_the_new_endpoint_records_through_the_ui(tab: Tab) -> None:
    """What the one-line change in sysdojo.js will do: the real form, posting to /api/skills/quiz."""

    def to_skills(route: Route) -> None:
        route.continue_(url=route.request.url.replace("/api/quiz/", "/api/skills/quiz/"))

    tab.page.route("**/api/quiz/**", to_skills)
    tab.goto("/learn/idempotency/")
    question = tab.page.locator("#quiz-q0")
    question.locator('input[value="0"]').check()
    question.get_by_role("button", name="Check").click()
    expect(question.locator(".sd-quiz-feedback")).to_contain_text("Not quite: the answer is PUT.")

    tab.goto("/skills/")
    expect(tab.page.locator("#skills-attempts .skills-attempt")).to_contain_text(
        "Idempotency, question 1: wrong"
    )
    # Idempotency is not a skill: its quiz counts for the skill it relates to, caching.
    expect(tab.page.locator("#skill-caching")).to_contain_text("1.0 needs work")
    expect(tab.page.locator("#skills-weakest")).to_contain_text("Caching strategy needs work · 1.0")
