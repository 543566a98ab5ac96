"""The per-step answer schemas in the OpenAPI match the domain: every field of every step with its
type, the ranges of domain/ranges.py, the choices of domain/choices.py; and the field rules accept
each schema bound and refuse just past it (so a schema-valid field is never refused as a field)."""

from __future__ import annotations

from typing import Any

import pytest

from fitapp.api import create_api
from fitapp.domain import StepRejected, validate_answer
from fitapp.domain import choices as ch
from fitapp.domain.ranges import LIMITS
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import TODAY, make_context

SPEC = create_api().openapi()
SCHEMAS = SPEC["components"]["schemas"]

# Written by hand from ONBOARDING_SPEC.md's "Answer fields": each step's keys and JSON types,
# required ones marked "!". (Step 7's derived keys are accepted back and ignored: no type.)
S, I, N, B, A, O = "string", "integer", "number", "boolean", "array", "object"
EXPECTED: dict[int, dict[str, str | None]] = {
    0: {"consent!": B, "units!": S, "sex!": S, "birth_date!": S, "height_cm!": N, "weight_kg!": N, "time_zone!": S},
    1: {"fitness_level!": S, "activity_level!": S},
    2: {"primary_goal!": S, "secondary_goal": S, "target_weight_kg": N, "target_body_fat_percentage": N,
        "target_muscle_gain_kg": N, "target_timeline_weeks": I, "user_explanation": S},
    3: {"parq!": O, "injuries": A, "limitations": A},
    4: {"workout_location!": S, "available_equipment!": A, "max_workout_duration_minutes!": I},
    5: {"workout_days!": A, "preferred_workout_time!": S, "preferred_workout_duration_minutes!": I,
        "workout_reminder_enabled!": B, "reminder_offset_minutes": I, "rest_day_preference!": S},
    6: {"diet_type!": S, "diet_type_other": S, "allergies": A, "intolerances": A, "dislikes": A,
        "religious_restrictions": A, "preferred_cuisines": A, "cooking_skill_level": S, "meal_prep_willingness": S,
        "max_meal_prep_time_minutes": I, "budget_per_day_usd": N, "additional_notes": S},
    7: {"meals_per_day!": I, "accept_proposal!": B, "daily_calories_target": I, "protein_grams_target": N,
        "carbs_grams_target": N, "fats_grams_target": N, "daily_calories_min": None, "daily_calories_max": None,
        "protein_percentage": None, "carbs_percentage": None, "fats_percentage": None, "plan_rationale": None},
    8: {"meals!": A},
    9: {"energy_level!": S, "stress_level!": S, "sleep_quality!": S, "sleep_hours_last_night": N},
    10: {"daily_water_target_ml!": I, "reminder_enabled!": B, "reminder_frequency_minutes": I,
         "reminder_start_time": S, "reminder_end_time": S, "reminder_tone": S, "auto_remind_with_meals": B},
    11: {"confirm!": B},
}
CHOICES = {
    "units": ch.UNITS, "sex": ch.SEXES, "fitness_level": ch.FITNESS_LEVELS, "activity_level": ch.ACTIVITY_LEVELS,
    "primary_goal": ch.PRIMARY_GOALS, "secondary_goal": ch.GOAL_CATEGORIES, "workout_location": ch.WORKOUT_LOCATIONS,
    "rest_day_preference": ch.REST_DAY_PREFERENCES, "diet_type": ch.DIET_TYPES, "cooking_skill_level": ch.COOKING_SKILLS,
    "meal_prep_willingness": ch.MEAL_PREP_WILLINGNESS, "energy_level": ch.ENERGY_LEVELS,
    "stress_level": ch.STRESS_LEVELS, "sleep_quality": ch.SLEEP_QUALITIES, "reminder_tone": ch.REMINDER_TONES,
}
MACROS = ("protein_grams_target", "carbs_grams_target", "fats_grams_target")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def non_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A property's schema without the ``null`` an optional field also takes."""
    branches = [branch for branch in schema.get("anyOf", [schema]) if branch.get("type") != "null"]
    assert len(branches) == 1, schema
    return resolve(branches[0])


def answer_schema(step: int) -> dict[str, Any]:
    return resolve(SCHEMAS[f"Step{step}Request"]["properties"]["answer"])


def test_the_step_body_is_a_union_of_one_request_per_step_selected_by_step():
    body = SPEC["paths"]["/api/v1/onboarding/step"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    branches = resolve(body)["oneOf"]
    assert [resolve(branch)["properties"]["step"]["const"] for branch in branches] == list(range(12))
    for branch in map(resolve, branches):
        assert branch["required"] == ["step", "answer"] and branch["additionalProperties"] is False


@pytest.mark.parametrize("step", sorted(EXPECTED))
def test_every_field_of_every_step_appears_with_its_type(step):
    schema = answer_schema(step)
    expected = {key.rstrip("!"): kind for key, kind in EXPECTED[step].items()}
    assert set(schema["properties"]) == set(expected)
    assert set(schema.get("required", [])) == {key.rstrip("!") for key in EXPECTED[step] if key.endswith("!")}
    assert schema["additionalProperties"] is False
    for key, kind in expected.items():
        prop = schema["properties"][key]
        if kind is None:
            assert "type" not in prop and "anyOf" not in prop, key
        else:
            assert non_null(prop)["type"] == kind, key


def _ranged_properties():
    for step in EXPECTED:
        for key, prop in answer_schema(step)["properties"].items():
            limit_key = "macro_grams" if key in MACROS else key
            if limit_key in LIMITS:
                yield step, key, limit_key, non_null(prop)
    meal = resolve(answer_schema(8)["properties"]["meals"]["items"])["properties"]
    yield 8, "notification_offset_minutes", "notification_offset_minutes", non_null(meal["notification_offset_minutes"])


def test_every_range_is_the_one_of_ranges_py():
    seen = set()
    for _step, key, limit_key, prop in _ranged_properties():
        limits = LIMITS[limit_key]
        seen.add(limit_key)
        assert prop["type"] == ("integer" if limits.whole else "number"), key
        # An open bound, with the value rounded to cents (tenths for grams) before it is checked again.
        half = 0.05 if limit_key == "macro_grams" else 0.005
        if limits.lo_open:
            assert prop["minimum"] == pytest.approx(limits.lo + half), key
        else:
            assert prop["minimum"] == limits.lo, key
        if limits.hi_open:
            assert prop["exclusiveMaximum"] == pytest.approx(limits.hi - half), key
        else:
            assert prop["maximum"] == limits.hi, key
    assert seen == set(LIMITS)


def test_every_choice_is_the_one_of_choices_py():
    for step in EXPECTED:
        for key, prop in answer_schema(step)["properties"].items():
            if key in CHOICES:
                assert non_null(prop)["enum"] == list(ch.values(CHOICES[key])), key
    assert answer_schema(5)["properties"]["workout_days"]["items"]["enum"] == list(ch.values(ch.WEEKDAYS))
    injury = resolve(non_null(answer_schema(3)["properties"]["injuries"])["items"])["properties"]
    assert injury["area"]["enum"] == list(ch.values(ch.INJURY_AREAS))
    assert injury["severity"]["enum"] == list(ch.values(ch.SEVERITIES))
    parq = resolve(answer_schema(3)["properties"]["parq"])
    assert parq["required"] == list(ch.values(ch.PARQ_QUESTIONS))


def test_lists_and_texts_carry_the_caps_of_the_rules():
    step3 = answer_schema(3)["properties"]
    assert non_null(step3["injuries"])["maxItems"] == 20 and non_null(step3["limitations"])["maxItems"] == 20
    assert non_null(step3["limitations"])["items"]["maxLength"] == 500
    injury = resolve(non_null(step3["injuries"])["items"])["properties"]
    assert non_null(injury["description"])["maxLength"] == 500
    assert answer_schema(5)["properties"]["workout_days"]["minItems"] == 1
    meals = answer_schema(8)["properties"]["meals"]
    assert (meals["minItems"], meals["maxItems"]) == (2, 8)
    assert non_null(answer_schema(2)["properties"]["user_explanation"])["maxLength"] == 1000
    assert non_null(answer_schema(6)["properties"]["additional_notes"])["maxLength"] == 2000
    assert non_null(answer_schema(6)["properties"]["allergies"])["items"]["maxLength"] == 100


# ---------------------------------------------------------------- the rules agree with the schema's bounds

def _base(step: int, key: str) -> tuple[dict[str, Any], Any]:
    """A valid answer of ``step`` and its context, with the cross-field rules about ``key`` out of the way."""
    answers = valid_answers(TODAY)
    answer = dict(answers[step])
    if step == 2:  # no direction or pace rule: no weight target, no timeline, no muscle target
        answer.update(primary_goal="general_fitness", secondary_goal=None, target_weight_kg=None,
                      target_muscle_gain_kg=None, target_timeline_weeks=None)
    if step == 5:  # the longest workout of step 4 at its maximum
        answers[4] = {**answers[4], "max_workout_duration_minutes": 180}
    context = make_context({n: a for n, a in answers.items() if n != step})
    return answer, context


def _refused_fields(step: int, answer: dict[str, Any], context: Any) -> list[str]:
    try:
        validate_answer(step, answer, context)
    except StepRejected as refused:
        return list(refused.fields)
    return []


# Step 7's targets are checked together (protein·4 + carbs·4 + fat·9 near the calories): not one by one.
PROBED = [(step, key, prop) for step, key, _limit, prop in _ranged_properties() if step not in (7, 8)]


@pytest.mark.parametrize("step,key,prop", PROBED, ids=[f"{step}-{key}" for step, key, _ in PROBED])
def test_the_rules_take_each_schema_bound_and_refuse_just_past_it(step, key, prop):
    answer, context = _base(step, key)
    step_size = 1 if prop["type"] == "integer" else 0.001
    inside = [prop["minimum"], prop.get("maximum", prop.get("exclusiveMaximum", 0) - step_size)]
    outside = [prop["minimum"] - step_size, prop.get("maximum", prop.get("exclusiveMaximum")) + (
        step_size if "maximum" in prop else 0)]
    for value in inside:
        assert key not in _refused_fields(step, {**answer, key: value}, context), value
    for value in outside:
        assert key in _refused_fields(step, {**answer, key: value}, context), value


TEXTS = [(2, "user_explanation"), (6, "additional_notes")]


@pytest.mark.parametrize("step,key", TEXTS)
def test_the_rules_take_a_text_of_the_schema_length_and_refuse_one_more(step, key):
    answer, context = _base(step, key)
    cap = non_null(answer_schema(step)["properties"][key])["maxLength"]
    assert key not in _refused_fields(step, {**answer, key: "a" * cap}, context)
    assert key in _refused_fields(step, {**answer, key: "a" * (cap + 1)}, context)


@pytest.mark.parametrize("step,key", [(step, key) for step in EXPECTED for key in answer_schema(step)["properties"]
                                      if key in CHOICES and (step, key) != (1, "fitness_level")])
def test_the_rules_take_every_schema_choice_and_refuse_another(step, key):
    answer, context = _base(step, key)
    for value in non_null(answer_schema(step)["properties"][key])["enum"]:
        if key == "secondary_goal" and value == answer["primary_goal"]:
            continue  # secondary ≠ primary: the rule across the two (listed in the step's description)
        if key == "diet_type" and value == "other":
            value_answer = {**answer, key: value, "diet_type_other": "raw food"}
        else:
            value_answer = {**answer, key: value, **({"diet_type_other": None} if key == "diet_type" else {})}
        assert key not in _refused_fields(step, value_answer, context), value
    assert key in _refused_fields(step, {**answer, key: "not-a-choice"}, context)


def test_a_schema_level_failure_gets_the_rules_refusal_body(client, member):
    """An answer the schema refuses (a height past its maximum, an unknown key) is refused by the rules,
    with their messages and the fields they are about: the 422 body of every refused answer."""
    body = {"step": 0, "answer": {**valid_answers(TODAY)[0], "height_cm": 251, "nickname": "x"}}
    response = client.post("/api/v1/onboarding/step", json=body, headers=member.headers)
    assert response.status_code == 422
    refused = response.json()
    assert refused["accepted"] is False
    assert refused["fields"] == ["height_cm"] == refused["detail"]["fields"]
    assert refused["messages"] == refused["detail"]["messages"]
    assert "Height must be between 100 and 250 cm." in refused["messages"]
    assert any("I don't recognise 'nickname'" in message for message in refused["messages"])
