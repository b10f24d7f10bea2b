"""Dates as people write them, read in whole messages: the slot's direction, the speaker's
country, and a date phrase nothing reads is asked about instead of dropped."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from domain.core.actors import actor_for_handle
from domain.workspace.importing import import_workspace
from intents.understanding.understand import understand
from tests.intents.understanding.test_understand_en import WORKSPACE

TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def say(session):  # type: ignore[no-untyped-def]
    import_workspace(session, WORKSPACE, now=TUESDAY, source="test")
    session.commit()

    def said(text: str, who: str = "sara", now: datetime = TUESDAY) -> dict:
        actor = actor_for_handle(session, who)
        return understand(session, text=text, actor=actor, now=now).to_contract()
    return said


def test_a_bare_weekday_due_date_is_the_coming_one_never_a_past_day(say) -> None:  # type: ignore[no-untyped-def]
    out = say("create a task on NW-SHOP: send the invoice, due monday")
    assert out["intent"] == "create_task"
    assert out["slots"]["due"] == "2026-11-30"


def test_a_bare_weekday_log_date_is_the_last_one(say) -> None:  # type: ignore[no-untyped-def]
    out = say("log 2h on NW-SHOP for friday")
    assert out["slots"]["date"] == "2026-11-20"


def test_a_holiday_is_read_in_the_speakers_country(say) -> None:  # type: ignore[no-untyped-def]
    out = say("HT-ERP加个任务：上线检查，国庆前", who="wang")
    assert out["intent"] == "create_task"
    assert out["slots"]["due"] == "2027-09-30"


def test_an_ordinal_day_of_next_month_is_read_as_a_due_date(say) -> None:  # type: ignore[no-untyped-def]
    out = say("create a task on NW-SHOP: renew the certificate, due the 20th of next month")
    assert out["slots"]["due"] == "2026-12-20"


@pytest.mark.parametrize(
    ("text", "who", "phrase"),
    [("create a task on NW-SHOP: order the banners, due after Easter", "sara", "after Easter"),
     ("HT-ERP加个任务：准备年会物料，初一前", "wang", "初一")],
)
def test_a_due_date_nothing_reads_is_asked_about_not_dropped(say, text: str, who: str,  # type: ignore[no-untyped-def]
                                                              phrase: str) -> None:
    out = say(text, who=who)
    assert out["intent"] == "create_task"
    assert "due" not in out["slots"]
    assert phrase in out["unresolved"]["due"]
    assert out["confidence"] <= 0.5
