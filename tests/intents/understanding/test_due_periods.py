"""A week or a month given as a due date: read as its last working day, never dropped.

"due next week" is Friday of next week; "this month", 下个月内, "in January" the last Monday
to Friday day of that month, counted in the speaker's timezone. A period already over is asked
about; a period that only qualifies a thing ("this month's invoices") is no due date.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.core.actors import actor_for_handle
from domain.workspace.importing import import_workspace
from intents.extract.dates import find_due_period, last_working_day
from intents.understanding.understand import understand
from tests.intents.understanding.test_understand_en import WORKSPACE

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)
# 09:00 on Tuesday 1 December in Shanghai is still Monday 30 November in New York
FIRST_OF_DECEMBER = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def say(session):  # type: ignore[no-untyped-def]
    import_workspace(session, WORKSPACE, now=TUESDAY, source="test")
    session.commit()

    def said(text: str, who: str = "sara", now: datetime = TUESDAY) -> dict:
        actor = actor_for_handle(session, who)
        return understand(session, text=text, actor=actor, now=now).to_contract()
    return said


@pytest.mark.parametrize(("text", "who", "due", "title"), [
    ("create a task on NW-SHOP: send the invoice, due next week", "sara", "2026-12-04", "send the invoice"),
    ("add a task on NW-SHOP: prepare the demo sometime next week", "kai", "2026-12-04", "prepare the demo"),
    ("HT-ERP加个任务：整理验收清单，下周交", "wang", "2026-12-04", "整理验收清单"),
    ("HT-ERP新建任务 核对报价 本周之内", "wang", "2026-11-27", "核对报价"),
])
def test_a_week_as_a_due_date_is_its_friday(say, text: str, who: str, due: str, title: str) -> None:  # type: ignore[no-untyped-def]
    out = say(text, who=who)
    assert out["intent"] == "create_task"
    assert (out["slots"]["due"], out["slots"]["title"]) == (due, title)
    assert "due" not in out["unresolved"]


@pytest.mark.parametrize(("text", "who", "due"), [
    ("add a task on NW-SHOP: renew the certificate, due this month", "sara", "2026-11-30"),
    ("add a task to NW-SHOP: draft the handover notes by next month", "sara", "2026-12-31"),
    ("new task for NW-SHOP: write the migration plan, due in January", "kai", "2027-01-29"),
    ("HT-ERP新建任务 核对报价 下个月内", "wang", "2026-12-31"),
    ("HT-ERP加个任务：写培训手册，这个月内完成", "wang", "2026-11-30"),
])
def test_a_month_as_a_due_date_is_its_last_working_day(say, text: str, who: str, due: str) -> None:  # type: ignore[no-untyped-def]
    out = say(text, who=who)
    assert out["intent"] == "create_task"
    assert out["slots"]["due"] == due


def test_the_month_is_the_speakers_own(say) -> None:  # type: ignore[no-untyped-def]
    text = "add a task on NW-SHOP: close the books, due this month"
    assert say(text, who="sara", now=FIRST_OF_DECEMBER)["slots"]["due"] == "2026-12-31"
    assert say(text, who="kai", now=FIRST_OF_DECEMBER)["slots"]["due"] == "2026-11-30"


@pytest.mark.parametrize(("text", "who"), [
    ("add a task on NW-SHOP: file the audit report, due last week", "sara"),
    ("HT-ERP加个任务：补交周报，上个月内", "wang"),
])
def test_a_period_already_over_is_asked_about_not_dropped(say, text: str, who: str) -> None:  # type: ignore[no-untyped-def]
    out = say(text, who=who)
    assert out["intent"] == "create_task"
    assert "due" not in out["slots"]
    assert out["unresolved"]["due"] in text


@pytest.mark.parametrize("text", [
    "add a task on NW-SHOP: check this month's invoices",
    "HT-ERP加个任务：整理这个月的发票",
])
def test_a_period_that_qualifies_a_thing_is_no_due_date(say, text: str) -> None:  # type: ignore[no-untyped-def]
    out = say(text, who="wang" if "HT-ERP" in text else "sara")
    assert "due" not in out["slots"] and "due" not in out["unresolved"]


@pytest.mark.parametrize(("text", "who", "due"), [
    ("move #1 to next week", "sara", "2026-12-04"),
    ("push the deadline of #2 to next month", "kai", "2026-12-31"),
    ("#3截止日期改到下周", "wang", "2026-12-04"),
])
def test_a_due_date_moved_to_a_period_is_its_last_working_day(say, text: str, who: str, due: str) -> None:  # type: ignore[no-untyped-def]
    out = say(text, who=who)
    assert out["intent"] == "update_task"
    assert out["slots"]["due"] == due


def test_a_period_in_a_status_change_is_no_due_date(say) -> None:  # type: ignore[no-untyped-def]
    out = say("#2 is blocked this week", who="kai")
    assert out["intent"] == "update_task" and "due" not in out["slots"]


def test_a_day_said_with_the_period_wins(say) -> None:  # type: ignore[no-untyped-def]
    out = say("add a task on NW-SHOP: ship the banner on wednesday next week")
    assert out["slots"]["due"] == "2026-12-02"


def test_the_last_working_day_steps_back_over_a_weekend() -> None:
    assert last_working_day(date(2027, 1, 1), date(2027, 1, 31)) == date(2027, 1, 29)
    assert last_working_day(date(2026, 11, 30), date(2026, 12, 6)) == date(2026, 12, 4)
    assert last_working_day(date(2026, 12, 1), date(2026, 12, 31)) == date(2026, 12, 31)


def test_a_due_period_is_looked_for_ahead() -> None:
    found = find_due_period("due in march", date(2026, 11, 24))
    assert found is not None and found.value == (date(2027, 3, 1), date(2027, 3, 31))
    assert find_due_period("the last 3 days", date(2026, 11, 24)) is None
