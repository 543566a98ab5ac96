"""Migration 014: the admin funnel's (and data quality's) aggregates, kept by a job from a queue of touched users

Issue 15 item 3. The funnel counted every number from `onboarding_step_events` at each page
load: 1.1 s for 90 days at 30,800 users, 41 s at 1 M. It now reads these tables, whose size
follows days x flow versions x steps (x distinct whole seconds for the percentiles), not users.

Why a job and not the answer's own transaction. Every answer of the day, of every user, would
update the same few rows (today, the current flow version, the step): at 1 M users the
answers would queue on those row locks, and an answer would fail with a deadlock or a timeout
because of somebody else's answer. So the writers only mark the user as touched (a row keyed
by their own user_id, `funnel_pending_users`, by statement triggers, which also catch admin
resets, erasure, purges, hand-made rows and COPY), and `funnel_refresh(batch)` - one refresher
at a time (an advisory lock) - recomputes each touched user's whole contribution from their
events and moves the aggregates by (new - old). No watermark on time or ids: a back-dated
event, an event that commits after a later one, a reset (new started_at: the user moves to
another cohort day) or a purge (the user's contribution is subtracted) are all "this user
changed", so nothing is missed and nothing counted twice. The admin's read first drains the
queue (`fitapp.services.funnel_aggregates.refresh`), so what it shows is as of the click.

Per user: `funnel_users` (cohort day, flow, completed, returning) and `funnel_user_steps`
(reached, answered, rejections, seconds on the step, drop-off, whether the standing answer
began as typed text): the "old" side of the delta.
Per day: `funnel_days`, `funnel_day_steps`; and `funnel_seconds_histogram` (whole seconds ->
users, per block of 1, 2, 4 ... 1,024 days), from which the medians and p90 are computed
exactly as percentile_cont does over whole seconds (averages use exact sums). Per-day
histograms alone were measured first: at 100,000 users a year of them is 300,000 rows (each
day repeats the values of the others) and the 365-day funnel took 480 ms p50; a year is at
most ~15 aligned blocks.

Data quality's rejections per step (count and distinct users, by event day) and profile
version churn per ISO week (users, versions, changes) are kept by the same job, per user, in
the `data_quality_*` tables (versions mark their user too): at 100,000 users the scans they
replace took 650 ms and 430 ms.

These tables are derived: no models (alembic/env.py leaves `funnel_*` out of autogenerate),
not exported, not cloned by the synthetic generator, not reachable by `fitapp_member` (the
triggers' function is SECURITY DEFINER so a member's answer can still mark itself).

Revision ID: 014
Revises: 013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "014"
down_revision: str | None = "013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVIEW_STEP = 11
BEGAN_AS_TYPED = "began_as_typed"  # fitapp.domain.analytics.BEGAN_AS_TYPED, the answered event's flag
RETURN_GAP = "interval '24 hours'"
BACKFILL_BATCH = 20_000
MAX_LEVEL = 10  # blocks of up to 1,024 days: fitapp.domain.analytics.DAY_BLOCK_MAX_LEVEL

TABLES_SQL = """
CREATE TABLE funnel_pending_users (
    user_id uuid PRIMARY KEY,
    queued_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE funnel_users (
    user_id uuid PRIMARY KEY,
    cohort_day date NOT NULL,
    flow_version varchar(10) NOT NULL,
    completed boolean NOT NULL,
    completion_seconds numeric,
    came_back boolean NOT NULL,
    returned boolean NOT NULL,
    last_seen_at timestamptz NOT NULL
);
-- "Quiet for 24 h" depends on the clock: the few open users seen in the last day are counted live.
CREATE INDEX idx_funnel_users_open_last_seen ON funnel_users (last_seen_at)
    WHERE NOT completed AND NOT came_back;
CREATE TABLE funnel_user_steps (
    user_id uuid NOT NULL,
    step smallint NOT NULL,
    reached boolean NOT NULL,
    answered boolean NOT NULL,
    rejections integer NOT NULL,
    seconds numeric,
    drop_off boolean NOT NULL,
    typed boolean NOT NULL,
    PRIMARY KEY (user_id, step)
);
CREATE TABLE funnel_days (
    cohort_day date NOT NULL,
    flow_version varchar(10) NOT NULL,
    started bigint NOT NULL,
    completed bigint NOT NULL,
    completion_seconds numeric NOT NULL,
    came_back bigint NOT NULL,
    returned bigint NOT NULL,
    unfinished_not_came_back bigint NOT NULL,
    PRIMARY KEY (cohort_day, flow_version)
);
CREATE TABLE funnel_day_steps (
    cohort_day date NOT NULL,
    flow_version varchar(10) NOT NULL,
    step smallint NOT NULL,
    reached bigint NOT NULL,
    answered bigint NOT NULL,
    drop_off bigint NOT NULL,
    rejections bigint NOT NULL,
    timed_users bigint NOT NULL,
    seconds numeric NOT NULL,
    typed_answers bigint NOT NULL,
    PRIMARY KEY (cohort_day, flow_version, step)
);
-- Whole seconds -> users, for the medians and p90: per step (0-11: time on the step; -1: the
-- whole onboarding, start to confirm), per block of 2^level cohort days (block = day number
-- since 1970-01-01 >> level). Any range of days is a few aligned blocks, at most two per level
-- (fitapp.domain.analytics.day_blocks), so a year reads ~15 blocks' values, not 365 days' worth.
-- Data quality (the same queue and job): rejected answers per step and UTC day, where
-- prev_day is the user's previous day with a rejection of that step ('-infinity' for their
-- first). The distinct users of a range [a, b] are then the user-days in it with prev_day < a:
-- each user's first rejection day inside the range, once. Per user (the "old" side):
CREATE TABLE data_quality_user_rejections (
    user_id uuid NOT NULL,
    step smallint NOT NULL,
    day date NOT NULL,
    prev_day date NOT NULL,
    rejections bigint NOT NULL,
    PRIMARY KEY (user_id, step, day)
);
CREATE TABLE data_quality_rejection_days (
    step smallint NOT NULL,
    day date NOT NULL,
    prev_day date NOT NULL,
    users bigint NOT NULL,
    rejections bigint NOT NULL,
    PRIMARY KEY (step, day, prev_day)
);
-- Profile versions per ISO week (Monday, UTC) of valid_from: whole weeks are read from here,
-- a range's partial first and last weeks from user_profile_versions.
CREATE TABLE data_quality_user_version_weeks (
    user_id uuid NOT NULL,
    week_start date NOT NULL,
    versions bigint NOT NULL,
    changes bigint NOT NULL,
    PRIMARY KEY (user_id, week_start)
);
CREATE TABLE data_quality_version_weeks (
    week_start date PRIMARY KEY,
    users bigint NOT NULL,
    versions bigint NOT NULL,
    changes bigint NOT NULL
);
CREATE TABLE funnel_seconds_histogram (
    level smallint NOT NULL,
    block integer NOT NULL,
    flow_version varchar(10) NOT NULL,
    step smallint NOT NULL,
    seconds integer NOT NULL,
    users bigint NOT NULL,
    PRIMARY KEY (level, block, flow_version, step, seconds)
);
"""

MARK_SQL = """
-- DO UPDATE ... WHERE false, not DO NOTHING: it writes nothing new for an existing mark but
-- locks it ("all rows will be locked", PostgreSQL's INSERT docs), and the mark must be locked by the writer until it commits. Otherwise a
-- refresh could take an older mark of the same user, read the data without the writer's
-- uncommitted rows, and delete the mark: the change would never be folded in. Locked, the
-- refresh skips the mark (SKIP LOCKED) until the writer commits, or the writer waits for the
-- refresh and marks the user anew.
CREATE FUNCTION funnel_mark_touched() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'onboarding_states' AND TG_OP = 'UPDATE' THEN
        -- Most updates are an answer (step_data, last_activity_at): its event marks the user.
        INSERT INTO funnel_pending_users (user_id)
        SELECT DISTINCT n.user_id FROM new_rows n JOIN old_rows o ON o.user_id = n.user_id
        WHERE (n.started_at, n.completed_at, n.flow_version) IS DISTINCT FROM
              (o.started_at, o.completed_at, o.flow_version)
        ORDER BY 1 ON CONFLICT (user_id) DO UPDATE SET queued_at = EXCLUDED.queued_at WHERE false;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO funnel_pending_users (user_id) SELECT DISTINCT user_id FROM old_rows ORDER BY 1
        ON CONFLICT (user_id) DO UPDATE SET queued_at = EXCLUDED.queued_at WHERE false;
    ELSE
        INSERT INTO funnel_pending_users (user_id) SELECT DISTINCT user_id FROM new_rows ORDER BY 1
        ON CONFLICT (user_id) DO UPDATE SET queued_at = EXCLUDED.queued_at WHERE false;
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = [
    f"CREATE TRIGGER funnel_touched_{op_name.lower()} AFTER {op_name} ON {table} {referencing} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION funnel_mark_touched()"
    for table in ("onboarding_states", "onboarding_step_events")
    for op_name, referencing in (
        ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
        ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    )
] + [
    # Versions are appended and, by the purge, deleted; an update only closes valid_until.
    f"CREATE TRIGGER funnel_touched_{op_name.lower()} AFTER {op_name} ON user_profile_versions {referencing} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION funnel_mark_touched()"
    for op_name, referencing in (("INSERT", "REFERENCING NEW TABLE AS new_rows"),
                                 ("DELETE", "REFERENCING OLD TABLE AS old_rows"))
]

# One user's contribution, from the same definitions as the SQL the funnel used to run per
# page load (the oracle in tests/support/funnel_oracle.py), keyed by user instead of cohort.
USER_EVENTS_CTE = f"""
cohort AS (
    SELECT o.user_id, o.flow_version, o.started_at, o.completed_at
    FROM onboarding_states o JOIN unnest(ids) AS b(user_id) ON b.user_id = o.user_id
    WHERE o.started_at IS NOT NULL  -- never started: in no cohort
),
events AS (
    SELECT e.user_id, e.step, e.event, e.occurred_at, e.details
    FROM cohort c JOIN onboarding_step_events e ON e.user_id = c.user_id AND e.occurred_at >= c.started_at
    UNION ALL
    SELECT user_id, {REVIEW_STEP}, 'answered', completed_at, NULL FROM cohort WHERE completed_at IS NOT NULL
)"""

APPLY_USERS = f"""
    INSERT INTO funnel_days AS d (cohort_day, flow_version, started, completed, completion_seconds, came_back,
                                  returned, unfinished_not_came_back)
    SELECT cohort_day, flow_version, sign * COUNT(*), sign * COUNT(*) FILTER (WHERE completed),
           sign * COALESCE(SUM(completion_seconds), 0), sign * COUNT(*) FILTER (WHERE came_back),
           sign * COUNT(*) FILTER (WHERE returned), sign * COUNT(*) FILTER (WHERE NOT completed AND NOT came_back)
    FROM funnel_users WHERE user_id = ANY(ids) GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (cohort_day, flow_version) DO UPDATE SET
        started = d.started + EXCLUDED.started, completed = d.completed + EXCLUDED.completed,
        completion_seconds = d.completion_seconds + EXCLUDED.completion_seconds,
        came_back = d.came_back + EXCLUDED.came_back, returned = d.returned + EXCLUDED.returned,
        unfinished_not_came_back = d.unfinished_not_came_back + EXCLUDED.unfinished_not_came_back;

    INSERT INTO funnel_day_steps AS d (cohort_day, flow_version, step, reached, answered, drop_off, rejections,
                                       timed_users, seconds, typed_answers)
    SELECT u.cohort_day, u.flow_version, s.step, sign * COUNT(*) FILTER (WHERE s.reached),
           sign * COUNT(*) FILTER (WHERE s.answered), sign * COUNT(*) FILTER (WHERE s.drop_off),
           sign * SUM(s.rejections), sign * COUNT(s.seconds), sign * COALESCE(SUM(s.seconds), 0),
           sign * COUNT(*) FILTER (WHERE s.typed)
    FROM funnel_user_steps s JOIN funnel_users u ON u.user_id = s.user_id
    WHERE s.user_id = ANY(ids) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (cohort_day, flow_version, step) DO UPDATE SET
        reached = d.reached + EXCLUDED.reached, answered = d.answered + EXCLUDED.answered,
        drop_off = d.drop_off + EXCLUDED.drop_off, rejections = d.rejections + EXCLUDED.rejections,
        timed_users = d.timed_users + EXCLUDED.timed_users, seconds = d.seconds + EXCLUDED.seconds,
        typed_answers = d.typed_answers + EXCLUDED.typed_answers;

    INSERT INTO funnel_seconds_histogram AS d (level, block, flow_version, step, seconds, users)
    SELECT l.level, (h.cohort_day - DATE '1970-01-01') >> l.level, h.flow_version, h.step, h.seconds, sign * COUNT(*)
    FROM (
        SELECT u.cohort_day, u.flow_version, s.step, round(s.seconds)::integer AS seconds
        FROM funnel_user_steps s JOIN funnel_users u ON u.user_id = s.user_id
        WHERE s.user_id = ANY(ids) AND s.seconds IS NOT NULL
        UNION ALL
        SELECT cohort_day, flow_version, -1, round(completion_seconds)::integer
        FROM funnel_users WHERE user_id = ANY(ids) AND completed
    ) h CROSS JOIN generate_series(0, {MAX_LEVEL}) AS l(level)
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (level, block, flow_version, step, seconds) DO UPDATE SET users = d.users + EXCLUDED.users;
"""

REFRESH_SQL = f"""
CREATE FUNCTION funnel_apply(ids uuid[], sign integer) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
{APPLY_USERS}
    IF sign < 0 THEN  -- empty histogram buckets would only grow the scans
        DELETE FROM funnel_seconds_histogram WHERE users = 0 AND (level, block, flow_version) IN (
            SELECT DISTINCT l.level, (u.cohort_day - DATE '1970-01-01') >> l.level, u.flow_version
            FROM funnel_users u CROSS JOIN generate_series(0, {MAX_LEVEL}) AS l(level) WHERE u.user_id = ANY(ids));
    END IF;
END $$;

CREATE FUNCTION data_quality_apply(ids uuid[], sign integer) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO data_quality_rejection_days AS d (step, day, prev_day, users, rejections)
    SELECT step, day, prev_day, sign * COUNT(*), sign * SUM(rejections)
    FROM data_quality_user_rejections WHERE user_id = ANY(ids) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (step, day, prev_day) DO UPDATE SET
        users = d.users + EXCLUDED.users, rejections = d.rejections + EXCLUDED.rejections;
    INSERT INTO data_quality_version_weeks AS d (week_start, users, versions, changes)
    SELECT week_start, sign * COUNT(*), sign * SUM(versions), sign * SUM(changes)
    FROM data_quality_user_version_weeks WHERE user_id = ANY(ids) GROUP BY 1 ORDER BY 1
    ON CONFLICT (week_start) DO UPDATE SET
        users = d.users + EXCLUDED.users, versions = d.versions + EXCLUDED.versions,
        changes = d.changes + EXCLUDED.changes;
END $$;

CREATE FUNCTION funnel_refresh(batch integer) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    ids uuid[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('funnel_refresh'));  -- one refresher: the aggregates' rows
    WITH taken AS (
        DELETE FROM funnel_pending_users WHERE user_id IN (
            SELECT user_id FROM funnel_pending_users ORDER BY user_id LIMIT batch FOR UPDATE SKIP LOCKED)
        RETURNING user_id
    )
    SELECT array_agg(user_id ORDER BY user_id) INTO ids FROM taken;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;

    PERFORM funnel_apply(ids, -1);
    DELETE FROM funnel_user_steps WHERE user_id = ANY(ids);
    DELETE FROM funnel_users WHERE user_id = ANY(ids);

    INSERT INTO funnel_users (user_id, cohort_day, flow_version, completed, completion_seconds, came_back,
                              returned, last_seen_at)
    WITH {USER_EVENTS_CTE},
    gaps AS (
        SELECT user_id, occurred_at,
               occurred_at - LAG(occurred_at) OVER (PARTITION BY user_id ORDER BY occurred_at) AS gap
        FROM events
    ),
    came_back AS (SELECT user_id, MIN(occurred_at) AS back_at FROM gaps WHERE gap > {RETURN_GAP} GROUP BY user_id),
    -- A join, not EXISTS over the CTE: that would scan the whole batch's events per user.
    returned AS (
        SELECT DISTINCT b.user_id FROM came_back b
        JOIN events e ON e.user_id = b.user_id AND e.event = 'answered' AND e.occurred_at >= b.back_at
    ),
    last_seen AS (SELECT user_id, MAX(occurred_at) AS at FROM events GROUP BY user_id)
    SELECT c.user_id, (c.started_at AT TIME ZONE 'UTC')::date, c.flow_version, c.completed_at IS NOT NULL,
           EXTRACT(EPOCH FROM (c.completed_at - c.started_at)), b.user_id IS NOT NULL, r.user_id IS NOT NULL,
           GREATEST(l.at, c.started_at)
    FROM cohort c LEFT JOIN came_back b ON b.user_id = c.user_id LEFT JOIN returned r ON r.user_id = c.user_id
    LEFT JOIN last_seen l ON l.user_id = c.user_id;

    INSERT INTO funnel_user_steps (user_id, step, reached, answered, rejections, seconds, drop_off, typed)
    WITH {USER_EVENTS_CTE},
    intervals AS (
        SELECT user_id, step, event,
               EXTRACT(EPOCH FROM (LEAD(occurred_at) OVER (PARTITION BY user_id ORDER BY occurred_at) - occurred_at))
                   AS seconds
        FROM events WHERE event IN ('shown', 'hidden', 'answered')
    ),
    timed AS (
        SELECT user_id, step, SUM(seconds) AS seconds
        FROM intervals WHERE event = 'shown' AND seconds IS NOT NULL GROUP BY user_id, step
    ),
    per_step AS (
        SELECT user_id, step, bool_or(event IN ('shown', 'answered')) AS reached,
               bool_or(event = 'answered') AS answered, COUNT(*) FILTER (WHERE event = 'rejected') AS rejections,
               -- The standing (latest) answer began as typed text (issue 18 item 5).
               COALESCE((array_agg(details ->> '{BEGAN_AS_TYPED}' ORDER BY occurred_at DESC)
                         FILTER (WHERE event = 'answered'))[1] = 'true', false) AS typed
        FROM events GROUP BY user_id, step
    ),
    furthest AS (
        SELECT p.user_id, MAX(p.step) AS step
        FROM per_step p JOIN cohort c ON c.user_id = p.user_id
        WHERE p.reached AND c.completed_at IS NULL GROUP BY p.user_id
    )
    SELECT p.user_id, p.step, p.reached, p.answered, p.rejections, t.seconds, f.user_id IS NOT NULL, p.typed
    FROM per_step p
    LEFT JOIN timed t ON t.user_id = p.user_id AND t.step = p.step
    LEFT JOIN furthest f ON f.user_id = p.user_id AND f.step = p.step;

    PERFORM funnel_apply(ids, 1);

    PERFORM data_quality_apply(ids, -1);
    DELETE FROM data_quality_user_rejections WHERE user_id = ANY(ids);
    DELETE FROM data_quality_user_version_weeks WHERE user_id = ANY(ids);
    INSERT INTO data_quality_user_rejections (user_id, step, day, prev_day, rejections)
    SELECT user_id, step, day, COALESCE(LAG(day) OVER (PARTITION BY user_id, step ORDER BY day), '-infinity'), n
    FROM (
        SELECT e.user_id, e.step, (e.occurred_at AT TIME ZONE 'UTC')::date AS day, COUNT(*) AS n
        FROM unnest(ids) AS b(user_id) JOIN onboarding_step_events e ON e.user_id = b.user_id
        WHERE e.event = 'rejected' GROUP BY 1, 2, 3
    ) r;
    INSERT INTO data_quality_user_version_weeks (user_id, week_start, versions, changes)
    SELECT v.user_id, date_trunc('week', v.valid_from AT TIME ZONE 'UTC')::date, COUNT(*),
           COUNT(*) FILTER (WHERE v.version > 1)
    FROM unnest(ids) AS b(user_id) JOIN user_profile_versions v ON v.user_id = b.user_id
    GROUP BY 1, 2;
    PERFORM data_quality_apply(ids, 1);
    RETURN cardinality(ids);
END $$;
"""

DERIVED_TABLES = ("data_quality_user_rejections", "data_quality_rejection_days", "data_quality_user_version_weeks",
                  "data_quality_version_weeks", "funnel_seconds_histogram", "funnel_day_steps", "funnel_days",
                  "funnel_user_steps", "funnel_users", "funnel_pending_users")


def upgrade() -> None:
    op.execute(TABLES_SQL)
    op.execute(MARK_SQL)
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute(REFRESH_SQL)
    # Backfill: every user, batch after batch, by the same function the job runs.
    op.execute("INSERT INTO funnel_pending_users (user_id) SELECT id FROM users")
    op.execute(f"""
DO $$
BEGIN
    WHILE funnel_refresh({BACKFILL_BATCH}) > 0 LOOP
    END LOOP;
END $$;
""")


def downgrade() -> None:
    for table in ("onboarding_states", "onboarding_step_events"):
        for op_name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER funnel_touched_{op_name} ON {table}")
    for op_name in ("insert", "delete"):
        op.execute(f"DROP TRIGGER funnel_touched_{op_name} ON user_profile_versions")
    op.execute("DROP FUNCTION funnel_refresh(integer)")
    op.execute("DROP FUNCTION data_quality_apply(uuid[], integer)")
    op.execute("DROP FUNCTION funnel_apply(uuid[], integer)")
    op.execute("DROP FUNCTION funnel_mark_touched()")
    for table in DERIVED_TABLES:
        op.execute(f"DROP TABLE {table}")
