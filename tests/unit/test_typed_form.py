"""A typed answer in the step's form: pre-filled inputs, the still-missing ones marked, goes combined."""

from __future__ import annotations

from fitapp.domain.forms import answer_from_form, form_from_answer
from fitapp.domain.interpret import interpret, remove_chip
from fitapp.domain.typed_form import STILL_NEEDED, began_as_typed, combine, interpretation_from, prefilled_form, still_needed
from fitapp.domain.validate_meal_times import suggested_meals

BASE0 = {"units": "metric", "time_zone": ""}


def test_typed_fields_fill_the_form_and_the_empty_missing_inputs_are_marked():
    read = interpret(0, "I agree, female, 168 cm, 62 kg")
    form = prefilled_form(0, BASE0, read)
    assert (form["consent"], form["sex"], form["height_cm"], form["weight_kg"]) == ("on", "female", "168", "62")
    marks = still_needed(0, form, read)
    assert marks == {"birth_date": STILL_NEEDED}  # the time zone is the browser's to fill


def test_imperial_height_alone_fills_feet_and_inches():
    read = interpret(0, "I'm 5'6\"")
    form = prefilled_form(0, BASE0, read)
    assert (form["height_ft"], form["height_in"]) == ("5", "6")
    assert "weight_lb" not in form


def test_the_prefilled_form_sends_the_typed_answer():
    text = "Mon, Wed and Fri at 6:30 pm for 40 minutes, remind me 30 minutes before, flexible rest days"
    read = interpret(5, text)
    answer = answer_from_form(5, prefilled_form(5, {}, read))
    assert {key: answer[key] for key in read.answer} == read.answer


def test_a_typed_meal_time_moves_the_suggested_window_and_keeps_the_other_meals():
    base = form_from_answer(8, {"meals": suggested_meals(3)})
    read = interpret(8, "lunch at noon", {7: {"meals_per_day": 3}})
    form = prefilled_form(8, base, read)
    lunch = next(n for n in (1, 2, 3) if form[f"meal_{n}_name"].lower() == "lunch")
    assert (form[f"meal_{lunch}_earliest"], form[f"meal_{lunch}_time"], form[f"meal_{lunch}_latest"]) == (
        "11:30", "12:00", "12:30")
    assert still_needed(8, form, read) == {}  # every meal input holds a suggestion or a typed value


def test_a_stated_off_checkbox_is_kept_but_an_unstated_part_never_blanks_a_suggestion():
    base = {"reminder_enabled": "on", "daily_water_target_ml": "2200"}
    read = interpret(10, "no reminders please")
    form = prefilled_form(10, base, read)
    if "reminder_enabled" in read.answer:
        assert form["reminder_enabled"] == ""
    assert form["daily_water_target_ml"] == "2200"


def test_a_second_go_adds_to_the_first_and_the_later_text_wins():
    first = interpret(0, "female, 168 cm, 62 kg")
    second = interpret(0, "actually 170 cm, born 3 March 1992")
    both = combine(first, second)
    assert both.answer["height_cm"] == 170 and both.answer["weight_kg"] == 62
    assert both.answer["birth_date"] == "1992-03-03" and both.answer["sex"] == "female"
    assert [chip.field for chip in both.understood].count("height_cm") == 1
    assert "birth_date" not in both.missing


def test_parq_answers_merge_by_question():
    first = interpret(3, "No to all the health questions")
    second = interpret(3, "I take blood pressure pills")
    both = combine(first, second)
    assert both.answer["parq"]["bp_medication"] is True
    assert both.answer["parq"]["heart_condition"] is False


def test_an_interpretation_kept_as_plain_data_comes_back_for_removing_a_chip():
    read = interpret(0, "I agree, female, 168 cm, 62 kg")
    kept = interpretation_from(0, read.answer, [{"field": c.field, "text": c.text} for c in read.understood])
    removed = remove_chip(kept, "height_cm")
    assert "height_cm" not in removed.answer and "height_cm" in removed.missing
    form = prefilled_form(0, BASE0, removed)
    assert "height_cm" not in form and still_needed(0, form, removed)["height_cm"] == STILL_NEEDED


def test_a_form_began_as_typed_only_with_chips_still_shown_from_a_text_read_at_that_step():
    chips = [{"field": "height_cm", "text": "Height 168 cm"}]
    assert began_as_typed(0, 0, chips)
    assert not began_as_typed(0, 0, [])  # every chip removed: a plain form answer
    assert not began_as_typed(3, 0, chips)  # read at another step
    assert not began_as_typed(None, 0, [])  # nothing typed at all
