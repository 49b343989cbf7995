"""Mock interviews on the web: start, save (newest wins, stale refused), the server's deadline,
submission, the debrief, and the move to the account on login. Real SQLite file, real requests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from sysdojo.core.interview import FRAMEWORKS, framework_get
from sysdojo.web.catalog.services import curriculum_sync
from sysdojo.web.mock.models import MockDraft, MockSession
from tests.design_content import CASE_STUDY_ID, design_content
from tests.web.conftest import FIXTURE_CONTENT, UserFactory, csrf_token_of, login

pytestmark = pytest.mark.django_db
DELIVERY = framework_get("delivery-framework")
assert DELIVERY is not None
STRONG = (
    "We need 12K reads per second at peak. Redis cache-aside cluster, 6 shards, LRU, 64 GB, in front of "
    "Postgres. A key generation service hands out pre-generated keys so writes never collide."
)


@pytest.fixture
def case_study(db: None, tmp_path: Path, settings: SettingsWrapper) -> Iterator[Path]:
    folder = design_content(tmp_path / "content")
    curriculum_sync(content_dir=folder)
    settings.CONTENT_DIR = folder  # the debrief reads the case study's source file from here
    yield folder
    curriculum_sync(content_dir=FIXTURE_CONTENT)


def start(client: Client, framework: str = "delivery-framework") -> MockSession:
    response = client.post("/mock/start", {"case": CASE_STUDY_ID, "framework": framework})
    assert response.status_code == 302, response.content
    match = re.fullmatch(r"/mock/(\d+)/", response["Location"])
    assert match, response["Location"]
    return MockSession.objects.get(pk=int(match.group(1)))


def texts(*filled: str) -> list[str]:
    out = [""] * len(DELIVERY.phases)
    out[: len(filled)] = list(filled)
    return out


def save(client: Client, session: MockSession, seq: int, body: list[str], tab: str = "tab-a") -> Any:
    return client.post(
        f"/mock/{session.pk}/save",
        {"tab": tab, "seq": str(seq), "texts": json.dumps(body), "seconds": "[60, 30]"},
    )


def test_the_index_lists_case_studies_and_every_framework(client: Client, case_study: Path) -> None:
    body = client.get("/mock/").content.decode()
    assert f'value="{CASE_STUDY_ID}"' in body
    for framework in FRAMEWORKS.values():
        assert f'value="{framework.id}"' in body
    assert 'value="delivery-framework" checked' in body


def test_start_creates_a_session_with_the_frameworks_deadline(client: Client, case_study: Path) -> None:
    session = start(client)
    assert session.framework_id == "delivery-framework"
    assert session.deadline - session.started_at == timedelta(minutes=45)
    body = client.get(f"/mock/{session.pk}/").content.decode()
    for phase in DELIVERY.phases:
        assert phase.title in body
    assert "sysdojo/mock.js" in body and "<script>" not in body
    assert body.count("sd-mock-current") == 1  # the phase the clock is in


def test_start_refuses_an_unknown_case_or_framework(client: Client, case_study: Path) -> None:
    response = client.post("/mock/start", {"case": "nope", "framework": "delivery-framework"}, follow=True)
    assert "Choose a written case study" in response.content.decode()
    client.post("/mock/start", {"case": CASE_STUDY_ID, "framework": "nope"})
    assert MockSession.objects.count() == 0


def test_another_learners_session_is_not_found(client: Client, case_study: Path) -> None:
    session = start(client)
    other = Client()
    assert other.get(f"/mock/{session.pk}/").status_code == 404
    assert save(other, session, 5, texts("mine")).status_code == 404


def test_save_stores_the_newest_and_refuses_a_stale_one(client: Client, case_study: Path) -> None:
    session = start(client)
    first = save(client, session, 10, texts("newer text"))
    assert first.status_code == 200 and first.json()["stored"] is True
    stale = save(client, session, 9, texts("older text"))
    assert stale.status_code == 200
    assert stale.json()["stored"] is False and stale.json()["seq"] == 10
    duplicate = save(client, session, 10, texts("replayed"))
    assert duplicate.json()["stored"] is False
    draft = MockDraft.objects.get(session=session, tab_id="tab-a")
    assert draft.texts[0] == "newer text" and draft.seq == 10


def test_bad_saves_get_a_clear_message_and_write_nothing(client: Client, case_study: Path) -> None:
    session = start(client)
    for data, message in (
        ({"tab": "t", "seq": "x", "texts": json.dumps(texts())}, "sequence"),
        ({"tab": "t", "seq": "1", "texts": "not json"}, "JSON list"),
        ({"tab": "t", "seq": "1", "texts": json.dumps(["only one"])}, "expected 6 phase texts"),
        ({"tab": "bad tab!", "seq": "1", "texts": json.dumps(texts())}, "tab id"),
        ({"tab": "t", "seq": "1", "texts": json.dumps(texts("a\x00b"))}, "NUL"),
    ):
        response = client.post(f"/mock/{session.pk}/save", data)
        assert response.status_code == 400 and message in response.json()["error"]
    assert not MockDraft.objects.exists()


def test_two_tabs_keep_both_texts(client: Client, case_study: Path) -> None:
    session = start(client)
    save(client, session, 1, texts("from tab A"), tab="tab-a")
    answer = save(client, session, 2, texts("from tab B"), tab="tab-b").json()
    assert [o["tab"] for o in answer["others"]] == ["tab-a"]
    assert answer["others"][0]["texts"][0] == "from tab A"
    assert {d.tab_id: d.texts[0] for d in MockDraft.objects.filter(session=session)} == {
        "tab-a": "from tab A",
        "tab-b": "from tab B",
    }


def test_save_needs_the_csrf_token(csrf_client: Client, case_study: Path) -> None:
    token = csrf_token_of(csrf_client, "/mock/")
    response = csrf_client.post("/mock/start", {"case": CASE_STUDY_ID, "csrfmiddlewaretoken": token})
    session = MockSession.objects.get(pk=int(response["Location"].split("/")[2]))
    data = {"tab": "t", "seq": "1", "texts": json.dumps(texts("x"))}
    assert csrf_client.post(f"/mock/{session.pk}/save", data).status_code == 403
    # sendBeacon cannot set headers: the token travels in the body
    assert (
        csrf_client.post(f"/mock/{session.pk}/save", {**data, "csrfmiddlewaretoken": token}).status_code
        == 200
    )


def test_a_save_after_the_deadline_is_refused_and_the_last_draft_submitted(
    client: Client, case_study: Path
) -> None:
    session = start(client)
    save(client, session, 1, texts(STRONG))
    MockSession.objects.filter(pk=session.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    late = save(client, session, 2, texts("written after time ran out"))
    assert late.status_code == 409
    assert "Time is up" in late.json()["error"] and "last saved draft was submitted" in late.json()["error"]
    session.refresh_from_db()
    assert session.status == "submitted" and session.submitted_by == "deadline"
    assert session.texts[0] == STRONG
    assert session.debrief["overall"] > 0


def test_opening_an_expired_session_submits_it(client: Client, case_study: Path) -> None:
    session = start(client)
    save(client, session, 1, texts("my requirements"))
    MockSession.objects.filter(pk=session.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    body = client.get(f"/mock/{session.pk}/").content.decode()
    assert "when time ran out" in body and "my requirements" in body
    assert f"/mock/{session.pk}/debrief" in body
    assert MockSession.objects.get(pk=session.pk).status == "submitted"


def test_the_index_submits_expired_sessions_too(client: Client, case_study: Path) -> None:
    session = start(client)
    MockSession.objects.filter(pk=session.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.get("/mock/")
    assert MockSession.objects.get(pk=session.pk).status == "submitted"


def test_submit_freezes_the_answer_and_the_debrief_scores_it(client: Client, case_study: Path) -> None:
    session = start(client)
    save(client, session, 1, texts("stale"), tab="tab-a")
    form = {f"phase-{i}": "" for i in range(len(DELIVERY.phases))}
    form["phase-3"] = STRONG
    response = client.post(f"/mock/{session.pk}/submit", {**form, "tab": "tab-a", "seq": "5"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "submitted" and session.submitted_by == "learner"
    assert session.texts[3] == STRONG
    skills = {s["skill"]: s for s in session.debrief["skills"]}
    assert skills["caching"]["score"] >= 2 and skills["caching"]["evidence"]
    # frozen: later saves are refused
    assert save(client, session, 9, texts("after")).status_code == 409
    body = client.get(f"/mock/{session.pk}/debrief").content.decode()
    assert "Overall:" in body and "Caching" in body
    assert "/learn/caching/" in body  # skills and lessons link to their pages
    assert "Next lesson" in body


def test_the_debrief_lists_missing_points_with_their_lessons(client: Client, case_study: Path) -> None:
    session = start(client)
    client.post(f"/mock/{session.pk}/submit", {"phase-0": "Users shorten links."})
    session.refresh_from_db()
    missing = {p["point"]: p["lesson"] for p in session.debrief["missing"]}
    assert missing["Puts a cache in front of the database for the read-heavy redirect path"] == (
        "caching#how-it-works"
    )
    body = client.get(f"/mock/{session.pk}/debrief").content.decode()
    assert 'href="/learn/caching/#how-it-works"' in body


def test_a_case_whose_file_is_gone_gets_a_debrief_error_not_a_500(
    client: Client, case_study: Path, settings: SettingsWrapper, tmp_path: Path
) -> None:
    session = start(client)
    settings.CONTENT_DIR = tmp_path / "elsewhere"
    client.post(f"/mock/{session.pk}/submit", {"phase-0": "x"})
    body = client.get(f"/mock/{session.pk}/debrief").content.decode()
    assert "No debrief" in body and "could not be read" in body


def test_sessions_move_to_the_account_on_login(
    client: Client, case_study: Path, user_factory: UserFactory
) -> None:
    user_factory("ada")
    session = start(client)
    save(client, session, 1, texts("anonymous words"))
    login(client, "ada")
    session.refresh_from_db()
    assert session.learner.user is not None and session.learner.user.username == "ada"
    assert "anonymous words" in client.get(f"/mock/{session.pk}/").content.decode()


def test_a_submitted_interview_feeds_the_skill_map(client: Client, case_study: Path) -> None:
    session = start(client)
    form = {f"phase-{i}": "" for i in range(len(DELIVERY.phases))}
    form["phase-3"] = STRONG
    client.post(f"/mock/{session.pk}/submit", {**form, "tab": "tab-a", "seq": "5"})
    body = client.get("/skills/").content.decode()
    start_at = body.index('id="skills-debriefs"')
    debriefs = body[start_at : body.index("</section>", start_at)]
    assert "<li>" in debriefs and "URL shortener" in debriefs
