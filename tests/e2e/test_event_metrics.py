"""The conversation's Reflex events are timed into /metrics (issue 17, item 7: latency per event)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.steps import answer_about_you, sign_up

SUBMIT_COUNT = re.compile(r'^fitapp_event_duration_seconds_count\{event="ConversationState\.submit"\} (\S+)$', re.M)


def _submits_counted(page: Page) -> float:
    response = page.request.get("/metrics")
    assert response.ok, response.status
    found = SUBMIT_COUNT.search(response.text())
    return float(found.group(1)) if found else 0.0


def test_an_answer_sent_in_the_conversation_is_counted_and_timed(page: Page):
    sign_up(page)
    before = _submits_counted(page)
    answer_about_you(page)  # one Send
    expect(page.get_by_text("Step 1 of 11", exact=True)).to_be_visible()
    assert _submits_counted(page) == before + 1
    text = page.request.get("/metrics").text()
    assert 'fitapp_event_duration_seconds_bucket{event="ConversationState.submit",le="+Inf"}' in text
    assert 'fitapp_event_duration_seconds_count{event="ConversationState.load"}' in text
