"""Shared helpers for step validation tests: start from the valid answers, change one thing."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from fitapp.domain import StepRejected, StepResult, validate_answer
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import TODAY, make_context

_DROP = object()
DROP: Any = _DROP  # marker: remove this key from the answer


def answers(today: date = TODAY) -> dict[int, dict[str, Any]]:
    return valid_answers(today)


def answer_with(step: int, today: date = TODAY, **changes: Any) -> dict[str, Any]:
    """The valid answer of ``step`` with some keys changed (DROP removes a key)."""
    answer = copy.deepcopy(answers(today)[step])
    for key, value in changes.items():
        if value is DROP:
            answer.pop(key, None)
        else:
            answer[key] = value
    return answer


def accept(
    step: int,
    answer: dict[str, Any],
    earlier: dict[int, dict[str, Any]] | None = None,
    today: date = TODAY,
) -> StepResult:
    """Validate against the valid answers (or ``earlier``) and expect acceptance."""
    context = make_context(answers(today) if earlier is None else earlier, today)
    return validate_answer(step, answer, context)


def reject(
    step: int,
    answer: Any,
    earlier: dict[int, dict[str, Any]] | None = None,
    today: date = TODAY,
) -> str:
    """Validate and expect refusal; returns all messages joined, for ``in`` checks."""
    context = make_context(answers(today) if earlier is None else earlier, today)
    with pytest.raises(StepRejected) as caught:
        validate_answer(step, answer, context)
    assert caught.value.messages, "a refusal must say why"
    return " ".join(caught.value.messages)
