"""The skills part of an export: quiz answers and debriefs checked before anything is written."""

from __future__ import annotations

import json

import pytest

from sysdojo.core.errors import SysdojoError
from sysdojo.web.study.models import Learner
from sysdojo.web.study.transfer import learner_export, learner_import

from ..factories import import_refused, learner_with_history

pytestmark = pytest.mark.django_db


def test_bad_answers_and_debriefs_are_named() -> None:
    data = learner_export(learner=learner_with_history())
    data["quiz_attempts"][0]["answer"] = True
    data["quiz_attempts"][1]["index"] = -1
    data["debriefs"][0]["data"]["overall"] = 250
    found = import_refused(data)
    assert "f.json: quiz_attempts[0].answer: an answer is a number or a list of choice numbers" in found
    assert "f.json: quiz_attempts[1].index: must be a whole number from 0 to 10,000" in found
    assert "f.json: debriefs[0].data: a debrief's 'overall' must be a number from 0 to 100" in found


def test_a_debrief_filed_under_another_case_is_refused() -> None:
    data = learner_export(learner=learner_with_history())
    data["debriefs"][0]["case_id"] = "pastebin"
    assert (
        "debriefs[0].data.case_id: the debrief is of case 'url-shortener', not 'pastebin'"
        in import_refused(data)
    )


def test_a_json_nan_never_reaches_the_database() -> None:
    data = learner_export(learner=learner_with_history())
    text = json.dumps(data).replace('"answer": 12.5', '"answer": NaN')
    learner = Learner.objects.create()
    with pytest.raises(SysdojoError) as exc:
        learner_import(learner=learner, raw=text, source="f.json")
    assert "quiz_attempts[1].answer: a numeric answer must be a finite number" in str(exc.value)
