"""Questions answered by their meaning, and the user's words kept as written."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.core.models import LeaveRequest, Task


def test_whats_overdue_lists_only_open_tasks_due_before_today(chat_as) -> None:
    reply = chat_as("mei").say("what's overdue?")
    assert "#1 Sign-in flow" in reply            # due 11-25, open
    assert "Order history page" not in reply     # due 12-08: not overdue
    assert "Wireframes" not in reply             # done
    assert "Sign-in flow" in chat_as("mei").say("有哪些任务逾期了？")


def test_anything_blocked_on_a_project_asks_for_blocked_tasks(chat_as, engine) -> None:
    with Session(engine) as session:
        task = session.get(Task, 2)
        task.status = "blocked"
        session.add(task)
        session.commit()
    reply = chat_as("ada").say("anything blocked on NW-PORTAL?")
    assert "Order history page" in reply and "Sign-in flow" not in reply


def test_who_are_you_and_thanks_get_their_own_answers(chat_as) -> None:
    sam = chat_as("sam")
    assert "Hi" not in sam.say("thanks!")
    assert "不客气" in chat_as("mei").say("谢谢")
    assert chat_as("mei").say("你是谁？") != chat_as("mei").say("今天天气怎么样？")


def test_days_off_in_english_and_chinese_are_leave_requests(chat_as, engine) -> None:
    sam = chat_as("sam")
    reply = sam.say("I'm off on 14 and 15 December")
    if "Just to be sure" in reply:
        sam.say("yes")
    mei = chat_as("mei")
    if "确认" in mei.say("12月21号和22号我休息"):
        mei.say("是")
    with Session(engine) as session:
        spans = [(r.start.isoformat(), r.end.isoformat()) for r in session.exec(select(LeaveRequest))]
    assert spans == [("2026-12-14", "2026-12-15"), ("2026-12-21", "2026-12-22")]


def test_a_task_title_in_traditional_characters_is_stored_as_written(chat_as, engine) -> None:
    mei = chat_as("mei")
    reply = mei.say("新增任務：權限審計報告，客戶門戶，緊急")
    if "确认" in reply:
        mei.say("是")
    with Session(engine) as session:
        titles = [t.title for t in session.exec(select(Task).where(Task.id > 3))]
    assert titles == ["權限審計報告"]


def test_a_chinese_confirmation_has_no_english_field_names(chat_as) -> None:
    reply = chat_as("mei").say("昨天客户门户 6小时，今天运维看板 2小时")
    for english in ("hours", "project", "date", "type 'yes'"):
        assert english not in reply, reply


def test_an_overspent_budget_reads_as_overspent_not_a_negative_remainder(chat_as, engine, now) -> None:
    from domain.core.actors import actor_for_handle
    from domain.core.store import unit_of_work
    from domain.money.expenses import log_expense
    from domain.requests.approvals import decide

    with unit_of_work(engine) as session:
        mei = actor_for_handle(session, "mei")
        expense = log_expense(session, mei, project="NW-OPS", amount=60000, day=now.date(),
                              currency="CNY", category="software", note="licences", now=now)
        if expense.approval_id:
            decide(session, actor_for_handle(session, "ada"), decision="approve",
                   request=expense.approval_id, now=now)
    reply = chat_as("mei").say("运维看板预算还剩多少")
    assert "超支 10,000" in reply and "-10,000" not in reply, reply
