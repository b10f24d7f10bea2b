"""Deleting a task in chat: always asked first, only by the project's manager or an admin,
never a task with hours on it, and "undo" brings the very same row back with its links."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from domain.core.actors import actor_for_handle
from domain.core.models import AuditEvent, Task, TaskDependency, TimeEntry
from domain.core.store import unit_of_work


@pytest.fixture
def linked(firm, engine, now):  # type: ignore[no-untyped-def]
    """#2 waits for #1, and a new #4 waits for #2: deleting #2 cuts both links."""
    from domain.work.tasks import create_task, update_task

    with unit_of_work(engine) as session:
        mei = actor_for_handle(session, "mei")
        update_task(session, mei, task=2, depends_on=[1], now=now)
        create_task(session, mei, project="NW-PORTAL", title="Order export", depends_on=[2], now=now)
    return firm


def _task(engine, task_id: int) -> tuple | None:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        row = session.get(Task, task_id)
        return None if row is None else (row.id, row.project_id, row.title, row.assignee_id,
                                         row.milestone_id, row.status, row.priority, row.due,
                                         row.estimate_hours, row.progress, row.created_at)


def _links(engine) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return {(d.task_id, d.depends_on_id) for d in session.exec(select(TaskDependency)).all()}


def _actions(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.seq)).all())


def test_the_manager_deletes_a_task_after_saying_yes_and_undo_brings_it_back_whole(
        linked, chat_as, engine) -> None:
    before, links = _task(engine, 2), _links(engine)
    assert links == {(2, 1), (4, 2)}
    mei = chat_as("ada")
    reply = mei.say("delete task #2")
    assert "Just to be sure" in reply and "delete a task" in reply and "#2" in reply
    assert _task(engine, 2) == before  # asking writes nothing
    reply = mei.say("yes")
    assert "Deleted task #2 Order history page" in reply and "undo" in reply
    assert _task(engine, 2) is None and _links(engine) == set()
    assert _actions(engine)[-1] == "task.delete"
    reply = mei.say("undo")
    assert "#2" in reply and "Order history page" in reply
    assert _task(engine, 2) == before and _links(engine) == links
    assert _actions(engine)[-1] == "undo"


def test_a_chinese_manager_deletes_with_confirmation_in_chinese_and_undoes_it(linked, chat_as, engine) -> None:
    before = _task(engine, 4)
    mei = chat_as("mei")
    reply = mei.say("删除任务#4")
    assert "确认一下" in reply and "删除任务" in reply and "#4" in reply
    assert _task(engine, 4) == before
    assert "已删除任务 #4" in mei.say("好的")
    assert _task(engine, 4) is None and (4, 2) not in _links(engine)
    assert "已恢复" in mei.say("撤销")
    assert _task(engine, 4) == before and (4, 2) in _links(engine)


def test_remove_with_a_bare_number_and_no_then_keeps_the_task(linked, chat_as, engine) -> None:
    before = _task(engine, 2)
    mei = chat_as("mei")
    assert "#2" in mei.say("remove #2")
    assert "取消" in mei.say("不用了")
    assert _task(engine, 2) == before


def test_the_assignee_who_is_not_the_manager_may_not_delete_and_nothing_is_removed(
        linked, chat_as, engine) -> None:
    before, links, actions = _task(engine, 2), _links(engine), _actions(engine)
    ravi = chat_as("ravi")  # #2 is ravi's task; mei manages NW-PORTAL
    ravi.say("delete task #2")
    reply = ravi.say("yes")
    assert "Only NW-PORTAL's manager or an admin" in reply
    assert _task(engine, 2) == before and _links(engine) == links and _actions(engine) == actions


def test_a_task_with_logged_hours_is_not_deleted_and_the_hours_stay(chat_as, engine) -> None:
    with Session(engine) as session:
        hours = sorted(e.hours for e in session.exec(select(TimeEntry).where(TimeEntry.task_id == 1)))
    mei = chat_as("mei")
    mei.say("删除任务#1")
    reply = mei.say("是")
    assert "6 小时" in reply and "不能删除" in reply
    sam = chat_as("ada")
    sam.say("delete #1")
    assert "has 6 h logged on it" in sam.say("yes")
    assert _task(engine, 1) is not None
    with Session(engine) as session:
        assert sorted(e.hours for e in session.exec(select(TimeEntry).where(TimeEntry.task_id == 1))) == hours


def test_in_a_shared_channel_only_the_asker_confirms_a_deletion(linked, firm, engine, now) -> None:
    def say(handle: str, text: str) -> str:
        with Session(engine) as session:
            actor = actor_for_handle(session, handle)
        return firm.respond(actor, text, conversation_id="slack:C-team", now=now).text

    assert "Just to be sure" in say("ada", "delete task #2")
    say("sam", "yes")
    say("mei", "yes")
    assert _task(engine, 2) is not None
    say("ada", "yes")
    assert _task(engine, 2) is None


def test_undo_after_someone_reused_a_dependency_partner_is_refused(linked, chat_as, engine, now) -> None:
    """If a task it was linked to is gone since, the deleted task cannot come back as it was."""
    ada = chat_as("ada")
    ada.say("delete task #4")
    ada.say("yes")
    mei = chat_as("mei")
    mei.say("delete task #2")
    mei.say("yes")
    assert _task(engine, 2) is None
    assert "can't undo" in ada.say("undo")  # #4 waited for #2, which mei deleted since
    assert _task(engine, 4) is None


def test_several_tasks_named_at_once_are_each_deleted_after_one_yes(linked, chat_as, engine) -> None:
    ada = chat_as("ada")
    reply = ada.say("delete #2 and #4")
    assert "×2" in reply
    ada.say("yes")
    assert _task(engine, 2) is None and _task(engine, 4) is None


def test_asking_whether_a_task_was_deleted_answers_with_its_state(linked, chat_as, engine) -> None:
    assert "没有做任何修改" in chat_as("mei").say("#2 删了吗？")
    assert "Nothing was changed" in chat_as("ada").say("was #2 deleted?")
    assert _task(engine, 2) is not None
