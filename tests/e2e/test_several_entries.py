"""Several entries in one message are all carried out, each with its own project, date and note."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.core.models import Expense, Project, Task, TimeEntry


def _entries(engine) -> list[tuple[str, str, float, str | None]]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        rows = session.exec(select(Project.code, TimeEntry.day, TimeEntry.hours, TimeEntry.note)
                            .join(Project, Project.id == TimeEntry.project_id)
                            .where(TimeEntry.id > 2).order_by(TimeEntry.id)).all()
    return [(code, day.isoformat(), hours, note) for code, day, hours, note in rows]


def _said_yes_if_asked(chat, text: str) -> str:  # type: ignore[no-untyped-def]
    reply = chat.say(text)
    asked = "yes" in [b.value for b in chat.replies[-1].buttons]
    return chat.say("yes") if asked else reply


def test_two_entries_in_english_are_both_logged_on_their_own_projects(chat_as, engine) -> None:
    sam = chat_as("sam")
    confirm = sam.say("log 2h on NW-PORTAL and 3h on NW-OPS yesterday")
    assert "NW-PORTAL" in confirm and "NW-OPS" in confirm
    sam.say("yes")
    assert _entries(engine) == [("NW-PORTAL", "2026-11-26", 2, None), ("NW-OPS", "2026-11-26", 3, None)]


def test_each_entry_keeps_its_own_date_and_note(chat_as, engine) -> None:
    _said_yes_if_asked(chat_as("sam"),
                       "4h on NW-PORTAL yesterday for sign-in fixes and 2.5h on NW-OPS today for alerts")
    assert _entries(engine) == [("NW-PORTAL", "2026-11-26", 4, "sign-in fixes"),
                                ("NW-OPS", "2026-11-27", 2.5, "alerts")]


def test_two_entries_in_chinese_share_the_day_said_once(chat_as, engine) -> None:
    mei = chat_as("mei")
    confirm = mei.say("今天客户门户做了3小时，运维看板做了2小时")
    assert "hours" not in confirm and "project" not in confirm and "工时" in confirm
    mei.say("好")
    assert _entries(engine) == [("NW-PORTAL", "2026-11-27", 3, None), ("NW-OPS", "2026-11-27", 2, None)]


def test_chinese_entries_on_different_days(chat_as, engine) -> None:
    _said_yes_if_asked(chat_as("mei"), "昨天客户门户 6小时，今天运维看板 2小时")
    assert _entries(engine) == [("NW-PORTAL", "2026-11-26", 6, None), ("NW-OPS", "2026-11-27", 2, None)]


def test_one_refused_entry_writes_none_of_them_and_says_which(chat_as, engine) -> None:
    sam = chat_as("sam")
    reply = _said_yes_if_asked(sam, "log 2h on NW-PORTAL and 30h on NW-OPS yesterday")
    assert "entry 2" in reply
    assert _entries(engine) == []


def test_two_tasks_done_in_one_message_are_both_done(chat_as, engine) -> None:
    _said_yes_if_asked(chat_as("mei"), "#1和#2都完成了")
    with Session(engine) as session:
        assert [session.get(Task, n).status for n in (1, 2)] == ["done", "done"]


def test_two_expenses_in_one_message_are_both_recorded(chat_as, engine) -> None:
    _said_yes_if_asked(chat_as("mei"), "taxi 80 CNY on NW-PORTAL, hotel 600 CNY on NW-OPS")
    with Session(engine) as session:
        rows = session.exec(select(Expense.amount, Expense.project_id).where(Expense.id > 1)
                            .order_by(Expense.id)).all()
    assert [a for a, _p in rows] == [80, 600] and rows[0][1] != rows[1][1]


def test_parse_prints_the_further_entries(engine, now, chat_as) -> None:
    from domain.core.actors import actor_for_handle
    from intents.understanding.understand import understand

    with Session(engine) as session:
        intent = understand(session, text="log 2h on NW-PORTAL and 3h on NW-OPS",
                            actor=actor_for_handle(session, "sam"), now=now).to_contract()
    assert intent["slots"] == {"hours": 2, "project": "NW-PORTAL"}
    assert intent["entries"] == [{"intent": "log_time", "slots": {"hours": 3, "project": "NW-OPS"},
                                  "unresolved": {}}]
