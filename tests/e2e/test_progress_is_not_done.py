"""Progress is not completion: "50% done", "完成一半" set a percentage; only "done" closes a task."""
from __future__ import annotations

from sqlmodel import Session

from domain.core.models import Task


def _task(engine, task_id: int) -> tuple:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        task = session.get(Task, task_id)
        return task.status, task.progress


def test_a_percentage_in_english_records_progress_and_keeps_the_task_open(chat_as, engine) -> None:
    sam = chat_as("sam")
    reply = sam.say("#1 is 50% done")
    assert "50%" in reply and "in progress" in reply
    assert _task(engine, 1) == ("in_progress", 50)
    sam.say("#1 80% there")
    assert _task(engine, 1) == ("in_progress", 80)
    assert "80%" in sam.say("is #1 done?")
    sam.say("#1 done")
    assert _task(engine, 1)[0] == "done"


def test_half_done_moves_a_todo_task_to_in_progress(chat_as, engine) -> None:
    chat_as("ravi").say("#2 half done")
    assert _task(engine, 2) == ("in_progress", 50)


def test_chinese_fractions_record_progress_not_completion(chat_as, engine) -> None:
    mei = chat_as("mei")
    assert "50%" in mei.say("#2 完成一半了")
    assert _task(engine, 2) == ("in_progress", 50)
    mei.say("#2 做了七成")
    assert _task(engine, 2) == ("in_progress", 70)
    mei.say("#2 完成了百分之九十")
    assert _task(engine, 2) == ("in_progress", 90)
    assert "70%" not in mei.say("客户门户有哪些任务") and "90%" in mei.say("客户门户有哪些任务")
    mei.say("#2 搞定")
    assert _task(engine, 2)[0] == "done"


def test_progress_out_of_range_is_refused_and_writes_nothing(chat_as, engine) -> None:
    reply = chat_as("sam").say("#1 is 150% done")
    assert _task(engine, 1) == ("in_progress", None), reply


def test_progress_is_exported_and_imported_back(chat_as, engine, now) -> None:
    from domain.workspace.export import export_workspace

    chat_as("sam").say("#1 is 40% done")
    with Session(engine) as session:
        data = export_workspace(session)
    tasks = [t for p in data["projects"] for t in p.get("tasks", [])]
    assert any(t.get("progress") == 40 and t["title"] == "Sign-in flow" for t in tasks)


def test_progress_said_in_chat_burns_down_the_chart_and_shows_in_status(firm, chat_as, engine, now, tmp_path) -> None:
    """#2 (30 h) half done burns 15 h: status says so, and the burndown drawn for the chat
    ends 15 h lower than it started today, in both languages."""
    from bot.charts.render import ChartRenderer
    from intents.conversation.assistant import Tools

    drawn: list = []

    class Recording(ChartRenderer):
        def render(self, kind, data, *, lang="en"):  # type: ignore[no-untyped-def]
            drawn.append(data)
            return super().render(kind, data, lang=lang)

    firm.tools = Tools(charts=lambda: Recording(tmp_path))
    assert "1 of 3 tasks" in chat_as("ada").say("status of NW-PORTAL")
    chat_as("ada").say("burndown for NW-PORTAL")
    before = drawn[-1].remaining[-1]
    chat_as("mei").say("#2 完成一半")
    status = chat_as("ada").say("status of NW-PORTAL")
    assert "25 of 60 h" in status, status  # 10 h done (#3) + half of #2's 30 h
    chat_as("mei").say("客户门户燃尽图")
    assert drawn[-1].remaining[-1] == before - 15
    assert drawn[-1].total - drawn[-1].remaining[-1] == 25
    assert firm.tools.get("charts") is not None and any(tmp_path.glob("burndown-*.png"))
