"""Changing a locked profile (with a reason) and browsing its versions: thin states over the services."""

from __future__ import annotations

from datetime import datetime, timezone

import reflex as rx

from fitapp import routes
from fitapp.core.outages import OUTAGES
from fitapp.domain import StepRejected
from fitapp.domain.forms import answer_from_form, form_from_answer
from fitapp.services import profile_changes as changes
from fitapp.services import profile_views
from fitapp.presenters.moments import member_moment
from fitapp.presenters.profile import changed_by_words, changed_field_labels, diff_rows, snapshot_rows
from fitapp.state.session import SessionRecovery, SessionState, session_event, off_the_loop
from fitapp.state.step_form import StepFormMixin

TOPIC_CHOICES = [{"key": key, "title": topic.title} for key, topic in changes.TOPICS.items()]
# The change form's reason input: marked with its message when the reason is missing.
REASON_FIELD = "change_reason"
CHANGE_NOT_SAVED = ("We couldn't save your change just now: our database did not answer. Nothing was changed, "
                    "and what you typed is still in the form; please send it again in a moment.")


class ProfileChangeState(StepFormMixin, SessionRecovery, SessionState):
    topic: str = ""
    topic_title: str = ""
    base_version: int = 0
    loaded: bool = False

    def _open(self, profile: profile_views.ProfileView, topic: str) -> None:
        step = changes.TOPICS[topic].steps[-1]
        self.topic, self.topic_title = topic, changes.TOPICS[topic].title
        self.base_version = profile.version
        self.editing = True
        self._show_form(profile.answers, step, form_from_answer(step, profile.answers.get(step)),
                        profile.answers.get(7))
        self._remount_form()
        self._tab_in_step = True

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        self._load_equipment()
        # The topic is not reset here: a topic chosen in the moment before this on_load event arrives
        # must stay chosen (a saved or cancelled change clears it itself).
        self.loaded = True
        self._refuse([])

    @rx.event
    @session_event
    @off_the_loop
    def choose_topic(self, topic: str):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        profile = profile_views.current_profile(user.user_id)
        if profile is None or topic not in changes.TOPICS:
            return rx.redirect(routes.PROFILE)
        self._open(profile, topic)

    @rx.event
    def cancel_change(self):
        self.topic = ""
        self._refuse([])

    @rx.event
    @session_event
    @off_the_loop
    def submit(self, form: dict):
        """Save the change; when the database cannot be reached, say so and keep the typed form.

        The form is not re-drawn on a failure (its key is unchanged), so every input keeps its value.
        """
        try:
            return self._submit(form)
        except OUTAGES:
            self._refuse([CHANGE_NOT_SAVED])
            return rx.toast.dismiss()

    def _submit(self, form: dict):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        step = self.active_step
        answer = answer_from_form(step, form, meals_per_day=len(self.meal_numbers))
        try:
            result = changes.request_change(
                user.user_id, topic=self.topic, base_version=self.base_version, changes={step: answer},
                reason=form.get("change_reason", ""), changed_by="user", user_agent=self._user_agent(),
            )
        except StepRejected as rejected:
            self._refuse(rejected.messages, rejected.field_messages if rejected.step == step else {}, form)
        except changes.ProfileChangedMeanwhile as conflict:
            topic = self.topic
            self._open(conflict.current, topic)
            self._refuse([conflict.message])
        except changes.ReasonRequired as refused:
            self._refuse([refused.message], {REASON_FIELD: [refused.message]}, form)
        except changes.ProfileChangeError as refused:
            self._refuse([refused.message])
        else:
            self.topic = ""
            return [rx.toast.success(f"Saved: your plan is now version {result.version}, locked again."),
                    rx.redirect(routes.PROFILE_HISTORY)]
        # A refusal replaces any earlier "Saved" toast: the screen never says both at once.
        return rx.toast.dismiss()


class HistoryState(SessionRecovery, SessionState):
    versions: list[dict[str, str]] = []
    selected_version: int = 0
    selected_title: str = ""
    snapshot: list[dict[str, str]] = []
    diff: list[dict[str, str]] = []
    current_version: int = 0
    error: str = ""
    notice: str = ""
    loaded: bool = False

    def _refresh(self, user_id) -> None:
        history = profile_views.history(user_id)
        self.versions = [
            {
                "version": str(item.version),
                "when": member_moment(item.valid_from),
                "who": changed_by_words(item.changed_by),
                "reason": item.change_reason or "",
                "fields": changed_field_labels(item.changed_fields),
                "current": "yes" if item.valid_until is None else "",
            }
            for item in history
        ]
        self.current_version = history[0].version if history else 0

    def _select(self, user_id, version: int, title: str) -> None:
        detail = profile_views.version_detail(user_id, version)
        if detail is None:
            self.error = f"There is no version {version}."
            return
        self.selected_version = version
        self.selected_title = title
        self.snapshot = snapshot_rows(detail.snapshot)
        self.diff = diff_rows(detail.diff)

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        self._refresh(user.user_id)
        self.notice = ""
        self.error = ""
        self.selected_version = 0
        self.loaded = True

    @rx.event
    @session_event
    @off_the_loop
    def view_version(self, version: str):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        self.error = ""
        self._select(user.user_id, int(version), f"Version {version}")

    @rx.event
    @session_event
    @off_the_loop
    def show_as_of(self, form: dict):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        text = (form.get("as_of") or "").strip()
        try:
            instant = datetime.fromisoformat(text)
        except ValueError:
            self.error = "Pick a date and time to see your plan as it was then."
            return
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=timezone.utc)
        found = profile_views.version_at(user.user_id, instant)
        if found is None:
            self.error = f"Your plan did not exist yet on {member_moment(instant)}."
            self.selected_version = 0
            return
        self.error = ""
        self._select(user.user_id, found.version, f"Your plan as of {member_moment(instant)}: version {found.version}")

    @rx.event
    @session_event
    @off_the_loop
    def restore(self, form: dict):
        user, redirect = self.user_at_stage(onboarded=True)
        if redirect:
            return redirect
        try:
            result = changes.restore_version(user.user_id, version=self.selected_version, base_version=self.current_version,
                                             reason=form.get("restore_reason", ""), changed_by="user",
                                             user_agent=self._user_agent())
        except changes.ProfileChangedMeanwhile as conflict:
            self._refresh(user.user_id)
            self.error = conflict.message
            return
        except changes.ProfileChangeError as refused:
            self.error = refused.message
            return
        self._refresh(user.user_id)
        self.error = ""
        self.notice = f"Restored version {self.selected_version} as version {result.version}."
        self._select(user.user_id, result.version, f"Version {result.version}")
