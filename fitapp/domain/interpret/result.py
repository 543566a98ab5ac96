"""What an interpreter returns: the partial answer, the chips it understood, the keys still missing."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fitapp.domain.reference import ReferenceData


@dataclass(frozen=True)
class Chip:
    """One thing understood, shown to the user to confirm or remove.

    ``field`` is the path of what it set in the answer: a key ("height_cm"), a key and a
    sub-key ("parq.bp_medication"), or a list key and a 1-based item ("allergies.2",
    "injuries.1", "meals.3"), so ``without`` can take exactly that back out.
    """

    field: str
    text: str


@dataclass(frozen=True)
class Interpretation:
    step: int
    answer: dict[str, Any]
    understood: list[Chip]
    missing: list[str]

    @property
    def empty(self) -> bool:
        return not self.answer


@dataclass(frozen=True)
class Context:
    """What an interpreter may read besides the text: earlier answers, reference data, today."""

    answers: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    reference: ReferenceData | None = None
    today: date | None = None
    raw: str = ""  # the text as typed, for free text kept in the user's own letters

    def answer(self, step: int) -> Mapping[str, Any]:
        return self.answers.get(step) or {}

    @property
    def units(self) -> str | None:
        return self.answer(0).get("units")


class Found:
    """The answer being built, and a chip for every field set."""

    def __init__(self) -> None:
        self.answer: dict[str, Any] = {}
        self.chips: list[Chip] = []

    def set(self, key: str, value: Any, text: str) -> None:
        if key in self.answer:
            return  # the first statement of a field wins; a later one is usually about something else
        self.answer[key] = value
        self.chips.append(Chip(key, text))

    def set_in(self, key: str, sub: str, value: Any, text: str) -> None:
        group = self.answer.setdefault(key, {})
        if sub in group:
            return
        group[sub] = value
        self.chips.append(Chip(f"{key}.{sub}", text))

    def add(self, key: str, value: Any, text: str) -> None:
        items = self.answer.setdefault(key, [])
        if value in items:
            return
        items.append(value)
        self.chips.append(Chip(f"{key}.{len(items)}", text))

    def empty_list(self, key: str, text: str) -> None:
        """A stated "none" (no equipment, no injuries): the list is set, and empty."""
        if key not in self.answer:
            self.answer[key] = []
            self.chips.append(Chip(key, text))

    def has(self, key: str) -> bool:
        return key in self.answer


def without(answer: Mapping[str, Any], path: str) -> dict[str, Any]:
    """The answer with one chip's field taken out (the user removed the chip)."""
    result = copy.deepcopy(dict(answer))
    key, _, rest = path.partition(".")
    if not rest:
        result.pop(key, None)
    elif isinstance(result.get(key), dict):
        result[key].pop(rest, None)
        if not result[key]:
            result.pop(key)
    elif isinstance(result.get(key), list) and rest.isdigit() and 0 < int(rest) <= len(result[key]):
        del result[key][int(rest) - 1]
        if key == "meals":
            for number, meal in enumerate(result[key], start=1):
                meal["meal_number"] = number
    return result
