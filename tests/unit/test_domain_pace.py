"""The time-left estimate of the progress line."""

from fitapp.domain.pace import seconds_left, time_left_text


def test_without_data_the_whole_conversation_is_the_specs_four_minutes():
    assert round(seconds_left(0), 6) == 240
    assert time_left_text(0) == "About 4 minutes left"


def test_only_the_steps_still_ahead_count():
    # 11 questions share 240 s: from step 9, steps 9 and 10 are left (about 44 s).
    assert round(seconds_left(9), 1) == 43.6
    assert time_left_text(9) == "Less than a minute left"
    assert time_left_text(11) == "Almost done: review and confirm"


def test_measured_medians_replace_the_even_share_step_by_step():
    medians = {8: 150.0, 9: 30.0, 10: None}
    # step 10 has no median yet: its even share (240 / 11 ≈ 21.8 s) stands in.
    assert round(seconds_left(8, medians), 1) == 201.8
    assert time_left_text(8, medians) == "About 3 minutes left"
    assert time_left_text(10, {10: 61}) == "About 1 minute left"
    assert time_left_text(10, {10: 100}) == "About 2 minutes left"
