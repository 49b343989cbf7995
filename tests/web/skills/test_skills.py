"""The skills app: recording quiz attempts through the API, recorded debriefs, the merge on login, and
the skill map page."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sysdojo.web.review.selectors import review_cards_of
from sysdojo.web.review.services import review_rate
from sysdojo.web.skills.models import QuizAttempt, SkillDebrief
from sysdojo.web.skills.selectors import debriefs_evidence, skill_map_of
from sysdojo.web.skills.services import quiz_attempt_record, skill_debrief_record
from sysdojo.web.study.models import Learner
from sysdojo.web.study.services import SESSION_KEY, note_save, progress_set
from tests.web.conftest import UserFactory, login
from tests.web.factories import debrief_dict, interview_add

pytestmark = pytest.mark.django_db

JSON = "application/json"


def answer(client: Client, page_id: str, index: int, value: Any, **extra: Any) -> Any:
    return client.post(
        f"/api/skills/quiz/{page_id}/{index}", json.dumps({"answer": value}), content_type=JSON, **extra
    )


def session_learner(client: Client) -> Learner:
    return Learner.objects.get(pk=client.session[SESSION_KEY])


# --- recording attempts ------------------------------------------------------------------------------


def test_an_anonymous_answer_is_checked_and_recorded(client: Client) -> None:
    right = answer(client, "caching", 0, [2])
    assert right.status_code == 200
    assert right.json() == {
        "correct": True,
        "explanation": "It acknowledges before the database has the data.",
        "expected": "Write-behind",
    }
    assert answer(client, "caching", 2, 500).json()["correct"] is False
    learner = session_learner(client)
    assert learner.user is None
    attempts = list(QuizAttempt.objects.filter(learner=learner).order_by("pk"))
    assert [(a.page_id, a.index, a.answer, a.correct) for a in attempts] == [
        ("caching", 0, [2], True),
        ("caching", 2, 500.0, False),
    ]


def test_a_logged_in_answer_is_recorded_on_the_account(client: Client, user_factory: UserFactory) -> None:
    user = user_factory()
    login(client, "ada")
    assert answer(client, "idempotency", 0, [1]).json()["correct"] is True
    attempt = QuizAttempt.objects.get()
    assert attempt.learner.user == user and attempt.correct


@pytest.mark.parametrize(
    ("page_id", "index", "value"),
    [
        ("caching", 0, [2]),
        ("caching", 0, [0, 2]),
        ("caching", 1, [1, 0]),
        ("caching", 1, []),
        ("caching", 2, 347),
        ("caching", 2, 365),
        ("idempotency", 0, [0]),
    ],
)
def test_the_new_endpoint_answers_exactly_like_api_quiz(
    client: Client, page_id: str, index: int, value: Any
) -> None:
    new = answer(client, page_id, index, value)
    old = client.post(f"/api/quiz/{page_id}/{index}", json.dumps({"answer": value}), content_type=JSON)
    assert (new.status_code, new.json()) == (old.status_code, old.json())


@pytest.mark.parametrize(
    ("page_id", "index", "value", "status"),
    [
        ("no-such-page", 0, [0], 404),
        ("redis", 0, [0], 404),  # coming, not written
        ("caching", 3, [0], 404),
        ("caching", -1, [0], 404),
        ("track-first-time", 0, [0], 404),  # no quiz
        ("caching", 2, [1], 400),
        ("caching", 0, 2, 400),
        ("caching", 0, [3], 400),
        ("caching", 0, [-1], 400),
        ("caching", 0, "Write-behind", 422),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    client: Client, page_id: str, index: int, value: Any, status: int
) -> None:
    response = answer(client, page_id, index, value)
    assert response.status_code == status
    assert response.json()["detail"]
    assert not QuizAttempt.objects.exists() and not Learner.objects.exists()


def test_recording_needs_the_csrf_token(csrf_client: Client) -> None:
    csrf_client.get("/csrf")
    assert answer(csrf_client, "caching", 0, [2]).status_code == 403
    assert not QuizAttempt.objects.exists()
    token = csrf_client.cookies["csrftoken"].value
    assert answer(csrf_client, "caching", 0, [2], HTTP_X_CSRFTOKEN=token).status_code == 200
    assert QuizAttempt.objects.count() == 1


def test_the_service_refuses_bad_input() -> None:
    learner = Learner.objects.create()
    for kwargs, message in (
        ({"page_id": ""}, "page id"),
        ({"index": -1}, "question index"),
        ({"answer": float("nan")}, "finite"),
        ({"answer": [True]}, "list of choice numbers"),
        ({"answer": "2"}, "list of choice numbers"),
    ):
        good: dict[str, Any] = {"page_id": "caching", "index": 0, "answer": [2], "correct": True}
        with pytest.raises(ValueError, match=message):
            quiz_attempt_record(learner=learner, **{**good, **kwargs})
    assert not QuizAttempt.objects.exists()


# --- debriefs ------------------------------------------------------------------------------------------


def test_a_debrief_is_recorded_and_bad_ones_are_refused_whole() -> None:
    learner = Learner.objects.create()
    skill_debrief_record(learner=learner, case_id="url-shortener", debrief_dict=debrief_dict())
    assert SkillDebrief.objects.get().data["skills"][0]["skill"] == "caching"
    with pytest.raises(ValueError, match="not 'other'"):
        skill_debrief_record(learner=learner, case_id="other", debrief_dict=debrief_dict())
    with pytest.raises(ValueError, match="from 1 to 4"):
        skill_debrief_record(learner=learner, case_id="url-shortener", debrief_dict=debrief_dict(caching=7))
    bad = {**debrief_dict(), "parts": {"points": float("nan")}}
    with pytest.raises(ValueError, match="plain JSON"):
        skill_debrief_record(learner=learner, case_id="url-shortener", debrief_dict=bad)
    assert SkillDebrief.objects.count() == 1


def test_debrief_dicts_from_elsewhere_become_evidence() -> None:
    at = timezone.now()
    items = debriefs_evidence(
        debriefs=[
            {**debrief_dict(caching=3), "at": at.isoformat()},
            {"not": "a debrief", "at": at},
            debrief_dict(),
        ]
    )
    assert [(e.skill, e.score, e.source) for e in items] == [("caching", 3.0, "debrief")]
    skill_map = skill_map_of(learner=None, extra_debriefs=[{**debrief_dict(caching=2), "at": at}])
    assert [(row.id, row.score) for row in skill_map.weakest] == [("caching", 2.0)]


# --- merge on login ----------------------------------------------------------------------------------


def test_login_moves_attempts_and_debriefs_into_the_account(
    client: Client, user_factory: UserFactory
) -> None:
    user = user_factory()
    login(client, "ada")
    answer(client, "caching", 0, [2])
    client.post("/accounts/logout/")
    answer(client, "caching", 0, [0])
    anonymous = session_learner(client)
    skill_debrief_record(learner=anonymous, case_id="url-shortener", debrief_dict=debrief_dict())
    login(client, "ada")
    account = Learner.objects.get(user=user)
    assert not Learner.objects.filter(pk=anonymous.pk).exists()
    assert sorted(QuizAttempt.objects.filter(learner=account).values_list("correct", flat=True)) == [
        False,
        True,
    ]
    assert SkillDebrief.objects.get().learner == account
    assert "URL shortener" in client.get("/skills/").content.decode()


# --- the skill map page ---------------------------------------------------------------------------------


def test_a_new_visitor_sees_an_empty_map_and_no_learner_is_made(client: Client) -> None:
    body = client.get("/skills/").content.decode()
    assert "Caching strategy" in body and "unknown" in body
    assert "Nothing known yet" in body and "No debrief yet" in body
    assert "<strong>0</strong> days study streak" in body
    assert "<strong>0</strong> reviews due today" in body
    assert not Learner.objects.exists()
    assert client.post("/skills/").status_code == 405


def test_the_map_shows_the_weakest_skill_with_the_debriefs_lesson_and_the_streak(client: Client) -> None:
    answer(client, "caching", 0, [2])  # right, today
    learner = session_learner(client)
    now = timezone.now()
    quiz_attempt_record(
        learner=learner, page_id="idempotency", index=0, answer=[0], correct=False, at=now - timedelta(days=1)
    )
    note_save(learner=learner, page_id="caching", text="TTLs", at=now - timedelta(days=2))
    progress_set(learner=learner, page_id="idempotency", status="learning", at=now - timedelta(days=4))
    skill_debrief_record(learner=learner, case_id="url-shortener", debrief_dict=debrief_dict(), at=now)
    body = client.get("/skills/").content.decode()
    weakest = body.split('id="skills-weakest"')[1].split("</section>")[0]
    assert "Caching strategy" in weakest
    assert "needs work" in weakest  # a 1 from the debrief outweighs one right quiz answer
    assert 'href="/learn/caching/#common-mistakes"' in weakest  # the lesson the debrief named
    assert "<strong>3</strong> days study streak" in body  # today, yesterday, two days ago; not day 4
    assert "URL shortener" in body and "58/100" in body
    attempts = body.split('id="skills-attempts"')[1].split("</section>")[0]
    assert "Idempotency</a>, question 1" in attempts and "Caching strategy</a>, question 1" in attempts
    (row,) = [r for r in skill_map_of(learner=learner).skills if r.id == "caching"]
    assert row.evidence == 3  # the debrief, the caching answer, the idempotency answer (related to caching)


def test_without_a_debrief_the_skill_page_is_the_lesson(client: Client) -> None:
    answer(client, "caching", 1, [0])  # wrong
    weakest = client.get("/skills/").content.decode().split('id="skills-weakest"')[1].split("</section>")[0]
    assert 'href="/learn/caching/"' in weakest and "needs work" in weakest


def test_a_day_of_flashcard_reviews_or_a_mock_interview_keeps_the_streak(client: Client) -> None:
    client.post("/learn/caching/status", {"status": "learning"})  # today
    learner = session_learner(client)
    now = timezone.now()
    (card, *_) = review_cards_of(learner=learner)
    review_rate(
        learner=learner, page_id=card.page_id, card_key=card.key, rating=3, at=now - timedelta(days=1)
    )
    interview_add(learner, started_at=now - timedelta(days=2))
    assert "<strong>3</strong> days study streak" in client.get("/skills/").content.decode()
