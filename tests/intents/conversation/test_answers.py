"""Short answers to pmbot's own questions, read with the primitives that read whole messages."""
from __future__ import annotations

from datetime import date

import pytest

from intents.conversation.answers import read_answer

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(("region", "expected"), [
    ("DE", "2027-05-12"), ("GB", "2027-05-12"), ("US", "2026-12-05"), (None, "2026-12-05"),
])
def test_a_numeric_date_answer_is_read_in_the_speakers_convention(region, expected):
    assert read_answer("due", "12/5", intent="create_task", today=TODAY, region=region) == expected


def test_a_log_date_answer_looks_back_and_a_due_date_answer_ahead():
    assert read_answer("date", "monday", intent="log_time", today=TODAY) == "2026-11-30"
    assert read_answer("due", "monday", intent="create_task", today=TODAY) == "2026-12-07"
