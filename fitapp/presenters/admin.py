"""The admin screens' rows: unfinished onboardings, one user's detail, the funnel and data quality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fitapp.domain import QUESTION_STEPS, STEP_TITLES, STEPS
from fitapp.presenters.moments import NOT_YET, admin_moment
from fitapp.presenters.profile import changed_field_labels, readable, snapshot_rows

if TYPE_CHECKING:
    from fitapp.services.admin_listings import IncompleteRow, Page
    from fitapp.services.analytics import FunnelReport
    from fitapp.services.data_quality import DataQuality
    from fitapp.services.profile_views import UserDetail

Rows = list[dict[str, Any]]


def _pct(value: float | None) -> str:
    return NOT_YET if value is None else f"{value:.1f} %"


def _minutes(value: float | None) -> str:
    return NOT_YET if value is None else f"{value:.1f} min"


def _seconds(value: float | None) -> str:
    return NOT_YET if value is None else f"{value:.0f} s"


def step_label(step: int) -> str:
    return f"{step} · {STEP_TITLES[step]}"


def total_label(page: Page) -> str:
    """An estimate is said to be one (the count of a huge list is the planner's, not exact)."""
    return f"about {page.total:,}" if page.total_is_estimate else str(page.total)


def incomplete_rows(rows: list[IncompleteRow]) -> Rows:
    return [
        {"user_id": str(row.user_id), "email": row.email, "step": step_label(row.current_step),
         "started": admin_moment(row.started_at), "last_activity": admin_moment(row.last_activity_at),
         "device": row.device_type or NOT_YET}
        for row in rows
    ]


@dataclass(frozen=True)
class UserDetailScreen:
    facts: Rows
    answers: Rows
    profile: Rows
    versions: Rows
    audit: Rows


def user_detail_screen(detail: UserDetail) -> UserDetailScreen:
    onboarding = detail.onboarding
    if detail.onboarding_completed:
        progress = "completed"
    elif onboarding:
        progress = f"at step {step_label(onboarding.current_step)}"
    else:
        progress = "not started"
    facts = [
        {"label": "Account", "value": detail.account_status + (" · admin" if detail.is_admin else "")},
        {"label": "Signed up", "value": admin_moment(detail.created_at)},
        {"label": "Onboarding", "value": progress},
        {"label": "Last activity", "value": admin_moment(onboarding.last_activity_at) if onboarding else NOT_YET},
        {"label": "Device", "value": (onboarding.device_type or NOT_YET) if onboarding else NOT_YET},
        {"label": "Profile", "value": f"version {detail.profile_version}, locked {admin_moment(detail.locked_at)}"
         if detail.profile_version else "none"},
    ]
    answers = [
        {"title": STEPS[step].title, "summary": STEPS[step].summarize(answer),
         "status": "answered" if step in onboarding.completed_steps else "to ask again"}
        for step, answer in sorted((onboarding.answers if onboarding else {}).items()) if step in QUESTION_STEPS
    ]
    versions = [
        {"version": str(v.version), "when": admin_moment(v.valid_from), "who": v.changed_by,
         "reason": v.change_reason or "", "fields": changed_field_labels(v.changed_fields)}
        for v in detail.versions
    ]
    audit = [
        {"when": admin_moment(a.created_at), "what": f"{a.operation} {a.table_name}", "who": a.changed_by,
         "old": readable(a.old_values), "new": readable(a.new_values)}
        for a in detail.audit
    ]
    return UserDetailScreen(facts, answers, snapshot_rows(detail.profile or {}), versions, audit)


@dataclass(frozen=True)
class FunnelScreen:
    summary: Rows
    daily: Rows  # newest first, as the seed's query
    daily_chart: Rows  # oldest first: a chart reads left to right in time
    steps: Rows
    trailing_text: str
    below_alert: bool


def typed_share(step: Any) -> str:
    """The "Began as typed" cell: how many answers began as typed text and their share of the answered."""
    if step.typed_answers is None:
        return NOT_YET
    return f"{step.typed_answers} ({_pct(step.typed_share_pct)})"


def funnel_screen(report: FunnelReport) -> FunnelScreen:
    s = report.summary
    summary = [
        {"label": "Started", "value": str(s.started)},
        {"label": "Completed", "value": str(s.completed)},
        {"label": "Completion rate", "value": _pct(s.completion_rate_pct)},
        {"label": "Average completion time", "value": _minutes(s.avg_completion_minutes)},
        {"label": "Median completion time", "value": _minutes(s.median_completion_minutes)},
        {"label": "Returning users", "value": _pct(s.returning_users_pct)},
    ]
    daily = [
        {"day": d.day.isoformat(), "started": d.started, "completed": d.completed,
         "rate": round(d.completion_rate_pct or 0, 2),
         "avg_minutes": NOT_YET if d.avg_completion_minutes is None else f"{d.avg_completion_minutes:.1f}"}
        for d in report.daily
    ]
    steps = [
        {"step": f"{st.step} {st.title}", "reached": st.reached, "answered": st.answered, "drop_off": st.drop_off,
         "drop_off_rate": _pct(st.drop_off_rate_pct), "median": _seconds(st.median_seconds),
         "p90": _seconds(st.p90_seconds), "rejections": st.rejections, "typed": typed_share(st)}
        for st in report.steps
    ]
    t = report.trailing
    trailing_text = (f"{_pct(t.completion_rate_pct)} of {t.started} users who started {t.start}–{t.end} "
                     f"completed (alert below {t.alert_threshold_pct:.0f} %)")
    return FunnelScreen(summary, daily, sorted(daily, key=lambda row: row["day"]), steps, trailing_text,
                        t.below_alert)


@dataclass(frozen=True)
class QualityScreen:
    null_shares: Rows
    rejections: Rows
    churn: Rows


def quality_screen(quality: DataQuality) -> QualityScreen:
    return QualityScreen(
        null_shares=[
            {"table": n.table.replace("_", " "), "field": n.column.replace("_", " "), "null": _pct(n.null_pct),
             "rows": str(n.rows)}
            for n in quality.null_shares
        ],
        rejections=[{"step": f"{r.step} {r.title}", "rejected": r.rejected, "users": r.users}
                    for r in quality.rejections],
        churn=[
            {"week": w.iso_week, "users": str(w.users), "versions": str(w.versions),
             "per_user": f"{w.versions_per_user:.2f}"}
            for w in quality.churn.weeks
        ],
    )
