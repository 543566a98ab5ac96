"""Step 3: the seven PAR-Q booleans, injuries and limitations."""

from __future__ import annotations

import pytest

from fitapp.domain import choices, parq_limitations
from tests.unit.step_helpers import accept, reject

PARQ_KEYS = [key for key, _ in choices.PARQ_QUESTIONS]


def parq(**yes):
    return {key: bool(yes.get(key, False)) for key in PARQ_KEYS}


def test_parq_has_exactly_the_seven_keys_with_full_question_text():
    assert PARQ_KEYS == [
        "heart_condition",
        "chest_pain_activity",
        "chest_pain_rest",
        "dizziness",
        "bone_joint",
        "bp_medication",
        "other_reason",
    ]
    assert all(text.endswith("?") and len(text) > 40 for _, text in choices.PARQ_QUESTIONS)


def test_step3_accepts_all_no_without_injuries_and_fills_empty_lists():
    result = accept(3, {"parq": parq()})
    assert result.answer == {"parq": parq(), "injuries": [], "limitations": []}
    assert result.notes == []


@pytest.mark.parametrize("key", PARQ_KEYS)
def test_step3_any_parq_yes_advises_a_doctors_clearance(key):
    result = accept(3, {"parq": parq(**{key: True})})
    assert len(result.notes) == 1 and "doctor" in result.notes[0] and "clearance" in result.notes[0]


def test_parq_yes_answers_become_limitation_texts_with_the_question():
    texts = parq_limitations({"parq": parq(dizziness=True, bone_joint=True)})
    assert len(texts) == 2 and "dizziness" in texts[0] and "clearance" in texts[1]


@pytest.mark.parametrize("key", PARQ_KEYS)
def test_step3_rejects_a_missing_parq_question_quoting_it(key):
    answer = parq()
    answer.pop(key)
    assert "Please answer the health question" in reject(3, {"parq": answer})


def test_step3_rejects_parq_answers_that_are_not_booleans():
    assert "must be yes or no" in reject(3, {"parq": {**parq(), "dizziness": "no"}})


def test_step3_rejects_an_extra_parq_key():
    assert "'smoker'" in reject(3, {"parq": {**parq(), "smoker": False}})


@pytest.mark.parametrize(
    "value,needle",
    [(None, "Health questions: please answer this"), ([], "must be an object"), ("no", "must be an object")],
)
def test_step3_requires_parq_as_an_object(value, needle):
    assert needle in reject(3, {"parq": value})


@pytest.mark.parametrize("area", [key for key, _ in choices.INJURY_AREAS])
@pytest.mark.parametrize("severity", ["mild", "moderate", "severe"])
def test_step3_accepts_every_injury_area_and_severity(area, severity):
    injury = {"area": area, "severity": severity, "description": "Sprained last year"}
    assert accept(3, {"parq": parq(), "injuries": [injury]}).answer["injuries"] == [injury]


@pytest.mark.parametrize(
    "injury,needle",
    [
        ({"area": "toe", "severity": "mild", "description": ""}, "Injury 1: Area must be one of"),
        ({"area": "knee", "severity": "bad", "description": ""}, "Injury 1: Severity must be one of"),
        ({"severity": "mild"}, "Injury 1: Area: please answer this"),
        ({"area": "knee", "severity": "mild", "description": "x" * 501}, "at most 500 characters"),
        ({"area": "knee", "severity": "mild", "side": "left"}, "'side'"),
        ("knee", "must be an object"),
    ],
)
def test_step3_rejects_injuries_outside_the_lists_or_too_long(injury, needle):
    assert needle in reject(3, {"parq": parq(), "injuries": [injury]})


def test_step3_accepts_a_500_character_description_and_stores_blank_as_none():
    long = {"area": "back", "severity": "moderate", "description": "y" * 500}
    blank = {"area": "hip", "severity": "mild", "description": "  "}
    result = accept(3, {"parq": parq(), "injuries": [long, blank]})
    assert result.answer["injuries"][1]["description"] is None


def test_step3_accepts_limitations_trimmed():
    result = accept(3, {"parq": parq(), "limitations": ["  No jumping  ", "Asthma"]})
    assert result.answer["limitations"] == ["No jumping", "Asthma"]


@pytest.mark.parametrize("item,needle", [("", "non-empty"), ("   ", "non-empty"), (3, "non-empty"), ("z" * 501, "500")])
def test_step3_rejects_empty_or_long_limitations(item, needle):
    assert needle in reject(3, {"parq": parq(), "limitations": [item]})


def test_step3_rejects_injuries_that_are_not_a_list():
    assert "Injuries must be a list" in reject(3, {"parq": parq(), "injuries": "knee"})
