"""Property: any JSON for any step is accepted or a StepRejected, never another exception.

Two generators: any JSON value as the whole answer, and a valid answer with one field (or one
field of a nested item: a meal, an injury, a PAR-Q answer) replaced by any JSON value, which is
where a type or range slip would crash. Strings include NUL, other controls and lone surrogates;
integers reach 401 digits; floats include NaN and infinities.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fitapp.domain import STEP_COUNT, StepRejected, StepResult, validate_answer
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import TODAY, make_context

texts = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)
numbers = st.one_of(
    st.integers(min_value=-(10**401), max_value=10**401),
    st.integers(min_value=-1000, max_value=10000),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts,
                    st.sampled_from(["", " ", "12:30", "25:00", "1990-05-14", "Europe/Berlin", "other", "knee"]))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(texts, inner, max_size=5)),
    max_leaves=20,
)
steps = st.integers(min_value=0, max_value=STEP_COUNT - 1)


def check(step: int, answer: Any) -> None:
    context = make_context({number: a for number, a in valid_answers(TODAY).items() if number != step})
    try:
        result = validate_answer(step, answer, context)
    except StepRejected as rejected:
        assert rejected.messages and all(isinstance(m, str) for m in rejected.messages)
        assert all("\x00" not in f for f in rejected.record()["fields"] + rejected.record()["messages"])
        return
    assert isinstance(result, StepResult)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, json_values)
def test_any_json_as_an_answer_is_accepted_or_rejected(step, answer):
    check(step, answer)


@st.composite
def one_field_replaced(draw):
    step = draw(steps)
    answer = copy.deepcopy(valid_answers(TODAY).get(step, {"confirm": True}))
    target: Any = answer
    # Walk into a nested object or list now and then (meals, injuries, parq).
    while True:
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
        elif isinstance(target, list) and target:
            key = draw(st.integers(min_value=0, max_value=len(target) - 1))
        else:
            break
        if isinstance(target[key], (dict, list)) and target[key] and draw(st.booleans()):
            target = target[key]
            continue
        target[key] = draw(json_values)
        break
    return step, answer


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_field_replaced())
def test_a_valid_answer_with_any_one_value_replaced_is_accepted_or_rejected(case):
    check(*case)
