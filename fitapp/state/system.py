"""The admin's System health page: thin over `services.monitoring`."""

from __future__ import annotations

from datetime import datetime, timezone

import reflex as rx

from fitapp.presenters import system as system_rows
from fitapp.services import monitoring
from fitapp.state.admin import REFUSED, AdminGuard
from fitapp.state.session import SessionRecovery, session_event, off_the_loop


class SystemState(SessionRecovery, AdminGuard):
    status: str = ""
    checks: list[dict[str, str]] = []
    figures: list[dict[str, str]] = []
    alerts: list[str] = []
    scope: str = ""
    checked_at: str = ""

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        metrics = self._as_admin(monitoring.system_metrics)
        if metrics is REFUSED:
            return
        report = monitoring.health()
        self.status = report["status"]
        self.checks = system_rows.check_rows(report)
        self.figures = system_rows.figure_rows(metrics)
        self.alerts = metrics["alerts"]
        self.scope = metrics["scope"]
        self.checked_at = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
