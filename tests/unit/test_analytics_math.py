"""The funnel's arithmetic: rates, percentiles as PostgreSQL computes them, time on a step."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from fitapp.domain.analytics import (
    COMPLETION_ALERT_PCT,
    DAY_BLOCK_MAX_LEVEL,
    StepEvent,
    day_blocks,
    answered_details,
    is_below_alert,
    mean,
    median,
    percentile,
    percentile_of_counts,
    rate_pct,
    safe_div,
    seconds_on_steps,
)

T0 = datetime(2031, 3, 1, 12, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_safe_div_has_no_answer_for_nothing_to_divide_by():
    assert safe_div(1, 4) == 0.25
    assert safe_div(3, 0) is None
    assert safe_div(None, 3) is None


def test_rate_pct_rounds_like_appendix_a_and_stays_between_0_and_100():
    assert rate_pct(1, 3) == 33.33
    assert rate_pct(2, 3) == 66.67
    assert rate_pct(3, 3) == 100.0
    assert rate_pct(0, 5) == 0.0
    assert rate_pct(0, 0) is None
    assert rate_pct(7, 5) == 100.0  # never above 100 %, even if counts disagree
    assert rate_pct(-1, 5) == 0.0


def test_alert_fires_below_60_percent_only_and_not_without_data():
    assert COMPLETION_ALERT_PCT == 60.0
    assert is_below_alert(59.99)
    assert not is_below_alert(60.0)
    assert not is_below_alert(None)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([30, 30, 30, 60, 60, 90], 0.5, 45.0),  # even count: mean of the middle two
        ([30, 30, 30, 60, 60, 90], 0.9, 75.0),  # position 4.5: halfway from 60 to 90
        ([30, 30, 30, 60, 90], 0.9, 78.0),  # position 3.6: 60 + 0.6 * 30
        ([10], 0.9, 10.0),
        ([5, 1, 3], 0.5, 3.0),  # order of input does not matter
        ([1, 2, 3, 4], 0.0, 1.0),
        ([1, 2, 3, 4], 1.0, 4.0),
    ],
)
def test_percentile_interpolates_like_percentile_cont(values, fraction, expected):
    assert percentile(values, fraction) == pytest.approx(expected)


def test_percentile_and_mean_of_nothing_are_none_and_fraction_is_checked():
    assert median([]) is None
    assert mean([]) is None
    assert mean([30, 60]) == 45
    with pytest.raises(ValueError):
        percentile([1], 1.5)


def test_time_on_a_step_runs_from_shown_to_the_next_shown_hidden_or_answered():
    events = [
        StepEvent("u", 0, "shown", at(0)),
        StepEvent("u", 0, "rejected", at(10)),  # a rejection leaves the step on screen
        StepEvent("u", 0, "answered", at(30)),
        StepEvent("u", 1, "shown", at(31)),
        StepEvent("u", 1, "hidden", at(41)),  # tab in the background: the clock stops
        StepEvent("u", 1, "shown", at(500)),  # and runs again: revisits add
        StepEvent("u", 1, "answered", at(520)),
        StepEvent("u", 2, "shown", at(521)),  # nothing after it: the user left, no known end
    ]
    assert seconds_on_steps(events) == {("u", 0): 30.0, ("u", 1): 30.0}


def test_time_on_steps_keeps_users_apart_and_ignores_input_order():
    events = [
        StepEvent("b", 0, "answered", at(60)),
        StepEvent("a", 0, "shown", at(0)),
        StepEvent("b", 0, "shown", at(0)),
        StepEvent("a", 0, "answered", at(20)),
        StepEvent("a", 0, "shown", at(100)),  # went back to step 0 to change it
        StepEvent("a", 0, "answered", at(105)),
    ]
    assert seconds_on_steps(events) == {("a", 0): 25.0, ("b", 0): 60.0}


def test_percentile_of_counts_interpolates_between_ranks_like_percentile_cont():
    # 30 30 30 60 60 90 (the integration dataset's step 0): median 45, p90 at position 4.5 = 75.
    counts = [(30, 3), (60, 2), (90, 1)]
    assert percentile_of_counts(counts, 0.5) == 45
    assert percentile_of_counts(counts, 0.9) == 75
    assert percentile_of_counts(counts, 0.0) == 30 and percentile_of_counts(counts, 1.0) == 90


def test_percentile_of_counts_merges_days_and_ignores_empty_buckets():
    # Two days' histograms of the same step, one bucket emptied by a reset.
    assert percentile_of_counts([(60, 1), (30, 1), (30, 1), (90, 0), (60, 1)], 0.5) == 45
    assert percentile_of_counts([(90, 0)], 0.5) is None
    assert percentile_of_counts([], 0.9) is None


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 0.5, 0.9, 0.99, 1.0])
def test_percentile_of_counts_equals_percentile_of_the_expanded_values(fraction):
    import random

    generator = random.Random(15)
    for _ in range(200):
        counts = [(generator.randint(0, 40), generator.randint(0, 5)) for _ in range(generator.randint(1, 8))]
        values = [value for value, count in counts for _ in range(count)]
        assert percentile_of_counts(counts, fraction) == percentile(values, fraction)


def test_percentile_of_counts_refuses_what_is_not_a_histogram():
    with pytest.raises(ValueError):
        percentile_of_counts([(1, 1)], 1.5)
    with pytest.raises(ValueError):
        percentile_of_counts([(1, -1)], 0.5)


def _days_of(blocks: list[tuple[int, int]]) -> list[int]:
    return [day for level, index in blocks for day in range(index << level, (index + 1) << level)]


def test_day_blocks_cover_a_range_exactly_once_with_few_blocks():
    import random

    generator = random.Random(14)
    cases = [(0, 0), (5, 5), (1, 2), (7, 8), (20_000, 20_364), (20_001, 21_098)]
    cases += [(a, a + generator.randint(0, 1_100)) for a in (generator.randint(0, 25_000) for _ in range(300))]
    for first, last in cases:
        blocks = day_blocks(first, last)
        assert sorted(_days_of(blocks)) == list(range(first, last + 1)), (first, last)
        assert all(0 <= level <= DAY_BLOCK_MAX_LEVEL for level, _ in blocks)
        assert len(blocks) <= 2 * (last - first + 1).bit_length()


def test_day_blocks_of_a_year_are_a_handful_and_an_aligned_block_is_itself():
    assert len(day_blocks(20_424, 20_788)) <= 16  # 2025-12-02 .. 2026-12-01
    assert day_blocks(1024, 2047) == [(10, 1)]
    assert day_blocks(3, 2) == []
    # Beyond the top level the blocks of 1,024 days are listed one by one.
    assert _days_of(day_blocks(0, 4095)) == list(range(4096)) and len(day_blocks(0, 4095)) == 4
def test_answered_details_say_only_what_there_is_to_say():
    assert answered_details([], False) is None
    assert answered_details([], True) == {"began_as_typed": True}
    assert answered_details([9, 3], False) == {"invalidated": [3, 9]}
    assert answered_details({8}, True) == {"invalidated": [8], "began_as_typed": True}


def test_the_funnel_migration_reads_the_typed_flag_the_domain_writes():
    import importlib.util

    from fitapp.core.config import PROJECT_ROOT
    from fitapp.domain.analytics import BEGAN_AS_TYPED

    spec = importlib.util.spec_from_file_location("m014", PROJECT_ROOT / "alembic/versions/014_funnel_aggregates.py")
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.BEGAN_AS_TYPED == BEGAN_AS_TYPED
    assert migration.MAX_LEVEL == DAY_BLOCK_MAX_LEVEL
