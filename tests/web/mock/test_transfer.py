"""The mock part of an export: interviews and their drafts checked against their framework."""

from __future__ import annotations

from typing import Any

import pytest

from sysdojo.web.study.transfer import learner_export

from ..factories import import_refused, learner_with_history

pytestmark = pytest.mark.django_db


def full_export() -> dict[str, Any]:
    return learner_export(learner=learner_with_history())


def test_texts_must_fit_the_interviews_framework() -> None:
    data = full_export()
    data["mock_interviews"][0]["texts"] = ["only one phase"]
    data["mock_interviews"][1]["drafts"][0]["texts"].append("an extra phase")
    data["mock_interviews"][1]["framework_id"] = "delivery-framework"
    found = import_refused(data)
    assert "f.json: mock_interviews[0].texts: expected 6 phase texts, got 1" in found
    assert "f.json: mock_interviews[1].drafts[0].texts: expected 6 phase texts, got 7" in found


def test_bad_interview_fields_are_named() -> None:
    data = full_export()
    first, second = data["mock_interviews"]
    first["submitted_at"] = None
    second["drafts"][0]["tab_id"] = "a tab"
    second["drafts"].append(dict(second["drafts"][1]))
    found = import_refused(data)
    assert "mock_interviews[0].submitted_at: a submitted interview needs its submission time" in found
    assert "mock_interviews[1].drafts[0].tab_id: the tab id must be" in found
    assert "mock_interviews[1].drafts[2].tab_id: a draft of tab 'tab-b' appears twice" in found


def test_an_unknown_framework_and_a_nul_character_are_named() -> None:
    data = full_export()
    data["mock_interviews"][0]["framework_id"] = "freestyle"
    data["mock_interviews"][1]["drafts"][1]["texts"][2] = "nul \u0000 here"
    found = import_refused(data)
    assert "mock_interviews[0].framework_id: 'freestyle' is not one of delivery-framework," in found
    assert "mock_interviews[1].drafts[1].texts: item 2: cannot contain a NUL character" in found


def test_an_interview_listed_twice_is_a_broken_file() -> None:
    data = full_export()
    data["mock_interviews"].append(data["mock_interviews"][0])
    started = "2024-06-03T09:15:30.123456+00:00"
    found = import_refused(data)
    assert f"mock_interviews[2]: an interview on url-shortener started at {started} appears twice" in found
