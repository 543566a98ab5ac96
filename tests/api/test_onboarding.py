"""GET onboarding state and POST one step: saved only when the coach accepts it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from fitapp.domain import STEPS, StepContext, StepRejected, validate_answer
from fitapp.domain.clock import today_for
from fitapp.services import onboarding
from fitapp.services.reference import load_reference_data
from tests.api.conftest import new_member
from tests.support.onboarding import answers_for_today

pytestmark = pytest.mark.usefixtures("app_database")


def test_a_new_member_starts_at_step_0_with_its_question(client, member):
    response = client.get(f"/api/v1/users/{member.user_id}/onboarding/state", headers=member.headers)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["current_step"] == 0 and body["completed_steps"] == [] and body["answers"] == {}
    assert body["completed"] is False
    assert body["next_step"] == {"number": 0, "title": STEPS[0].title, "question": STEPS[0].question}


def test_an_accepted_step_is_saved_and_returns_the_state_and_next_step(client, member):
    answer = answers_for_today()[0]

    response = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": answer}, headers=member.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] is True and body["invalidated"] == [] and isinstance(body["notes"], list)
    assert body["state"]["completed_steps"] == [0] and body["state"]["current_step"] == 1
    assert body["next_step"] == {"number": 1, "title": STEPS[1].title, "question": STEPS[1].question}
    assert body["state"]["answers"]["0"]["weight_kg"] == answer["weight_kg"]
    saved = client.get(f"/api/v1/users/{member.user_id}/onboarding/state", headers=member.headers).json()
    assert saved == body["state"]
    assert onboarding.load(member.user_id).answers[0]["height_cm"] == answer["height_cm"]


def test_a_rejected_step_is_422_with_the_coachs_messages_and_stores_nothing(client, member):
    wrong = {**answers_for_today()[0], "height_cm": 20.0, "consent": False}
    with pytest.raises(StepRejected) as coach_says:
        validate_answer(0, wrong, StepContext({}, load_reference_data(), today_for({0: wrong})))

    response = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": wrong}, headers=member.headers)

    assert response.status_code == 422
    body = response.json()
    assert body["accepted"] is False
    assert body["messages"] == coach_says.value.messages and len(body["messages"]) >= 2
    assert set(body["fields"]) == {"height_cm", "consent"} == set(coach_says.value.fields)
    assert body["detail"] == {"messages": coach_says.value.messages, "fields": body["fields"]}
    view = onboarding.load(member.user_id)
    assert view.completed_steps == [] and view.answers == {} and view.current_step == 0


def test_unknown_answer_keys_are_refused_by_the_domain(client, member):
    answer = {**answers_for_today()[0], "is_admin": True}

    response = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": answer}, headers=member.headers)

    assert response.status_code == 422 and response.json()["accepted"] is False
    assert onboarding.load(member.user_id).completed_steps == []


def test_a_step_out_of_sequence_is_refused(client, member):
    response = client.post("/api/v1/onboarding/step", json={"step": 2, "answer": answers_for_today()[2]},
                           headers=member.headers)

    assert response.status_code == 422
    assert response.json()["messages"] == [f"Let's finish '{STEPS[0].title}' first."]


def test_a_malformed_body_is_422_in_the_api_error_shape(client, member):
    response = client.post("/api/v1/onboarding/step", json={"step": "zero", "answer": [], "extra": 1},
                           headers=member.headers)

    assert response.status_code == 422
    messages = response.json()["detail"]["messages"]
    assert any(message.startswith("step:") for message in messages)
    assert any(message.startswith("answer:") for message in messages)
    assert any(message.startswith("extra:") for message in messages)


def test_answering_after_the_plan_is_locked_is_409(client, confirmed):
    response = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": answers_for_today()[0]},
                           headers=confirmed.headers)

    assert response.status_code == 409
    assert "locked" in response.json()["detail"]


def test_a_completed_onboarding_has_no_next_step(client, confirmed):
    body = client.get(f"/api/v1/users/{confirmed.user_id}/onboarding/state", headers=confirmed.headers).json()

    assert body["completed"] is True and body["next_step"] is None


@pytest.mark.parametrize("caller", ["other member", "admin"])
def test_onboarding_state_is_user_only(client, member, admin_user, caller):
    other = new_member() if caller == "other member" else admin_user

    response = client.get(f"/api/v1/users/{member.user_id}/onboarding/state", headers=other.headers)

    assert response.status_code == 403


def test_an_answer_through_the_api_records_the_next_step_as_shown(client, engine):
    from sqlalchemy import text

    from tests.support.factories import sign_up_new_user
    from tests.unit.answers_fixture import valid_answers

    signed_in = sign_up_new_user()
    response = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": valid_answers()[0]},
                           headers={"Authorization": f"Bearer {signed_in.token}"})
    assert response.status_code == 200
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT step, event FROM onboarding_step_events WHERE user_id = :u ORDER BY occurred_at"),
                            {"u": signed_in.user.user_id}).all()
    assert [tuple(r) for r in rows] == [(0, "answered"), (1, "shown")]


def _answered_details(engine, user_id):
    with engine.connect() as conn:
        return conn.execute(text("SELECT step, details FROM onboarding_step_events "
                                 "WHERE user_id = :u AND event = 'answered' ORDER BY occurred_at"),
                            {"u": user_id}).tuples().all()


def test_an_answer_begun_as_typed_is_marked_for_the_funnel_and_a_plain_one_is_not(client, member, engine):
    answers = answers_for_today()
    typed = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": answers[0], "began_as_typed": True},
                        headers=member.headers)
    plain = client.post("/api/v1/onboarding/step", json={"step": 1, "answer": answers[1]}, headers=member.headers)

    assert (typed.status_code, plain.status_code) == (200, 200)
    assert _answered_details(engine, member.user_id) == [(0, {"began_as_typed": True}), (1, None)]


def test_began_as_typed_must_be_a_json_boolean(client, member):
    response = client.post("/api/v1/onboarding/step", json={"step": 0, "answer": answers_for_today()[0],
                                                            "began_as_typed": "yes"}, headers=member.headers)

    assert response.status_code == 422
    assert onboarding.load(member.user_id).completed_steps == []
