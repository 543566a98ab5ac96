"""What a step validation receives and returns.

Kept apart from the rules so the UI, the services and the API can import the result types
without pulling in every step's rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fitapp.domain.reference import ReferenceData


@dataclass(frozen=True)
class StepContext:
    """Everything a rule may look at besides the answer itself.

    ``answers`` are the earlier accepted (normalized) answers keyed by step number, because
    several rules compare against them (target weight vs. current weight, workout length vs.
    longest workout, meal count vs. meals per day). ``today`` is passed in, never read from
    the clock, so ages are testable and the same on every server.
    """

    answers: Mapping[int, Mapping[str, Any]]
    reference: ReferenceData
    today: date

    def answer(self, step: int) -> Mapping[str, Any] | None:
        """An earlier accepted answer, or None when that step has not been answered."""
        return self.answers.get(step)


@dataclass(frozen=True)
class StepResult:
    """An accepted answer: ``answer`` is what to store as step_data["step_N"] (JSON-safe),
    ``notes`` are coach messages to show without refusing the answer."""

    answer: dict[str, Any]
    notes: list[str] = field(default_factory=list)


class StepRejected(Exception):
    """An answer that must not be stored; ``messages`` say in coach language what to fix.

    ``fields`` are the answer's fields the messages are about, as paths into the answer
    ("height_cm", "meals.2.latest_time", "injuries.1.area"), so a form can mark those inputs;
    a problem about the answer as a whole (or about another step) names none.
    ``field_messages`` says which messages are about which field, so a form can show each
    problem next to its input; a field named without its own messages gets all of them.
    """

    def __init__(self, messages: list[str], step: int | None = None, fields: Iterable[str] = (),
                 field_messages: Mapping[str, Iterable[str]] | None = None) -> None:
        self.messages = list(messages)
        self.step = step
        self.fields = tuple(fields)
        known = {path: list(found) for path, found in (field_messages or {}).items()}
        self.field_messages: dict[str, list[str]] = {path: known.get(path) or list(self.messages) for path in self.fields}
        super().__init__(" ".join(self.messages))

    def record(self) -> dict[str, list[str]]:
        """What may be stored about this refusal (onboarding_step_events.details): the messages
        and the field names only, a bounded number of each and each bounded, with any control
        character removed; never the answer itself."""
        return {
            "messages": [_bounded(m, RECORD_MESSAGE_CHARS) for m in self.messages[:RECORD_MESSAGES]],
            "fields": [_bounded(f, RECORD_FIELD_CHARS) for f in self.fields[:RECORD_FIELDS]],
        }


# Bounds of a stored refusal: a refused answer can be at most a few kilobytes in the database.
RECORD_MESSAGES, RECORD_MESSAGE_CHARS = 20, 300
RECORD_FIELDS, RECORD_FIELD_CHARS = 40, 80
_UNSTORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _bounded(text: str, limit: int) -> str:
    text = _UNSTORABLE.sub("", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Topic titles by step number; rules name the step a missing dependency lives in.
STEP_TITLES: tuple[str, ...] = (
    "About you",
    "Fitness experience",
    "Goals",
    "Health & injuries",
    "Where & with what",
    "Workout schedule",
    "Diet",
    "Meal plan",
    "Meal times",
    "Lifestyle",
    "Hydration",
    "Review",
)
