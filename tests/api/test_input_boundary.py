"""Issue 16's reproductions, each one a 4xx with a message and nothing new in the database.

Every test takes a fingerprint of what the caller owns before and after the bad request: the
onboarding row, the profile tables and the step events. A refused step answer may add its one
"rejected" event (the funnel counts refusals), which must hold only bounded messages and field
names: no raw input, no NUL.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from fitapp.core.db import get_engine
from tests.api.conftest import answered_member, confirmed_member
from tests.support.onboarding import PROFILE_TABLES, answers_for_today, row_counts

pytestmark = pytest.mark.usefixtures("app_database")

STEP = "/api/v1/onboarding/step"
HUGE = int("9" * 401)
NUL = "\u0000"


def fingerprint(user_id) -> dict[str, Any]:
    engine = get_engine()
    with engine.connect() as conn:
        state = conn.execute(text("SELECT step_data, completed_steps, current_step, completed_at "
                                  "FROM onboarding_states WHERE user_id = :u"), {"u": user_id}).one()
        events = conn.execute(text("SELECT event, details FROM onboarding_step_events WHERE user_id = :u "
                                   "ORDER BY occurred_at, id"), {"u": user_id}).all()
        users = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
    return {"state": tuple(state), "events": [tuple(e) for e in events], "users": users,
            "rows": row_counts(engine, user_id, PROFILE_TABLES)}


def assert_only_a_bounded_rejection_was_recorded(before: dict, after: dict, *, forbidden: str = NUL) -> None:
    """Nothing changed but at most one new 'rejected' event of messages and fields, under 8 kB."""
    assert {k: v for k, v in after.items() if k != "events"} == {k: v for k, v in before.items() if k != "events"}
    new = after["events"][len(before["events"]):]
    assert after["events"][: len(before["events"])] == before["events"]
    assert len(new) <= 1
    for event, details in new:
        assert event == "rejected"
        assert set(details) == {"messages", "fields"}
        assert len(json.dumps(details)) < 8_000
        assert all(forbidden not in text and NUL not in text for text in details["messages"] + details["fields"])


def post_step(client, user, step: Any, answer: Any):
    return client.post(STEP, json={"step": step, "answer": answer}, headers=user.headers)


def refused(response, field: str | None = None) -> dict:
    assert response.status_code == 422, response.text
    body = response.json()
    detail = body["detail"]
    assert detail["messages"] and all(NUL not in m for m in detail["messages"])
    if field is not None:
        assert any(f == field or f.startswith(field + ".") for f in detail["fields"]), detail
    return detail


@pytest.fixture
def answered():
    return answered_member()


@pytest.mark.parametrize("step", range(12))
def test_a_nul_in_an_unknown_key_is_a_422_on_every_step(client, answered, step):
    before = fingerprint(answered.user_id)
    detail = refused(post_step(client, answered, step, {"x\u0000": 1}))
    if step < 11:  # step 11 is confirmed through PUT /profile/lock, so it is refused as a whole
        assert any("x\\u0000" in message for message in detail["messages"])  # shown escaped, readable
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id))


@pytest.mark.parametrize("step,field,value", [
    (2, "user_explanation", f"Because{NUL}"),
    (3, "injuries", [{"area": "knee", "severity": "mild", "description": f"ouch{NUL}"}]),
    (3, "limitations", [f"no jumping{NUL}"]),
    (6, "additional_notes", f"notes{NUL}"),
    (6, "allergies", [f"nuts{NUL}"]),
    (6, "diet_type_other", f"raw{NUL}"),
])
def test_a_nul_inside_a_text_is_a_422_naming_the_field(client, answered, step, field, value):
    answer = {**answers_for_today()[step], field: value}
    if field == "diet_type_other":
        answer["diet_type"] = "other"
    before = fingerprint(answered.user_id)
    detail = refused(post_step(client, answered, step, answer), field)
    assert any("control character" in message for message in detail["messages"])
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id))


def test_a_nul_in_a_meal_name_is_a_422_naming_the_meal(client, answered):
    answer = answers_for_today()[8]
    answer["meals"][0]["meal_name"] = f"Breakfast{NUL}"
    before = fingerprint(answered.user_id)
    refused(post_step(client, answered, 8, answer), "meals.1.meal_name")
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id))


def test_a_time_zone_that_is_a_number_is_a_422_before_any_lookup(client, member):
    before = fingerprint(member.user_id)
    detail = refused(post_step(client, member, 0, {**answers_for_today()[0], "time_zone": 7}), "time_zone")
    assert "Time zone must be text." in detail["messages"]
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(member.user_id))


@pytest.mark.parametrize("step,field", [
    (0, "height_cm"), (0, "weight_kg"), (2, "target_weight_kg"), (6, "budget_per_day_usd"),
    (9, "sleep_hours_last_night"), (5, "preferred_workout_duration_minutes"), (10, "daily_water_target_ml"),
])
def test_a_401_digit_number_is_a_422_with_the_range(client, answered, step, field):
    before = fingerprint(answered.user_id)
    detail = refused(post_step(client, answered, step, {**answers_for_today()[step], field: HUGE}), field)
    assert any(("between" in m or "less than" in m or "at most" in m) for m in detail["messages"])
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id))


@pytest.mark.parametrize("step", [True, "1", 1.0, None, [1]])
def test_the_step_is_a_json_integer(client, answered, step):
    before = fingerprint(answered.user_id)
    refused(post_step(client, answered, step, answers_for_today()[1]), "step")
    assert fingerprint(answered.user_id) == before


def test_step_3_lists_are_capped_before_they_are_read(client, answered):
    answer = {**answers_for_today()[3],
              "injuries": [{"area": "knee", "severity": "mild", "description": "x"}] * 2000,
              "limitations": ["no jumping"] * 2200}
    before = fingerprint(answered.user_id)
    detail = refused(post_step(client, answered, 3, answer), "injuries")
    assert "Injuries: at most 20 injuries, please (you gave 2,000)." in detail["messages"]
    assert "Limitations: at most 20 limitations, please (you gave 2,200)." in detail["messages"]
    assert "limitations" in detail["fields"]
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id))


def test_step_8_takes_at_most_eight_meals(client, answered):
    meal = answers_for_today()[8]["meals"][0]
    before = fingerprint(answered.user_id)
    detail = refused(post_step(client, answered, 8, {"meals": [meal] * 500}), "meals")
    assert "Meals: at most 8 meals, please (you gave 500)." in detail["messages"]
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id))


def test_a_refused_answer_stores_its_messages_not_a_200_kb_key(client, answered):
    before = fingerprint(answered.user_id)
    detail = refused(post_step(client, answered, 1, {**answers_for_today()[1], "k" * 200_000: 1}))
    assert all(len(message) < 400 for message in detail["messages"])
    assert_only_a_bounded_rejection_was_recorded(before, fingerprint(answered.user_id), forbidden="k" * 100)


def test_a_body_over_the_limit_is_a_413_and_stores_nothing(client, answered):
    before = fingerprint(answered.user_id)
    response = post_step(client, answered, 1, {**answers_for_today()[1], "k" * (1024 * 1024): 1})
    assert response.status_code == 413
    assert "larger than 256 KiB" in response.json()["detail"]["messages"][0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert fingerprint(answered.user_id) == before


def test_a_chunked_body_over_the_limit_is_a_413(client, answered):
    def chunks():
        yield b'{"step": 1, "answer": {"k": "'
        for _ in range(100):
            yield b"x" * 4096
        yield b'"}}'

    before = fingerprint(answered.user_id)
    response = client.post(STEP, content=chunks(), headers={**answered.headers, "content-type": "application/json"})
    assert response.status_code == 413
    assert fingerprint(answered.user_id) == before


# ------------------------------------------------------------------ PATCH profile


@pytest.fixture
def confirmed():
    return confirmed_member()


def change(**overrides: Any) -> dict:
    return {"topic": "lifestyle", "base_version": 1, "changes": {"9": {"energy_level": "high"}},
            "modification_reason": "Feeling better", **overrides}


@pytest.mark.parametrize("body,field", [
    (change(changes={"²": {}}), None),
    (change(changes={"9" * 30: {}}), None),
    (change(modification_reason=f"x{NUL}"), "modification_reason"),
    (change(base_version=HUGE), "base_version"),
    (change(base_version=True), "base_version"),
    (change(topic=f"life{NUL}"), "topic"),
    (change(changes={"9": {"energy_level": f"high{NUL}"}}), None),
])
def test_a_bad_profile_change_is_a_422_and_changes_nothing(client, confirmed, body, field):
    before = fingerprint(confirmed.user_id)
    response = client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=body, headers=confirmed.headers)
    refused(response, field)
    assert fingerprint(confirmed.user_id) == before


# ------------------------------------------------------------------ admin list


@pytest.mark.parametrize("query,field", [
    ("page=9223372036854775807", "page"),
    ("page=0", "page"),
    ("page_size=1000000", "page_size"),
    ("inactive_days=6325737", "inactive_days"),
    ("inactive_days=-1", "inactive_days"),
    ("step=99", "step"),
    ("email=%00", "email"),
    ("email=" + "a" * 300, "email"),
    ("sort=nonsense", "sort"),
])
def test_admin_list_parameters_are_bounded(client, admin_user, query, field):
    response = client.get(f"/api/v1/admin/onboarding/incomplete?{query}", headers=admin_user.headers)
    refused(response, field)


def test_admin_list_takes_the_largest_bounds(client, admin_user):
    # The deepest numbered page: rows 5,001-5,200 (MAX_OFFSET_ROWS), found by OFFSET.
    response = client.get("/api/v1/admin/onboarding/incomplete?page=26&inactive_days=36500&page_size=200",
                          headers=admin_user.headers)
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


def test_a_numbered_page_past_row_five_thousand_is_refused_with_the_way_there(client, admin_user):
    """OFFSET reads every row before the page (254 ms at row 50,000 with 1 M users): past row 5,000
    the client follows next_cursor, which finds any page by keyset."""
    response = client.get("/api/v1/admin/onboarding/incomplete?page=27&page_size=200", headers=admin_user.headers)
    detail = refused(response)
    assert "next_cursor" in " ".join(detail["messages"])


# ------------------------------------------------------------------ sign-in / sign-up


@pytest.mark.parametrize("path", ["/api/v1/auth/sign-in", "/api/v1/auth/sign-up"])
def test_a_nul_in_an_email_is_a_422(client, path):
    before = fingerprint_users()
    response = client.post(path, json={"email": f"a{NUL}@example.com", "password": "correct horse battery"})
    refused(response, "email")
    assert fingerprint_users() == before


def fingerprint_users() -> int:
    with get_engine().connect() as conn:
        return conn.execute(text("SELECT count(*) FROM users")).scalar_one()
