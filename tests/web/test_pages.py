from __future__ import annotations

import pytest
from django.test import Client

from sysdojo.web.study.models import Progress

pytestmark = pytest.mark.django_db


def test_settings_use_a_private_data_dir() -> None:
    from django.conf import settings

    assert "sysdojo-test-" in str(settings.DATA_DIR)


def test_learn_page_lists_written_and_coming_pages(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Caching strategy" in body and 'href="/learn/caching/"' in body
    assert "Consistent hashing" in body and "coming" in body


def test_learn_filters_by_kind(client: Client) -> None:
    body = client.get("/?kind=concept").content.decode()
    assert "Idempotency" in body
    assert "Caching strategy" not in body


def test_lesson_shows_toc_badges_and_rendered_markdown(client: Client) -> None:
    body = client.get("/learn/caching/").content.decode()
    assert '<h2 id="what-it-is">What it is</h2>' in body
    assert 'href="#how-it-works"' in body
    assert "sd-badge-high" in body
    assert 'class="sd-code"' in body  # Pygments highlighting
    assert 'href="/learn/redis/" class="sd-coming"' in body  # a link to a page not written yet


def test_unknown_lesson_is_404(client: Client) -> None:
    assert client.get("/learn/no-such-page/").status_code == 404


def test_status_set_by_htmx_without_reload(client: Client) -> None:
    response = client.post("/learn/caching/status", {"status": "learning"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'value="learning" class="sd-status-button" aria-pressed="true"' in response.content.decode()
    assert Progress.objects.get(page_id="caching").status == "learning"


def test_status_rejects_unknown_value(client: Client) -> None:
    assert client.post("/learn/caching/status", {"status": "done"}).status_code == 400
    assert not Progress.objects.exists()


def test_path_navigation_offers_previous_and_next(client: Client) -> None:
    body = client.get("/learn/caching/?path=track-first-time").content.decode()
    assert "stop 1 of 3" in body
    assert "Next: Redis (coming)" in body


def test_search_page_highlights_matches(client: Client) -> None:
    body = client.get("/search/?q=stampede").content.decode()
    assert 'href="/learn/caching/"' in body
    assert "<mark>stampede</mark>" in body


def test_first_visit_gets_a_shared_page_without_a_csrf_token(client: Client) -> None:
    """Cookieless visitors share one cached page: it must carry no secret and set no cookie."""
    first = client.get("/learn/caching/")
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    again = Client().get("/learn/caching/")
    assert again.content == first.content


def test_csrf_endpoint_gives_the_visitor_a_token(client: Client) -> None:
    response = client.get("/csrf")
    assert response.status_code == 204 and "csrftoken" in response.cookies
    body = client.get("/learn/caching/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in body  # with a cookie the page is personal, token included


def test_a_visitor_with_a_session_never_gets_a_cached_page(client: Client) -> None:
    client.get("/learn/caching/")  # cached for cookieless visitors
    client.post("/learn/caching/status", {"status": "mastered"})
    body = client.get("/learn/caching/").content.decode()
    assert 'value="mastered" class="sd-status-button" aria-pressed="true"' in body


def test_refused_form_post_explains_itself() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/learn/caching/status", {"status": "learning"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert "csrftoken" in response.cookies  # so going back and reloading works
