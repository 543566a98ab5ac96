"""What a step form needs on the client, shared by the onboarding and the profile-change screens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import reflex as rx

from fitapp.domain.forms import MAX_INJURY_ROWS, form_field_messages
from fitapp.domain.reference import equipment_groups
from fitapp.presenters import conversation as views
from fitapp.services.reference import load_reference_data


@dataclass
class EquipmentGroup:
    """One category of equipment chips: its readable name and its options ({"code", "label"})."""

    title: str
    options: list[dict[str, str]]


class StepFormMixin(rx.State, mixin=True):
    # The step whose form is shown.
    active_step: int = 0
    editing: bool = False
    errors: list[str] = []
    # The inputs the coach's errors are about, by name, with their own message: each is marked
    # aria-invalid and shows its message beside it until the next answer.
    field_errors: dict[str, str] = {}
    defaults: dict[str, str] = {}
    form_key: int = 0
    units: str = "metric"
    injury_rows: int = 0
    meal_numbers: list[int] = []
    proposal: dict[str, str] = {}
    adjust_plan: bool = False
    diet_type: str = ""
    workout_reminder: bool = True
    water_reminder: bool = True
    equipment_groups: list[EquipmentGroup] = []
    # Backend only. False in a new state (a first load, or a state lost when Redis restarted empty):
    # the tab may still show anything, so every value is sent, even one equal to the default.
    _tab_in_step: bool = False

    def _assign(self, **values) -> None:
        """Set only what changed: every assignment is sent to the browser and re-rendered."""
        for name, value in values.items():
            if not self._tab_in_step or getattr(self, name) != value:
                setattr(self, name, value)

    def _remount_form(self) -> None:
        """Re-create the form's uncontrolled inputs, so they take the new defaults. A key no earlier
        form of the tab had: a counter would start again from 0 in a state rebuilt after a loss."""
        self.form_key = secrets.randbelow(2**31)

    def _load_equipment(self) -> None:
        if not self.equipment_groups:
            self.equipment_groups = [
                EquipmentGroup(name, [{"code": item.code, "label": item.display_name} for item in items])
                for name, items in equipment_groups(load_reference_data().equipment_types)
            ]

    def _refuse(self, messages: list[str], field_messages: Mapping[str, Iterable[str]] | None = None,
                form: dict | None = None) -> None:
        """Show why an answer was refused: all of it in the coach's bubble, and each answer field's
        own message beside the input of ``form`` that holds it (``field_messages`` by answer path)."""
        self.errors = list(messages)
        self.field_errors = form_field_messages(self.active_step, form or {}, field_messages or {})

    def _show_form(self, answers: Mapping[int, Mapping], step: int, defaults: dict[str, str],
                   meal_plan: Mapping | None = None, keep_inputs: bool = False) -> None:
        """Show ``step``'s form pre-filled with ``defaults``; ``answers`` are the valid answers (the
        step-7 proposal is worked out from them), ``meal_plan`` the step-7 answer the meal times count.
        ``keep_inputs`` leaves what the inputs hold as the user typed it."""
        step_changed = not keep_inputs and (step != self.active_step or defaults != self.defaults)
        self._assign(
            active_step=step,
            meal_numbers=list(range(1, views.meals_per_day(meal_plan) + 1)),
            proposal=views.proposal_display(answers) if step == 7 else {},
        )
        self._fill_form(defaults, remount=step_changed)

    def _fill_form(self, defaults: dict[str, str], field_errors: dict[str, str] | None = None,
                   remount: bool = True) -> None:
        """Show the active step's form with ``defaults`` in its inputs (and what they make appear:
        the imperial fields, the injury rows, the reminder fields); ``remount`` re-creates the
        uncontrolled inputs so they take the new defaults."""
        self._assign(
            defaults=defaults,
            units=defaults.get("units") or "metric",
            injury_rows=sum(1 for key in defaults if key.endswith("_area")),
            adjust_plan=defaults.get("adjust") == "on",
            diet_type=defaults.get("diet_type") or "",
            workout_reminder=defaults.get("workout_reminder_enabled", "on") == "on",
            water_reminder=defaults.get("reminder_enabled", "on") == "on",
            errors=[],
            field_errors=field_errors or {},
        )
        if remount:
            self._remount_form()

    @rx.event
    def choose_units(self, units: str):
        self.units = units

    @rx.event
    def choose_diet(self, diet_type: str):
        self.diet_type = diet_type

    @rx.event
    def toggle_workout_reminder(self, checked: bool):
        self.workout_reminder = bool(checked)

    @rx.event
    def toggle_water_reminder(self, checked: bool):
        self.water_reminder = bool(checked)

    @rx.event
    def add_injury(self):
        self.injury_rows = min(self.injury_rows + 1, MAX_INJURY_ROWS)

    @rx.event
    def remove_injury(self):
        self.injury_rows = max(self.injury_rows - 1, 0)

    @rx.event
    def toggle_adjust(self, checked: bool):
        self.adjust_plan = bool(checked)
