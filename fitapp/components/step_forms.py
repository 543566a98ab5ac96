"""The small inline form each onboarding step answers with; field names match domain/forms.py."""

from __future__ import annotations

import math

import reflex as rx

from fitapp.components.fields import (
    ERRORS_ID,
    check_chips,
    checkbox_field,
    choice_chips,
    field_error,
    field_row,
    input_field,
    number_field,
    select_field,
    textarea_field,
)
from fitapp.components.forms import submit_button
from fitapp.domain import choices
from fitapp.domain.ranges import LIMITS, form_limits
from fitapp.domain.units import cm_to_ft_in, kg_to_lb
from fitapp.domain.validate_lifestyle import WATER_ML_PER_KG
from fitapp.domain.validate_meals import MAX_DIET_OTHER_CHARS
from fitapp.domain.validate_profile import MAX_DESCRIPTION_CHARS
from fitapp.state.step_form import EquipmentGroup, StepFormMixin

State = type[StepFormMixin]
# Imperial inputs: the metric rules' ranges in feet, inches and pounds.
IMPERIAL_LIMITS = {
    "height_ft": {"min_": cm_to_ft_in(LIMITS["height_cm"].lo)[0], "max_": cm_to_ft_in(LIMITS["height_cm"].hi)[0],
                  "step": "1"},
    "height_in": {"min_": 0, "max_": 11, "step": "1"},
    "weight_lb": {"min_": math.floor(kg_to_lb(LIMITS["weight_kg"].lo)),
                  "max_": math.ceil(kg_to_lb(LIMITS["weight_kg"].hi))},
}


def html_limits(key: str) -> dict:
    """form_limits as plain HTML attributes (min, max, step), for an input built without number_field."""
    limits = form_limits(key)
    return {"min": limits["min_"], "max": limits["max_"], "step": limits["step"]}
# Step 0's time zone comes from the browser, filled in by the page itself and only into an empty
# field: no server round trip that could arrive late and replace what the user typed meanwhile.
# A function compiled into the page (rx.call_function of a Var), so the CSP needs no eval for it.
FILL_BROWSER_TIME_ZONE = """() => {
  const field = document.querySelector('form input[name="time_zone"]');
  if (field && !field.value) { field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; }
}"""
YES_NO = (("no", "No"), ("yes", "Yes"))


def marked(S: State, name) -> dict:
    """Whether the coach's last refusal was about the input ``name``, and its message: the props that
    mark an input invalid and show the message beside it."""
    return {"invalid": S.field_errors.contains(name), "error": S.field_errors[name]}


def bound(S: State, name) -> dict:
    """A step input's pre-filled value and its invalid mark: the props every step field takes."""
    return {"default": S.defaults[name], **marked(S, name)}


def step_errors(S: State, intro: str | None = None, not_refused: str | None = None) -> rx.Component:
    """What the coach refuses, announced as an alert; the invalid fields point at it (aria-describedby).

    ``intro`` heads a refusal; it is left out when the message is ``not_refused`` (an answer that
    could not be saved was not refused: "I can't take that answer" would say the opposite)."""
    heading = rx.el.p(intro) if intro else rx.fragment()
    if intro and not_refused:
        heading = rx.cond(S.errors.contains(not_refused), rx.fragment(), heading)
    return rx.cond(
        S.errors.length() > 0,
        rx.el.div(
            heading,
            rx.el.ul(rx.foreach(S.errors, lambda message: rx.el.li(message))),
            id=ERRORS_ID,
            class_name="bubble coach alert",
            role="alert",
        ),
    )


def step0(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        checkbox_field("I agree that my health data is used to build my plan", "consent", default=D["consent"] == "on",
                       **marked(S, "consent")),
        choice_chips("Units", "units", choices.UNITS, default=D["units"], **marked(S, "units"),
                     on_change=lambda value: S.choose_units(value)),
        choice_chips("Sex (for the energy estimate)", "sex", choices.SEXES, default=D["sex"], **marked(S, "sex")),
        field_row(
            input_field("Birth date", "birth_date", type_="date", **bound(S, "birth_date")),
            input_field("Time zone", "time_zone", **bound(S, "time_zone"),
                        hint="From your browser; change it if needed.", on_mount=rx.call_function(rx.Var(FILL_BROWSER_TIME_ZONE))),
        ),
        rx.cond(
            S.units == "imperial",
            field_row(
                number_field("Height (ft)", "height_ft", **bound(S, "height_ft"), **IMPERIAL_LIMITS["height_ft"]),
                number_field("Height (in)", "height_in", **bound(S, "height_in"), **IMPERIAL_LIMITS["height_in"]),
                number_field("Weight (lb)", "weight_lb", **bound(S, "weight_lb"), **IMPERIAL_LIMITS["weight_lb"]),
            ),
            field_row(
                number_field("Height (cm)", "height_cm", **bound(S, "height_cm"), **form_limits("height_cm")),
                number_field("Weight (kg)", "weight_kg", **bound(S, "weight_kg"), **form_limits("weight_kg")),
            ),
        ),
    )


def step1(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        choice_chips("Fitness level", "fitness_level", choices.FITNESS_LEVELS, default=D["fitness_level"],
                     **marked(S, "fitness_level"),
                     descriptions={"beginner": "New to fitness or returning after long break",
                                   "intermediate": "Consistent training for 6+ months",
                                   "advanced": "Years of training experience"}),
        choice_chips("Daily activity outside workouts", "activity_level", choices.ACTIVITY_LEVELS,
                     default=D["activity_level"], descriptions=choices.ACTIVITY_DESCRIPTIONS,
                     **marked(S, "activity_level")),
    )


def step2(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        choice_chips("Primary goal", "primary_goal", choices.PRIMARY_GOALS, default=D["primary_goal"],
                     **marked(S, "primary_goal")),
        select_field("Secondary goal (optional)", "secondary_goal", choices.GOAL_CATEGORIES, **bound(S, "secondary_goal"),
                     empty="No secondary goal"),
        field_row(
            number_field("Target weight (kg, optional)", "target_weight_kg", **bound(S, "target_weight_kg"),
                         **form_limits("target_weight_kg")),
            number_field("Timeline (weeks, optional)", "target_timeline_weeks", **bound(S, "target_timeline_weeks"),
                         **form_limits("target_timeline_weeks")),
        ),
        field_row(
            number_field("Target body fat % (optional)", "target_body_fat_percentage",
                         **bound(S, "target_body_fat_percentage"), **form_limits("target_body_fat_percentage")),
            number_field("Muscle to gain (kg, optional)", "target_muscle_gain_kg", **bound(S, "target_muscle_gain_kg"),
                         **form_limits("target_muscle_gain_kg")),
        ),
        textarea_field("Why does this goal matter to you?", "user_explanation", **bound(S, "user_explanation")),
    )


def injury_row(S: State, number: int) -> rx.Component:
    return rx.cond(
        S.injury_rows >= number,
        rx.el.fieldset(
            rx.el.legend(f"Injury {number}"),
            field_row(
                select_field(f"Injury {number} area", f"injury_{number}_area", choices.INJURY_AREAS,
                             **bound(S, f"injury_{number}_area"), empty="Choose an area"),
                select_field(f"Injury {number} severity", f"injury_{number}_severity", choices.SEVERITIES,
                             **bound(S, f"injury_{number}_severity"), empty="Choose severity"),
            ),
            input_field(f"Injury {number} description", f"injury_{number}_description",
                        **bound(S, f"injury_{number}_description"), hint=f"Up to {MAX_DESCRIPTION_CHARS} characters."),
            class_name="group",
        ),
    )


def step3(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        *[choice_chips(question, f"parq_{key}", YES_NO, default=D[f"parq_{key}"], **marked(S, f"parq_{key}"))
          for key, question in choices.PARQ_QUESTIONS],
        *[injury_row(S, number) for number in range(1, 6)],
        rx.hstack(
            rx.button("Add an injury", type="button", variant="soft", on_click=S.add_injury, disabled=S.injury_rows >= 5),
            rx.cond(S.injury_rows > 0,
                    rx.button("Remove last injury", type="button", variant="ghost", color_scheme="gray",
                              on_click=S.remove_injury)),
            wrap="wrap",
        ),
        textarea_field("Other limitations (optional, one per line)", "limitations", **bound(S, "limitations")),
    )


def equipment_chip(S: State, item: rx.Var[dict[str, str]]) -> rx.Component:
    D = S.defaults
    name = "equipment_" + item["code"]
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, default_checked=D[name] == "on"),
        rx.el.span(item["label"]),
        class_name="chip",
    )


def equipment_group(S: State, group: rx.Var[EquipmentGroup]) -> rx.Component:
    """One category's chips under a small heading; the fieldset is a group named by it."""
    return rx.el.fieldset(
        rx.el.legend(group.title),
        rx.el.div(rx.foreach(group.options, lambda item: equipment_chip(S, item)), class_name="chips"),
        class_name="group subgroup",
    )


def step4(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        choice_chips("Where will you work out?", "workout_location", choices.WORKOUT_LOCATIONS,
                     default=D["workout_location"], **marked(S, "workout_location")),
        rx.el.fieldset(
            rx.el.legend("Equipment you have (leave all unticked for none)"),
            rx.el.div(rx.foreach(S.equipment_groups, lambda group: equipment_group(S, group)), class_name="subgroups"),
            field_error("available_equipment", **marked(S, "available_equipment")),
            class_name="group",
        ),
        number_field("Longest workout (minutes)", "max_workout_duration_minutes",
                     **bound(S, "max_workout_duration_minutes"), **form_limits("max_workout_duration_minutes")),
    )


def step5(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        check_chips("Workout days", "day_", choices.WEEKDAYS, D, name="workout_days", **marked(S, "workout_days")),
        field_row(
            input_field("Preferred time", "preferred_workout_time", type_="time", **bound(S, "preferred_workout_time")),
            number_field("Duration (minutes)", "preferred_workout_duration_minutes",
                         **bound(S, "preferred_workout_duration_minutes"),
                         **form_limits("preferred_workout_duration_minutes")),
        ),
        checkbox_field("Remind me before workouts", "workout_reminder_enabled", default=D["workout_reminder_enabled"] == "on",
                       on_change=S.toggle_workout_reminder),
        rx.cond(
            S.workout_reminder,
            number_field("Remind me this many minutes before", "reminder_offset_minutes",
                         **bound(S, "reminder_offset_minutes"), **form_limits("reminder_offset_minutes")),
        ),
        choice_chips("Rest days", "rest_day_preference", choices.REST_DAY_PREFERENCES, default=D["rest_day_preference"],
                     **marked(S, "rest_day_preference")),
    )


def step6(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        choice_chips("Diet", "diet_type", choices.DIET_TYPES, default=D["diet_type"], **marked(S, "diet_type"),
                     on_change=lambda value: S.choose_diet(value)),
        rx.cond(
            S.diet_type == "other",
            input_field("Describe your diet", "diet_type_other", **bound(S, "diet_type_other"),
                        hint=f"Up to {MAX_DIET_OTHER_CHARS} characters."),
        ),
        field_row(
            input_field("Allergies (comma separated)", "allergies", **bound(S, "allergies")),
            input_field("Intolerances", "intolerances", **bound(S, "intolerances")),
        ),
        field_row(
            input_field("Dislikes", "dislikes", **bound(S, "dislikes")),
            input_field("Religious restrictions", "religious_restrictions", **bound(S, "religious_restrictions")),
        ),
        input_field("Favourite cuisines", "preferred_cuisines", **bound(S, "preferred_cuisines")),
        field_row(
            select_field("Cooking skill", "cooking_skill_level", choices.COOKING_SKILLS, **bound(S, "cooking_skill_level"),
                         empty="Not specified"),
            select_field("Meal prep", "meal_prep_willingness", choices.MEAL_PREP_WILLINGNESS,
                         **bound(S, "meal_prep_willingness"), empty="Not specified"),
        ),
        field_row(
            number_field("Max prep time per meal (minutes)", "max_meal_prep_time_minutes",
                         **bound(S, "max_meal_prep_time_minutes"), **form_limits("max_meal_prep_time_minutes")),
            number_field("Food budget per day (USD)", "budget_per_day_usd", **bound(S, "budget_per_day_usd"),
                         **form_limits("budget_per_day_usd")),
        ),
        textarea_field("Anything else about food?", "additional_notes", **bound(S, "additional_notes")),
    )


def proposal_card(S: State) -> rx.Component:
    P = S.proposal
    return rx.cond(
        P.contains("calories"),
        rx.card(
            rx.vstack(
                rx.heading("Your coach's proposal", as_="h2", size="3"),
                rx.data_list.root(
                    rx.data_list.item(rx.data_list.label("Daily energy"), rx.data_list.value(P["calories"])),
                    rx.data_list.item(rx.data_list.label("Daily range"), rx.data_list.value(P["range"])),
                    rx.data_list.item(rx.data_list.label("Protein"), rx.data_list.value(P["protein"])),
                    rx.data_list.item(rx.data_list.label("Carbs"), rx.data_list.value(P["carbs"])),
                    rx.data_list.item(rx.data_list.label("Fat"), rx.data_list.value(P["fat"])),
                    orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
                ),
                rx.el.details(
                    rx.el.summary("How I worked this out"),
                    rx.text(P["rationale"], size="2", color_scheme="gray"),
                ),
                spacing="2",
            ),
            width="100%",
        ),
    )


def step7(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        number_field("Meals per day", "meals_per_day", **bound(S, "meals_per_day"), **form_limits("meals_per_day")),
        proposal_card(S),
        checkbox_field("Adjust the numbers myself", "adjust", default=D["adjust"] == "on", on_change=S.toggle_adjust),
        rx.cond(
            S.adjust_plan,
            rx.fragment(
                field_row(
                    number_field("Daily calories (kcal)", "daily_calories_target", **bound(S, "daily_calories_target"),
                                 **form_limits("daily_calories_target")),
                    number_field("Protein (g)", "protein_grams_target", **bound(S, "protein_grams_target"),
                                 **form_limits("macro_grams")),
                ),
                field_row(
                    number_field("Carbs (g)", "carbs_grams_target", **bound(S, "carbs_grams_target"),
                                 **form_limits("macro_grams")),
                    number_field("Fat (g)", "fats_grams_target", **bound(S, "fats_grams_target"),
                                 **form_limits("macro_grams")),
                ),
            ),
        ),
    )


def meal_fields(S: State, number: rx.Var[int]) -> rx.Component:
    n = number.to_string()

    def field(label: str, suffix: str, **props) -> rx.Component:
        return input_field("Meal " + n + " " + label, "meal_" + n + "_" + suffix, **bound(S, "meal_" + n + "_" + suffix),
                           **props)

    return rx.el.fieldset(
        rx.el.legend("Meal " + n),
        field_row(field("name", "name"), field("time", "time", type_="time")),
        field_row(
            field("earliest", "earliest", type_="time"),
            field("latest", "latest", type_="time"),
            field("reminder (minutes before)", "offset", type_="number", **html_limits("notification_offset_minutes")),
        ),
        class_name="group",
    )


def step8(S: State) -> rx.Component:
    return rx.foreach(S.meal_numbers, lambda number: meal_fields(S, number))


def step9(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        choice_chips("Energy", "energy_level", choices.ENERGY_LEVELS, default=D["energy_level"],
                     **marked(S, "energy_level")),
        choice_chips("Stress", "stress_level", choices.STRESS_LEVELS, default=D["stress_level"],
                     **marked(S, "stress_level")),
        choice_chips("Sleep quality", "sleep_quality", choices.SLEEP_QUALITIES, default=D["sleep_quality"],
                     **marked(S, "sleep_quality")),
        number_field("Hours slept last night (optional)", "sleep_hours_last_night", **bound(S, "sleep_hours_last_night"),
                     **form_limits("sleep_hours_last_night")),
    )


def step10(S: State) -> rx.Component:
    D = S.defaults
    return rx.fragment(
        number_field("Daily water target (ml)", "daily_water_target_ml", **bound(S, "daily_water_target_ml"),
                     **form_limits("daily_water_target_ml"),
                     hint=f"Suggested: {WATER_ML_PER_KG} ml per kg of body weight."),
        checkbox_field("Remind me to drink", "reminder_enabled", default=D["reminder_enabled"] == "on",
                       on_change=S.toggle_water_reminder),
        rx.cond(
            S.water_reminder,
            field_row(
                number_field("Remind every (minutes)", "reminder_frequency_minutes",
                             **bound(S, "reminder_frequency_minutes"), **form_limits("reminder_frequency_minutes")),
                input_field("Reminders from", "reminder_start_time", type_="time", **bound(S, "reminder_start_time")),
                input_field("Reminders until", "reminder_end_time", type_="time", **bound(S, "reminder_end_time")),
            ),
        ),
        choice_chips("Reminder tone", "reminder_tone", choices.REMINDER_TONES, default=D["reminder_tone"],
                     **marked(S, "reminder_tone")),
        checkbox_field("Also remind me with meals", "auto_remind_with_meals", default=D["auto_remind_with_meals"] == "on"),
    )


STEP_FIELDS = (step0, step1, step2, step3, step4, step5, step6, step7, step8, step9, step10)


def step_fields(S: State) -> rx.Component:
    """The fields of the state's active step."""
    return rx.match(S.active_step, *[(number, fields(S)) for number, fields in enumerate(STEP_FIELDS)], rx.fragment())


def step_form(S: State, *, leading: rx.Component | None = None) -> rx.Component:
    """The active step's form; one Send button, and Cancel while changing an earlier answer."""
    return rx.form(
        rx.vstack(
            leading if leading is not None else rx.fragment(),
            step_fields(S),
            rx.hstack(
                submit_button(rx.cond(S.editing, "Save change", "Send"), size="3"),
                rx.cond(S.editing, rx.button("Cancel", type="button", variant="soft", color_scheme="gray", size="3",
                                             on_click=S.cancel_change)),
                spacing="3",
            ),
            spacing="4",
            width="100%",
            align="stretch",
        ),
        on_submit=S.submit,
        reset_on_submit=False,
        # The coach, not the browser's tooltip, says what is wrong with a value (and beside its field).
        no_validate=True,
        key=S.form_key,
        width="100%",
    )
