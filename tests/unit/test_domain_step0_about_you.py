"""Step 0: consent, units, sex, birth date (age 16–100), height, weight, time zone."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.step_helpers import DROP, accept, answer_with, reject


def test_step0_accepts_the_valid_answer_unchanged():
    assert accept(0, answer_with(0)).answer == answer_with(0)


def test_step0_rejects_missing_consent_and_false_consent():
    assert "Consent: please answer this" in reject(0, answer_with(0, consent=DROP))
    assert "consent" in reject(0, answer_with(0, consent=False))


def test_step0_rejects_consent_that_is_not_a_boolean():
    assert "yes or no" in reject(0, answer_with(0, consent="yes"))


@pytest.mark.parametrize("key", ["units", "sex", "birth_date", "height_cm", "weight_kg", "time_zone"])
def test_step0_rejects_each_missing_required_key(key):
    assert ": please answer this" in reject(0, answer_with(0, **{key: DROP}))


def test_step0_rejects_unknown_keys_naming_them():
    message = reject(0, answer_with(0, nickname="Sam"))
    assert "'nickname'" in message


def test_step0_rejects_an_answer_that_is_not_an_object():
    assert "must be an object" in reject(0, ["consent"])


@pytest.mark.parametrize("units", ["metric", "imperial"])
def test_step0_accepts_both_unit_systems(units):
    assert accept(0, answer_with(0, units=units)).answer["units"] == units


@pytest.mark.parametrize("sex", ["female", "male", "unspecified"])
def test_step0_accepts_each_sex_including_unspecified(sex):
    assert accept(0, answer_with(0, sex=sex)).answer["sex"] == sex


@pytest.mark.parametrize("field,value", [("units", "stones"), ("sex", "other")])
def test_step0_rejects_values_outside_the_lists(field, value):
    assert "must be one of" in reject(0, answer_with(0, **{field: value}))


@pytest.mark.parametrize(
    "birth_date,today",
    [
        ("2009-06-01", date(2025, 6, 1)),  # 16th birthday today
        ("1925-06-01", date(2025, 6, 1)),  # 100th birthday today
        ("1925-05-31", date(2025, 6, 1)),  # 100 since yesterday, still 100
    ],
)
def test_step0_accepts_ages_16_to_100(birth_date, today):
    earlier: dict = {}
    assert accept(0, answer_with(0, birth_date=birth_date), earlier, today).answer["birth_date"] == birth_date


@pytest.mark.parametrize(
    "birth_date,today,age",
    [
        ("2009-06-02", date(2025, 6, 1), 15),  # the day before the 16th birthday
        ("1924-06-01", date(2025, 6, 1), 101),
    ],
)
def test_step0_rejects_ages_outside_16_to_100_saying_the_age(birth_date, today, age):
    message = reject(0, answer_with(0, birth_date=birth_date), {}, today)
    assert "between 16 and 100" in message and f"you are {age}" in message


def test_step0_rejects_a_birth_date_in_the_future():
    assert "future" in reject(0, answer_with(0, birth_date="2030-01-01"))


@pytest.mark.parametrize("value", ["14/05/1990", "1990-02-30", "19900514", 19900514])
def test_step0_rejects_birth_dates_not_written_yyyy_mm_dd(value):
    assert "YYYY-MM-DD" in reject(0, answer_with(0, birth_date=value))


def test_step0_stores_a_date_object_as_an_iso_string():
    assert accept(0, answer_with(0, birth_date=date(1990, 5, 14))).answer["birth_date"] == "1990-05-14"


@pytest.mark.parametrize("height", [100, 100.0, 175.5, 250])
def test_step0_accepts_heights_100_to_250_cm(height):
    assert accept(0, answer_with(0, height_cm=height)).answer["height_cm"] == float(height)


@pytest.mark.parametrize("height", [99.9, 250.1, 0, -170])
def test_step0_rejects_heights_outside_100_to_250_cm(height):
    assert "Height must be between 100 and 250 cm." in reject(0, answer_with(0, height_cm=height))


@pytest.mark.parametrize("weight", [30, 72.35, 300])
def test_step0_accepts_weights_30_to_300_kg(weight):
    assert accept(0, answer_with(0, weight_kg=weight)).answer["weight_kg"] == weight


@pytest.mark.parametrize("weight", [29.9, 300.5])
def test_step0_rejects_weights_outside_30_to_300_kg(weight):
    assert "Weight must be between 30 and 300 kg." in reject(0, answer_with(0, weight_kg=weight))


@pytest.mark.parametrize("value", ["70", True, None, float("nan")])
def test_step0_rejects_a_weight_that_is_not_a_number(value):
    message = reject(0, answer_with(0, weight_kg=value))
    assert "Weight" in message


def test_step0_rounds_height_and_weight_to_two_decimals():
    answer = accept(0, answer_with(0, height_cm=170.126, weight_kg=70.305)).answer
    assert (answer["height_cm"], answer["weight_kg"]) == (170.13, 70.31)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"])
def test_step0_accepts_iana_time_zones(zone):
    assert accept(0, answer_with(0, time_zone=zone)).answer["time_zone"] == zone


@pytest.mark.parametrize("zone", ["Mars/Olympus", "CEST+2", ""])
def test_step0_rejects_unknown_time_zones(zone):
    assert "Time zone" in reject(0, answer_with(0, time_zone=zone))


def test_step0_reports_every_problem_at_once():
    message = reject(0, answer_with(0, height_cm=10, weight_kg=1000, units="x"))
    assert "Height" in message and "Weight" in message and "Units" in message
