"""POST /onboarding/interpret: a typed answer read into the step's fields, stored nowhere."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from fitapp.services import onboarding
from tests.support.onboarding import answers_for_today

pytestmark = pytest.mark.usefixtures("app_database")
URL = "/api/v1/onboarding/interpret"


def _stored(engine, user_id):
    """Everything the interpreter must leave alone: the onboarding row and the step events."""
    with engine.connect() as conn:
        state = conn.execute(text("SELECT step_data, completed_steps, current_step, updated_at FROM onboarding_states "
                                  "WHERE user_id = :u"), {"u": user_id}).all()
        events = conn.execute(text("SELECT count(*) FROM onboarding_step_events WHERE user_id = :u"),
                              {"u": user_id}).scalar_one()
    return state, events


def test_a_typed_answer_comes_back_as_fields_chips_and_what_is_missing(client, member):
    response = client.post(URL, json={"step": 5, "text": "Mon, Wed and Fri at 6:30 pm for 40 minutes"},
                           headers=member.headers)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {
        "step": 5,
        "answer": {"workout_days": ["monday", "wednesday", "friday"], "preferred_workout_time": "18:30",
                   "preferred_workout_duration_minutes": 40},
        "understood": [{"field": "workout_days", "text": "Days: Mon, Wed, Fri"},
                       {"field": "preferred_workout_time", "text": "At 18:30"},
                       {"field": "preferred_workout_duration_minutes", "text": "40 minutes"}],
        "missing": ["workout_reminder_enabled", "rest_day_preference"],
    }


def test_the_equipment_is_read_against_the_reference_table(client, member):
    body = client.post(URL, json={"step": 4, "text": "home, dumbells and a swiss ball, 45 min"},
                       headers=member.headers).json()
    assert body["answer"] == {"workout_location": "home", "available_equipment": ["dumbbells", "stability_ball"],
                              "max_workout_duration_minutes": 45}


def test_the_members_own_earlier_answers_disambiguate(client, member):
    before = client.post(URL, json={"step": 0, "text": "weigh 190"}, headers=member.headers).json()
    assert before["answer"] == {}  # no units chosen yet: a bare number is not guessed
    step0 = {**answers_for_today()[0], "units": "imperial"}
    assert onboarding.answer_step(member.user_id, 0, step0).accepted

    after = client.post(URL, json={"step": 0, "text": "weigh 190"}, headers=member.headers).json()
    assert after["answer"] == {"weight_kg": 86.18}


def test_interpreting_stores_nothing(client, member, engine):
    before = _stored(engine, member.user_id)
    for step, typed in [(0, "I'm a woman, 5'6\", 150 lbs, born 3 March 1992"), (3, "bad left knee, mild"),
                        (10, "2.5 litres, remind me every hour from 8 to 10 pm")]:
        assert client.post(URL, json={"step": step, "text": typed}, headers=member.headers).status_code == 200
    assert _stored(engine, member.user_id) == before


def test_a_text_that_states_nothing_gives_an_empty_answer(client, member):
    body = client.post(URL, json={"step": 5, "text": "three times a week"}, headers=member.headers).json()
    assert body["answer"] == {} and body["understood"] == []
    assert "workout_days" in body["missing"]


@pytest.mark.parametrize("step", [-1, 11, 12, "3", True, 2.0, None])
def test_a_step_outside_0_to_10_or_not_an_integer_is_422(client, member, step):
    response = client.post(URL, json={"step": step, "text": "hello"}, headers=member.headers)
    assert response.status_code == 422
    assert response.json()["detail"]["messages"]


def test_a_text_over_1000_characters_is_422_and_1000_is_fine(client, member):
    assert client.post(URL, json={"step": 9, "text": "x" * 1000}, headers=member.headers).status_code == 200
    response = client.post(URL, json={"step": 9, "text": "x" * 1001}, headers=member.headers)
    assert response.status_code == 422
    assert "text" in response.json()["detail"]["messages"][0]


@pytest.mark.parametrize("body", [{"step": 1}, {"text": "beginner"}, {"step": 1, "text": "beginner", "save": True}])
def test_a_body_without_its_two_fields_or_with_others_is_422(client, member, body):
    assert client.post(URL, json=body, headers=member.headers).status_code == 422


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}])
def test_without_a_valid_token_it_is_401(client, headers):
    response = client.post(URL, json={"step": 1, "text": "beginner"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_route_is_documented_in_the_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/onboarding/interpret"]["post"]
    assert {"200", "401", "422"} <= set(operation["responses"])
    assert operation["security"] and operation["description"]
    request = spec["components"]["schemas"]["InterpretRequest"]["properties"]
    assert request["step"]["minimum"] == 0 and request["step"]["maximum"] == 10
    assert request["text"]["maxLength"] == 1000
