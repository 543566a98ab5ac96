"""The replica's rule, on the figures its check returns: caught up with the read's mark and within
the lag limit, or the primary. (Where a read really goes: tests/integration/test_read_replica.py.)"""

from __future__ import annotations

import pytest

from fitapp.core.config import get_settings
from fitapp.core.replica import Route, mark_ttl_s

LIMIT = get_settings().replica_max_lag_s


@pytest.mark.parametrize(("replayed", "lag_s", "needed", "accepted"), [
    (1_000, 0.2, 1_000, True),  # replayed exactly up to the user's last write
    (1_000, 0.2, 0, True),  # a user without a mark
    (999, 0.2, 1_000, False),  # one byte short of the user's commit
    (5_000, LIMIT + 0.001, 0, False),  # lagging past the limit, whoever asks
    (5_000, LIMIT, 0, True),
    (None, None, 0, False),  # not in recovery (a promoted replica), or nothing replayed since it started
    (5_000, None, 0, False),
])
def test_a_read_goes_to_the_replica_only_when_it_is_caught_up_and_within_the_lag_limit(replayed, lag_s, needed,
                                                                                        accepted):
    assert Route(engine=None, needed=needed).accepts(replayed, lag_s) is accepted


def test_a_mark_outlives_the_lag_limit_by_at_least_a_minute():
    """A user without a mark wrote before mark_ttl_s; a replica within the limit has replayed that."""
    assert mark_ttl_s() >= LIMIT + 60
