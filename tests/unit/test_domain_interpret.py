"""The coach reads typed answers: the corpus of answers as people type them, and the rules around it."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from fitapp.domain import StepContext, StepRejected, validate_answer
from fitapp.domain.interpret import MAX_TEXT_CHARS, interpret, remove_chip
from tests.unit.answers_fixture import valid_answers
from tests.unit.interpret_cases import CASES, IMPERIAL, METRIC, NO_INFORMATION, THREE_MEALS, Case, seed_reference
from tests.unit.reference_fixture import TODAY

FULLY_RIGHT_TARGET = 0.90


def _read(case: Case):
    return interpret(case.step, case.text, case.earlier, reference=seed_reference())


def test_the_corpus_covers_every_question_step_with_at_least_150_answers():
    assert len(CASES) >= 150
    assert {case.step for case in CASES} == set(range(11))
    assert {case.step for case in NO_INFORMATION} == set(range(11))


def test_at_least_90_percent_of_the_corpus_is_read_fully_right():
    right = sum(_read(case).answer == case.expected for case in CASES)
    assert right / len(CASES) >= FULLY_RIGHT_TARGET, f"{right} of {len(CASES)} fully right"


@pytest.mark.parametrize("case", CASES, ids=[f"step{c.step}-{c.text[:40]}" for c in CASES])
def test_a_typed_answer_gives_exactly_the_fields_it_states(case):
    assert _read(case).answer == case.expected


@pytest.mark.parametrize("case", NO_INFORMATION, ids=[f"step{c.step}-{c.text}" for c in NO_INFORMATION])
def test_a_text_that_states_nothing_gives_no_field_and_every_key_is_missing(case):
    result = _read(case)
    assert result.answer == {} and result.understood == []
    assert result.missing  # the coach still asks for everything the step needs


def _overlay(step: int, base: dict, partial: dict) -> dict:
    answer = copy.deepcopy(base)
    for key, value in partial.items():
        answer[key] = {**answer[key], **value} if isinstance(value, dict) else value
    return answer


@pytest.mark.parametrize("case", [c for c in CASES if c.step not in (7, 8)],
                         ids=[f"step{c.step}-{c.text[:40]}" for c in CASES if c.step not in (7, 8)])
def test_every_value_read_is_one_the_steps_rules_accept(case):
    """Keys, slugs, units and formats match the answer fields: laid over a valid answer, it still validates."""
    answers = valid_answers(TODAY)
    answers[0] = {**answers[0], **case.earlier.get(0, {})}
    partial = _read(case).answer
    if case.step == 3:
        partial = {**partial, "injuries": [i for i in partial.get("injuries", []) if "severity" in i]}
    if case.step == 2:
        answers[2] = {"primary_goal": "general_fitness"}  # the fixture's own targets are not being tested
    if case.step == 2 and "target_weight_kg" in partial:
        # the direction and pace rules are about the person, not the reading: give a weight they allow
        goal = partial.get("primary_goal", "general_fitness")
        answers[0]["weight_kg"] = partial["target_weight_kg"] + (-1 if goal == "muscle_gain" else 1)
    if case.step == 5:
        answers[4] = {**answers[4], "max_workout_duration_minutes": 180}
    answer = _overlay(case.step, answers[case.step], partial)
    context = StepContext(answers=answers, reference=seed_reference(), today=TODAY)
    try:
        validate_answer(case.step, answer, context)
    except StepRejected as rejected:
        pytest.fail(f"{partial} was refused: {rejected.messages}")


def test_complete_meal_times_validate_against_the_meals_per_day():
    partial = interpret(8, "breakfast at 7:30, lunch at 12:30 and dinner at 7:30, give or take 30 minutes",
                        THREE_MEALS).answer
    answers = valid_answers(TODAY)
    context = StepContext(answers=answers, reference=seed_reference(), today=TODAY)
    stored = validate_answer(8, partial, context).answer
    assert [m["scheduled_time"] for m in stored["meals"]] == ["07:30", "12:30", "19:30"]
    assert [m["earliest_time"] for m in stored["meals"]] == ["07:00", "12:00", "19:00"]


def test_a_bare_weight_is_read_in_the_units_chosen_at_step_0_and_not_at_all_without_them():
    assert interpret(0, "weigh 190", IMPERIAL).answer == {"weight_kg": 86.18}
    assert interpret(0, "weigh 90", METRIC).answer == {"weight_kg": 90.0}
    assert interpret(0, "weigh 190").answer == {}


def test_a_weight_change_is_read_against_the_current_weight_and_not_guessed_without_it():
    assert interpret(2, "lose 10 kg", METRIC).answer == {"primary_goal": "fat_loss", "target_weight_kg": 70.0}
    assert interpret(2, "lose 10 kg").answer == {"primary_goal": "fat_loss"}


def test_meal_times_missing_from_the_planned_count_are_named():
    result = interpret(8, "lunch at noon", THREE_MEALS)
    assert result.answer == {"meals": [{"meal_number": 1, "meal_name": "Lunch", "scheduled_time": "12:00"}]}
    assert "meals" in result.missing and "meals.1.earliest_time" in result.missing


def test_each_field_set_has_a_chip_and_the_missing_keys_are_the_required_ones_left():
    result = interpret(5, "Mon, Wed and Fri at 6:30 pm for 40 minutes")
    assert [chip.field for chip in result.understood] == [
        "workout_days", "preferred_workout_time", "preferred_workout_duration_minutes"]
    assert [chip.text for chip in result.understood] == ["Days: Mon, Wed, Fri", "At 18:30", "40 minutes"]
    assert result.missing == ["workout_reminder_enabled", "rest_day_preference"]


def test_removing_a_chip_takes_its_field_out_and_renumbers_the_rest_of_its_list():
    result = interpret(6, "allergic to peanuts, shellfish and eggs", reference=seed_reference())
    assert result.answer["allergies"] == ["peanuts", "shellfish", "eggs"]
    fewer = remove_chip(result, "allergies.2")
    assert fewer.answer["allergies"] == ["peanuts", "eggs"]
    assert [chip.field for chip in fewer.understood] == ["allergies.1", "allergies.2"]
    parq = interpret(3, "I take blood pressure pills")
    assert remove_chip(parq, "parq.bp_medication").answer == {}
    assert remove_chip(parq, "parq.bp_medication").missing == ["parq"]


@pytest.mark.parametrize("step", [-1, 11, True, "3"])
def test_only_question_steps_0_to_10_are_interpreted(step):
    with pytest.raises(ValueError):
        interpret(step, "hello")


def test_a_text_over_1000_characters_is_refused():
    interpret(9, "tired " * (MAX_TEXT_CHARS // 6))
    with pytest.raises(ValueError):
        interpret(9, "x" * (MAX_TEXT_CHARS + 1))


def test_importing_the_interpreter_loads_none_of_the_heavy_libraries():
    """The app imports the domain at start; pint, dateparser and rapidfuzz load on the first answer."""
    code = ("import sys, fitapp.domain.interpret; "
            "print(sorted(m for m in ('pint', 'dateparser', 'rapidfuzz', 'text_to_num') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_the_partial_answer_prefills_the_steps_form_and_the_missing_keys_name_its_inputs():
    """How the conversation UI uses it: form_from_answer for the defaults, form_fields for what to highlight."""
    from fitapp.domain.forms import form_fields, form_from_answer

    result = interpret(3, "bad left knee; I take blood pressure pills")
    form = form_from_answer(3, result.answer)
    assert form["parq_bp_medication"] == "yes" and form["injury_1_area"] == "knee"
    assert form_fields(3, form, result.missing) == [
        "parq_heart_condition", "parq_chest_pain_activity", "parq_chest_pain_rest", "parq_dizziness",
        "parq_bone_joint", "parq_other_reason", "injury_1_severity"]
    imperial = interpret(0, "I'm a woman, 5'6\"")
    assert "weight_lb" in form_fields(0, form_from_answer(0, imperial.answer), imperial.missing)
    for case in CASES:
        form_from_answer(case.step, _read(case).answer)  # every partial answer makes a form


def test_each_steps_example_for_an_empty_answer_is_one_the_coach_reads():
    from fitapp.domain.interpret import TYPED_EXAMPLES

    earlier = {**METRIC, 7: {"meals_per_day": 3}}
    for step, example in enumerate(TYPED_EXAMPLES):
        result = interpret(step, example, earlier, reference=seed_reference())
        assert len(result.answer) >= 2 or step == 8 and len(result.answer["meals"]) == 3, (step, result.answer)
