"""Export and import: exact round trips, idempotence, bad files refused whole, and isolation of learners."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysdojo.core.errors import SysdojoError
from sysdojo.web.mock.models import MockSession
from sysdojo.web.review.models import CardState
from sysdojo.web.study.models import Learner, Note, Progress
from sysdojo.web.study.services import note_save, progress_set
from sysdojo.web.study.transfer import export_parse, learner_export, learner_import

from .conftest import UserFactory, login
from .factories import START, interview_add, learner_with_history

pytestmark = pytest.mark.django_db

T1 = "2024-03-01T10:00:00.123456+00:00"
T2 = "2024-03-02T11:30:00+00:00"


def export_file(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "sysdojo-export",
        "version": 1,
        "exported_at": T2,
        "last_page_id": "caching",
        "progress": [
            {"page_id": "caching", "status": "mastered", "updated_at": T1},
            {"page_id": "idempotency", "status": "learning", "updated_at": T2},
        ],
        "notes": [{"page_id": "caching", "text": "TTL + jitter\n\n- one", "updated_at": T1}],
    }
    data.update(overrides)
    return data


NOTHING = {
    "progress": 0,
    "notes": 0,
    "reviews": 0,
    "review_settings": 0,
    "quiz_attempts": 0,
    "debriefs": 0,
    "mock_interviews": 0,
}


def raw(data: Any) -> bytes:
    return json.dumps(data).encode()


def new_learner() -> Learner:
    return Learner.objects.create()


def populated_learner() -> Learner:
    learner = new_learner()
    progress_set(
        learner=learner, page_id="caching", status="mastered", at=datetime(2024, 5, 1, 8, 0, 0, 1, UTC)
    )
    progress_set(learner=learner, page_id="idempotency", status="learning")
    progress_set(learner=learner, page_id="removed-long-ago", status="not-started")
    note_save(learner=learner, page_id="caching", text="Ünïcode ✓ notes\r\nwith **markdown**")
    note_save(learner=learner, page_id="idempotency", text="")
    Learner.objects.filter(pk=learner.pk).update(last_page_id="idempotency")
    learner.refresh_from_db()
    return learner


def problems_of(exc: pytest.ExceptionInfo[SysdojoError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_round_trip_of_everything_is_exact() -> None:
    a = learner_with_history()
    exported_a = learner_export(learner=a)
    for key in ("reviews", "quiz_attempts", "debriefs", "mock_interviews"):
        assert exported_a[key], key
    assert exported_a["review_settings"]["new_per_day"] == 12
    assert len(exported_a["mock_interviews"][1]["drafts"]) == 2
    b = new_learner()
    counts = learner_import(learner=b, raw=json.dumps(exported_a))
    assert counts == {
        "progress": 3,
        "notes": 2,
        "reviews": 4,
        "review_settings": 1,
        "quiz_attempts": 2,
        "debriefs": 1,
        "mock_interviews": 2,
    }
    b.refresh_from_db()
    assert {**learner_export(learner=b), "exported_at": ""} == {**exported_a, "exported_at": ""}
    # Card states are not in the file: the import replays the log into the same states.
    assert card_states(b) == card_states(a)
    assert learner_import(learner=b, raw=json.dumps(exported_a)) == NOTHING


def card_states(learner: Learner) -> list[tuple[Any, ...]]:
    fields = ("page_id", "card_key", "state", "stability", "difficulty", "due", "reps", "lapses")
    return list(
        CardState.objects.filter(learner=learner).order_by("page_id", "card_key").values_list(*fields)
    )


def test_a_newer_copy_of_an_interview_replaces_the_older_one_and_never_the_reverse() -> None:
    learner = new_learner()
    interview_add(learner, submitted=False)
    submitted = learner_with_history()
    learner_import(learner=learner, raw=json.dumps(learner_export(learner=submitted)))
    here = MockSession.objects.get(learner=learner, started_at=START)
    assert here.status == "submitted" and here.second_opinion
    stale = new_learner()
    interview_add(stale, submitted=False)
    assert (
        learner_import(learner=learner, raw=json.dumps(learner_export(learner=stale)))["mock_interviews"] == 0
    )
    assert MockSession.objects.get(learner=learner, started_at=START).status == "submitted"


def test_round_trip_is_exact() -> None:
    a = populated_learner()
    exported_a = learner_export(learner=a)
    b = new_learner()
    counts = learner_import(learner=b, raw=json.dumps(exported_a))
    assert counts == {**NOTHING, "progress": 3, "notes": 2}
    b.refresh_from_db()
    exported_b = learner_export(learner=b)
    assert {**exported_b, "exported_at": ""} == {**exported_a, "exported_at": ""}
    assert exported_b["last_page_id"] == "idempotency"
    assert exported_a["progress"][0]["updated_at"] == "2024-05-01T08:00:00.000001+00:00"


def test_import_is_idempotent() -> None:
    learner = new_learner()
    first = learner_import(learner=learner, raw=raw(export_file()))
    assert first == {**NOTHING, "progress": 2, "notes": 1}
    before = learner_export(learner=learner)
    second = learner_import(learner=learner, raw=raw(export_file()))
    assert second == NOTHING
    after = learner_export(learner=learner)
    assert after["progress"] == before["progress"] and after["notes"] == before["notes"]


def test_import_keeps_the_newer_record_per_page() -> None:
    learner = new_learner()
    progress_set(learner=learner, page_id="caching", status="learning", at=datetime(2030, 1, 1, tzinfo=UTC))
    progress_set(
        learner=learner, page_id="idempotency", status="mastered", at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    counts = learner_import(learner=learner, raw=raw(export_file()))
    assert counts == {**NOTHING, "progress": 1, "notes": 1}
    assert dict(Progress.objects.filter(learner=learner).values_list("page_id", "status")) == {
        "caching": "learning",  # ours is newer than the file's
        "idempotency": "learning",  # the file's is newer than ours
    }


def assert_refused(data: bytes | str, *expected: str) -> list[str]:
    learner = new_learner()
    with pytest.raises(SysdojoError) as exc:
        learner_import(learner=learner, raw=data, source="backup.json")
    found = problems_of(exc)
    text = "\n".join(found)
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"
    assert all(p.startswith("backup.json: ") for p in found)
    assert not Progress.objects.filter(learner=learner).exists()
    assert not Note.objects.filter(learner=learner).exists()
    return found


def test_bad_status_in_the_third_item_writes_none_of_the_first_two() -> None:
    progress = [
        {"page_id": "caching", "status": "mastered", "updated_at": T1},
        {"page_id": "idempotency", "status": "learning", "updated_at": T1},
        {"page_id": "track-first-time", "status": "done", "updated_at": T1},
    ]
    found = assert_refused(raw(export_file(progress=progress)), "progress[2].status", "'done' is not one of")
    assert found == ["backup.json: progress[2].status: 'done' is not one of not-started, learning, mastered"]
    assert not Progress.objects.exists()
    assert not Note.objects.exists()


def test_non_json_is_refused() -> None:
    assert_refused(b"{not json", "is not valid JSON")
    assert_refused(b"\xff\xfe\x00garbage", "is not valid JSON")


def test_wrong_format_is_refused() -> None:
    assert_refused(raw(export_file(format="anki")), "format: is not a sysdojo export")
    assert_refused(raw([1, 2, 3]), "format: is not a sysdojo export")


def test_wrong_version_is_refused() -> None:
    assert_refused(raw(export_file(version=3)), "version: export version 3 is not supported")
    assert_refused(raw(export_file(version="1")), "version: export version '1' is not supported")
    assert_refused(
        raw({k: v for k, v in export_file().items() if k != "version"}), "version: export version None"
    )


def test_version_true_is_not_version_1() -> None:
    """JSON `true` is not the number 1, though Python's True == 1."""
    assert_refused(raw(export_file(version=True)), "version: export version True is not supported")


def test_duplicate_page_ids_are_refused() -> None:
    progress = [
        {"page_id": "caching", "status": "mastered", "updated_at": T1},
        {"page_id": "caching", "status": "learning", "updated_at": T2},
    ]
    assert_refused(raw(export_file(progress=progress)), "progress[1].page_id: 'caching' appears twice")
    notes = [
        {"page_id": "caching", "text": "a", "updated_at": T1},
        {"page_id": "caching", "text": "b", "updated_at": T2},
    ]
    assert_refused(raw(export_file(notes=notes)), "notes[1].page_id: 'caching' appears twice")


def test_naive_datetime_is_refused() -> None:
    progress = [{"page_id": "caching", "status": "mastered", "updated_at": "2024-03-01T10:00:00"}]
    assert_refused(raw(export_file(progress=progress)), "progress[0].updated_at: needs a time zone offset")


def test_other_bad_fields_are_named() -> None:
    assert_refused(
        raw(export_file(progress=[{"page_id": "caching", "status": "mastered", "updated_at": "yesterday"}])),
        "progress[0].updated_at: 'yesterday' is not an ISO 8601 date-time",
    )
    assert_refused(
        raw(export_file(progress=[{"page_id": "../etc", "status": "mastered", "updated_at": T1}])),
        "progress[0].page_id: '../etc' is not a page id",
    )
    assert_refused(
        raw(export_file(notes=[{"page_id": "caching", "text": 5, "updated_at": T1}])),
        "notes[0].text: must be a text",
    )
    assert_refused(
        raw(export_file(notes=[{"page_id": "caching", "text": "x", "updated_at": T1, "extra": 1}])),
        "notes[0]: unknown key(s): extra",
    )
    assert_refused(
        raw(export_file(notes=[{"page_id": "caching", "updated_at": T1}])), "notes[0]: missing key(s): text"
    )
    assert_refused(raw(export_file(progres=[])), "(top level): unknown key(s): progres")
    assert_refused(raw(export_file(progress={"caching": "mastered"})), "progress: must be a list")
    assert_refused(
        raw(export_file(notes=[{"page_id": "caching", "text": "x" * 100_001, "updated_at": T1}])),
        "notes[0].text: a note holds at most 100,000 characters",
    )
    assert_refused(raw(export_file(last_page_id="Not An Id")), "last_page_id: must be a page id or empty")


def test_every_problem_is_listed_at_once() -> None:
    progress = [
        {"page_id": "caching", "status": "bogus", "updated_at": T1},
        {"page_id": "idempotency", "status": "learning", "updated_at": "2024-01-01"},
    ]
    found = assert_refused(
        raw(export_file(progress=progress)), "progress[0].status", "progress[1].updated_at"
    )
    assert len(found) == 2


# --- the /data/ page -------------------------------------------------------------------------------


def upload(client: Client, content: bytes, name: str = "backup.json") -> Any:
    return client.post("/data/", {"file": SimpleUploadedFile(name, content, content_type="application/json")})


def test_data_page_renders(client: Client) -> None:
    body = client.get("/data/").content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'href="/data/export.json"' in body


def test_data_page_upload_imports_and_redirects(client: Client) -> None:
    response = upload(client, raw(export_file()))
    assert response.status_code == 302 and response["Location"] == "/data/"
    assert "Imported 2 progress records and 1 note." in client.get("/data/").content.decode()
    assert "1/3 mastered, 1 learning" in client.get("/").content.decode()
    upload(client, raw(export_file()))
    assert "Nothing new to import" in client.get("/data/").content.decode()


def test_data_page_upload_of_a_bad_file_lists_the_problems(client: Client) -> None:
    progress = [
        {"page_id": "caching", "status": "mastered", "updated_at": T1},
        {"page_id": "idempotency", "status": "learning", "updated_at": T1},
        {"page_id": "track-first-time", "status": "finished", "updated_at": "2024-01-01T00:00:00"},
    ]
    response = upload(client, raw(export_file(progress=progress)), name="mine.json")
    assert response.status_code == 400
    body = response.content.decode()
    assert "The file was not imported" in body
    assert "<li>mine.json: progress[2].updated_at: needs a time zone offset (e.g. +00:00)</li>" in body
    assert not Progress.objects.exists()
    assert not Note.objects.exists()


def test_data_page_upload_of_non_json(client: Client) -> None:
    response = upload(client, b"hello", name="notes.txt")
    assert response.status_code == 400
    assert "notes.txt: is not valid JSON" in response.content.decode()


def test_data_page_upload_without_a_file(client: Client) -> None:
    response = client.post("/data/", {})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_export_download_is_an_attachment(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "learning"})
    client.post("/learn/caching/note", {"text": "a note"})
    response = client.get("/data/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="sysdojo-')
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(response.content)
    assert data["format"] == "sysdojo-export" and data["version"] == 2
    assert [(p["page_id"], p["status"]) for p in data["progress"]] == [("caching", "learning")]
    assert [(n["page_id"], n["text"]) for n in data["notes"]] == [("caching", "a note")]


def test_export_download_for_a_new_visitor_is_empty(client: Client) -> None:
    data = json.loads(client.get("/data/export.json").content)
    assert data["progress"] == [] and data["notes"] == []
    assert not Learner.objects.exists()


def test_downloaded_export_uploads_into_another_account_exactly(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "mastered"})
    client.post("/learn/idempotency/note", {"text": "keys from the client"})
    exported = json.loads(client.get("/data/export.json").content)
    other = Client()
    assert upload(other, json.dumps(exported).encode()).status_code == 302
    again = json.loads(other.get("/data/export.json").content)
    assert again["progress"] == exported["progress"]
    assert again["notes"] == exported["notes"]


# --- isolation between learners -----------------------------------------------------------------------


def two_accounts(user_factory: UserFactory) -> tuple[Client, Client]:
    user_factory("alice")
    user_factory("bob")
    alice, bob = Client(), Client()
    login(alice, "alice")
    login(bob, "bob")
    bob.post("/learn/idempotency/status", {"status": "mastered"})
    bob.post("/learn/idempotency/note", {"text": "bob's secret"})
    alice.post("/learn/caching/status", {"status": "learning"})
    alice.post("/learn/caching/note", {"text": "alice's note"})
    return alice, bob


def test_an_export_never_contains_another_learners_records(user_factory: UserFactory) -> None:
    alice, _ = two_accounts(user_factory)
    text = alice.get("/data/export.json").content.decode()
    assert "bob's secret" not in text
    data = json.loads(text)
    assert [p["page_id"] for p in data["progress"]] == ["caching"]
    assert [n["text"] for n in data["notes"]] == ["alice's note"]


def test_the_api_shows_only_the_callers_records(user_factory: UserFactory) -> None:
    alice, bob = two_accounts(user_factory)
    assert [p["page_id"] for p in alice.get("/api/progress").json()] == ["caching"]
    assert [p["page_id"] for p in bob.get("/api/progress").json()] == ["idempotency"]
    assert alice.get("/api/notes/idempotency").json()["text"] == ""
    assert bob.get("/api/notes/caching").json()["text"] == ""
    assert Client().get("/api/progress").json() == []


def test_no_url_changes_another_learners_records(user_factory: UserFactory) -> None:
    alice, _ = two_accounts(user_factory)
    token = alice.cookies["csrftoken"].value if "csrftoken" in alice.cookies else ""
    alice.put(
        "/api/progress/idempotency",
        {"status": "learning"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    alice.put("/api/notes/idempotency", {"text": "overwritten?"}, content_type="application/json")
    alice.post("/learn/idempotency/status", {"status": "not-started"})
    upload(
        alice, raw(export_file(progress=[{"page_id": "idempotency", "status": "learning", "updated_at": T2}]))
    )
    bob_learner = Learner.objects.get(user__username="bob")
    assert dict(Progress.objects.filter(learner=bob_learner).values_list("page_id", "status")) == {
        "idempotency": "mastered"
    }
    assert Note.objects.get(learner=bob_learner, page_id="idempotency").text == "bob's secret"
    alice_learner = Learner.objects.get(user__username="alice")
    assert Progress.objects.get(learner=alice_learner, page_id="idempotency").status == "not-started"


# --- any file at all --------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_to_a_good_file_is_parsed_or_refused_with_a_named_field(
    data: st.DataObject, full_export: dict[str, Any]
) -> None:
    """Replace any one value of a complete export by any JSON value: never a crash, only SysdojoError."""
    paths = [p for p in _paths(full_export) if p and p[0] not in ("format", "version")]
    path = data.draw(st.sampled_from(paths))
    changed = json.loads(json.dumps(full_export))
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(JSON_VALUES)
    try:
        export_parse(json.dumps(changed), source="f.json")
    except SysdojoError as exc:
        assert all(str(p).startswith("f.json: ") for p in exc.problems)


@pytest.fixture
def full_export() -> dict[str, Any]:
    return learner_export(learner=learner_with_history())
