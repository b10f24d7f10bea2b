"""Undo: the speaker's last write, taken back within ten minutes, and audited."""
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from domain.clients.feedback import give_feedback
from domain.core import audit
from domain.core.actors import system_actor
from domain.core.errors import Conflict, Invalid, NotFound
from domain.core.models import (
    Approval,
    AuditEvent,
    Expense,
    Feedback,
    LeaveRequest,
    Milestone,
    OvertimeRequest,
    Task,
    TaskDependency,
    TimeEntry,
)
from domain.money.expenses import log_expense
from domain.people.privacy import forget
from domain.requests.approvals import decide
from domain.requests.leave_overtime import request_leave, request_overtime
from domain.undo import KINDS, undo_last
from domain.work.milestones import complete_milestone
from domain.work.tasks import create_task, update_task
from domain.work.time_entries import log_time
from domain.workspace.importing import import_workspace
from intents.messages import catalogue

MON, TUE, WED = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)
YESTERDAY = date(2026, 11, 26)
TABLES = (TimeEntry, Task, TaskDependency, Expense, Approval, LeaveRequest, OvertimeRequest,
          Milestone, Feedback)


def state(session) -> dict:
    """Every row a write service touches, read back from the database."""
    session.flush()
    session.expire_all()
    return {
        t.__name__: sorted((r.model_dump() for r in session.exec(select(t)).all()), key=repr)
        for t in TABLES
    }


def events(session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def refused(session, error, call):
    """Run a call that must fail, and check it wrote nothing."""
    before, count = state(session), events(session)
    with pytest.raises(error) as caught:
        call()
    assert (state(session), events(session)) == (before, count)
    return caught.value


def lins_leave(session, world, now) -> LeaveRequest:
    return request_leave(session, world.lin, start=MON, end=TUE, now=now)


# ---------------------------------------------------------------- each kind of write
def test_undoing_logged_hours_removes_them(session, world, now):
    before = state(session)
    log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    undone = undo_last(session, world.lin, now=now + timedelta(minutes=2))
    assert state(session) == before
    assert (undone.action, undone.key) == ("time.log", "undo.done.time_log")
    assert undone.params == {"hours": "3", "day": "2026-11-26", "project": "WEB"}


def test_undoing_a_new_task_removes_it_with_its_dependencies(session, world, now):
    before = state(session)
    create_task(session, world.bob, project="WEB", title="Checkout", assignee="lin",
                depends_on=[world.login_task.id], now=now)
    undone = undo_last(session, world.bob, now=now)
    assert state(session) == before
    assert undone.params["title"] == "Checkout"


def test_undoing_a_task_change_restores_every_field_it_changed(session, world, now):
    before = state(session)
    update_task(session, world.bob, task=world.login_task.id, status="done", due=WED,
                priority="urgent", assignee="bob", now=now)
    undone = undo_last(session, world.bob, now=now)
    assert state(session) == before
    assert undone.params["fields"] == "assignee_id, done_on, due, priority, status"


def test_undoing_a_task_change_drops_the_dependencies_it_added(session, world, now):
    other = create_task(session, world.bob, project="WEB", title="API", now=now)
    before = state(session)
    update_task(session, world.bob, task=world.login_task.id, depends_on=[other.id], now=now)
    undo_last(session, world.bob, now=now)
    assert state(session) == before


def test_undoing_a_small_expense_removes_it(session, world, now):
    before = state(session)
    log_expense(session, world.lin, project="WEB", amount=85, day=YESTERDAY, category="travel",
                now=now)
    assert undo_last(session, world.lin, now=now).params["amount"] == "85"
    assert state(session) == before


def test_undoing_a_large_expense_also_removes_the_approval_it_opened(session, world, now):
    before = state(session)
    log_expense(session, world.lin, project="WEB", amount=9000, day=YESTERDAY, now=now)
    assert session.exec(select(func.count()).select_from(Approval)).one() == 1
    undo_last(session, world.lin, now=now)
    assert state(session) == before


def test_undoing_a_leave_request_withdraws_it_and_its_approval(session, world, now):
    before = state(session)
    leave = lins_leave(session, world, now)
    undone = undo_last(session, world.lin, now=now)
    assert state(session) == before
    assert undone.params == {"start": "2026-11-30", "end": "2026-12-01",
                             "request": f"#{leave.approval_id}"}


def test_undoing_an_overtime_request_withdraws_it_and_its_approval(session, world, now):
    before = state(session)
    request_overtime(session, world.dave, day=MON, hours=2, project="GLX", now=now)
    undo_last(session, world.dave, now=now)
    assert state(session) == before


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_undoing_a_decision_puts_the_request_back_to_pending(session, world, now, decision):
    leave = lins_leave(session, world, now)
    before = state(session)
    decide(session, world.bob, decision=decision, request=leave.approval_id, note="ok", now=now)
    undone = undo_last(session, world.bob, now=now)
    assert state(session) == before
    assert session.get(Approval, leave.approval_id).status == "pending"
    assert undone.key == f"undo.done.approval_{decision}"


def test_undoing_an_approved_large_expense_stops_it_counting(session, world, now):
    cost = log_expense(session, world.lin, project="WEB", amount=9000, day=YESTERDAY, now=now)
    decide(session, world.bob, decision="approve", request=cost.approval_id, now=now)
    undo_last(session, world.bob, now=now)
    assert session.get(Approval, cost.approval_id).decided_by_id is None
    assert session.get(Approval, cost.approval_id).status == "pending"


def test_undoing_a_reached_milestone_opens_it_again(session, world, now):
    before = state(session)
    complete_milestone(session, world.bob, milestone="Beta", project="WEB", now=now)
    undone = undo_last(session, world.bob, now=now)
    assert state(session) == before
    assert undone.params == {"milestone": "Beta", "project": "WEB"}


def test_a_client_can_take_back_the_feedback_they_just_gave(session, world, now):
    before = state(session)
    give_feedback(session, world.tom, project="WEB", score=2, now=now)
    assert undo_last(session, world.tom, now=now).params == {"score": "2", "project": "WEB"}
    assert state(session) == before


# ---------------------------------------------------------------- which write, and when
def test_after_ten_minutes_there_is_nothing_left_to_undo(session, world, now):
    log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    error = refused(session, NotFound,
                    lambda: undo_last(session, world.lin, now=now + timedelta(minutes=11)))
    assert (error.key, error.params["minutes"]) == ("undo.nothing", 10)


def test_a_write_exactly_ten_minutes_old_can_still_be_undone(session, world, now):
    log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    assert undo_last(session, world.lin, now=now + timedelta(minutes=10)).action == "time.log"


def test_nobody_can_undo_someone_elses_write(session, world, now):
    log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    error = refused(session, NotFound, lambda: undo_last(session, world.bob, now=now))
    assert error.key == "undo.nothing"


def test_saying_undo_twice_takes_back_the_write_before_as_well(session, world, now):
    before = state(session)
    log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    log_time(session, world.lin, hours=2, day=YESTERDAY, project="WEB", now=now)
    assert undo_last(session, world.lin, now=now).params["hours"] == "2"
    assert undo_last(session, world.lin, now=now).params["hours"] == "3"
    assert state(session) == before
    refused(session, NotFound, lambda: undo_last(session, world.lin, now=now))


def test_only_the_latest_write_is_undone(session, world, now):
    log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    log_expense(session, world.lin, project="WEB", amount=85, day=YESTERDAY, now=now)
    undo_last(session, world.lin, now=now)
    assert session.exec(select(func.count()).select_from(Expense)).one() == 0
    assert session.exec(select(TimeEntry.hours)).all() == [3]


# ---------------------------------------------------------------- the audit trail
def test_an_undo_is_audited_and_names_the_write_it_reverted(session, world, now):
    leave = lins_leave(session, world, now)
    written = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    undo_last(session, world.lin, now=now)
    event = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.actor, event.action, event.entity, event.entity_id) == (
        "person:lin", "undo", "leave_request", str(leave.id))
    assert event.payload["reverted_seq"] == written.seq
    assert event.payload["removed"]["approval"]["id"] == leave.approval_id


def test_the_audit_chain_still_verifies_after_undoing(session, world, now):
    update_task(session, world.bob, task=world.login_task.id, status="done", now=now)
    undo_last(session, world.bob, now=now)
    session.commit()
    report = audit.verify(session)
    assert (report.ok, report.events) == (True, 2)


# ---------------------------------------------------------------- someone else came in between
def test_a_leave_already_decided_by_the_manager_cannot_be_withdrawn_by_undo(session, world, now):
    leave = lins_leave(session, world, now)
    decide(session, world.bob, decision="approve", request=leave.approval_id, now=now)
    error = refused(session, Conflict, lambda: undo_last(session, world.lin, now=now))
    assert (error.key, error.params["by"]) == ("undo.changed_since", "bob")


def test_a_task_changed_later_by_someone_else_keeps_that_change(session, world, now):
    update_task(session, world.lin, task=world.login_task.id, status="blocked", now=now)
    update_task(session, world.bob, task=world.login_task.id, due=WED, now=now)
    error = refused(session, Conflict, lambda: undo_last(session, world.lin, now=now))
    assert error.params["thing_en"] == "task"


def test_a_new_task_someone_logged_hours_on_cannot_be_removed(session, world, now):
    task = create_task(session, world.lin, project="WEB", title="Footer", now=now)
    log_time(session, world.bob, hours=1, day=YESTERDAY, task=task.id, now=now)
    refused(session, Conflict, lambda: undo_last(session, world.lin, now=now))


def test_a_row_edited_outside_pmbot_since_is_not_overwritten(session, world, now):
    entry = log_time(session, world.lin, hours=3, day=YESTERDAY, project="WEB", now=now)
    entry.hours = 4
    session.add(entry)
    refused(session, Conflict, lambda: undo_last(session, world.lin, now=now))


def test_once_the_later_change_is_undone_the_earlier_one_can_be_too(session, world, now):
    before = state(session)
    task = create_task(session, world.lin, project="WEB", title="Footer", now=now)
    update_task(session, world.bob, task=task.id, priority="high", now=now)
    undo_last(session, world.bob, now=now)
    undo_last(session, world.lin, now=now)
    assert state(session) == before


def test_undoing_a_rejection_is_refused_when_a_new_leave_took_those_days(session, world, now):
    first = lins_leave(session, world, now)
    decide(session, world.bob, decision="reject", request=first.approval_id, now=now)
    request_leave(session, world.lin, start=TUE, end=WED, now=now)
    refused(session, Conflict, lambda: undo_last(session, world.bob, now=now))


# ---------------------------------------------------------------- never undone
def test_erasing_someones_data_is_never_undone(session, world, now):
    forget(session, world.alice, handle="dave", now=now)
    error = refused(session, Invalid, lambda: undo_last(session, world.alice, now=now))
    assert (error.key, error.params["action"]) == ("undo.not_undoable", "privacy.forget")


def test_an_import_is_never_undone(session, now):
    import_workspace(session, {"people": [{"handle": "ann", "name": "Ann"}]}, now=now)
    refused(session, Invalid, lambda: undo_last(session, system_actor(), now=now))


def test_every_undo_reply_and_error_has_english_and_chinese_text():
    keys = [f"undo.done.{action.replace('.', '_')}" for action in KINDS]
    keys += ["undo.nothing", "undo.not_undoable", "undo.changed_since"]
    assert all(catalogue()[key].keys() >= {"en", "zh"} for key in keys)
