"""Undo: take back the speaker's own last write, for a few minutes after making it.

Every write service leaves an audit event whose payload holds the row before and after
(`before` is None for a created row), so undoing needs no log of its own: a created row is
deleted together with the rows it owns (the approval a request opened, a new task's
dependencies); a changed row gets its `before` values back (a decided approval is pending
again, a reached milestone is open again, a task has its old status, due date, …).

Rules a user can rely on:
- only the speaker's own writes, made within the window (10 minutes) before `now`;
- the last one first; saying "undo" again walks one more write back (an undo is never
  itself undone: there is no redo). If the speaker's last write cannot be undone at all
  (erasing someone's data, an import), pmbot says so instead of reaching past it;
- nothing is undone over someone else's work: when the row (or the approval it opened)
  changed after the write, or other rows came to lean on it (hours logged on a new task),
  the undo is refused with `undo.changed_since` and nothing is written;
- the undo appends its own audit event (`undo`, naming the reverted seq and what it
  restored or removed), so the chain stays whole and the history tells the full story.

Not undone: a notification already sent about the write (a milestone reached) stays sent.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import delete, or_
from sqlmodel import Session, SQLModel, col, func, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Conflict, Invalid, NotFound
from domain.core.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    AuditEvent,
    Expense,
    Feedback,
    LeaveRequest,
    Milestone,
    OvertimeRequest,
    Project,
    Task,
    TaskDependency,
    TimeEntry,
)

WINDOW = timedelta(minutes=10)
UNDO = "undo"

# action → (table of the audited row, True when the write created it)
KINDS: dict[str, tuple[type[SQLModel], bool]] = {
    "time.log": (TimeEntry, True),
    "task.create": (Task, True),
    "task.update": (Task, False),
    "expense.log": (Expense, True),
    "leave.request": (LeaveRequest, True),
    "overtime.request": (OvertimeRequest, True),
    "approval.approve": (Approval, False),
    "approval.reject": (Approval, False),
    "milestone.complete": (Milestone, False),
    "feedback.give": (Feedback, True),
}
# actions that removed a row: the undo inserts it again from the event's `before`
DELETIONS = frozenset({"task.delete"})

# entity → a readable name for replies, in both languages
THINGS = {
    "time_entry": ("time entry", "工时记录"), "task": ("task", "任务"),
    "expense": ("expense", "费用"), "leave_request": ("leave request", "休假申请"),
    "overtime_request": ("overtime request", "加班申请"), "approval": ("request", "申请"),
    "milestone": ("milestone", "里程碑"), "feedback": ("feedback", "反馈"),
}


@dataclass(frozen=True)
class Undone:
    """What was taken back, and the message key + params that tell the speaker so."""

    action: str
    entity: str
    entity_id: int
    reverted_seq: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def undo_last(
    session: Session, actor: Actor, *, now: datetime, window: timedelta = WINDOW,
) -> Undone:
    event = _last_write(session, actor, now, window)
    if event.action not in KINDS and event.action not in DELETIONS:
        raise Invalid("undo.not_undoable", action=event.action)
    if event.action in DELETIONS:
        params, restored = _recreate(session, event)
    else:
        model, created = KINDS[event.action]
        row = session.get(model, int(event.entity_id or 0), with_for_update=True)
        if row is None:
            raise _changed(event, by="")
        _check_untouched(session, event, row)
        params = _describe(session, event, row)
        restored = _remove(session, event, row) if created else _restore(session, event, row)
    session.flush()
    audit.record(session, actor=actor.label, action=UNDO, entity=event.entity,
                 entity_id=event.entity_id,
                 payload={"reverted_seq": event.seq, "reverted_action": event.action,
                          **restored},
                 now=now)
    return Undone(event.action, event.entity, int(event.entity_id or 0), event.seq,
                  "undo.done." + event.action.replace(".", "_"), params)


# ---------------------------------------------------------------- which write
def _last_write(session: Session, actor: Actor, now: datetime, window: timedelta) -> AuditEvent:
    """The speaker's latest write in the window that no undo has taken back yet."""
    mine = session.exec(
        select(AuditEvent)
        .where(AuditEvent.actor == actor.label, AuditEvent.action != UNDO)
        .where(AuditEvent.at >= now - window, AuditEvent.at <= now)
        .order_by(col(AuditEvent.seq).desc())
    ).all()
    undone = _undone_seqs(session, mine[-1].seq) if mine else set()
    for event in mine:
        if event.seq not in undone:
            return event
    raise NotFound("undo.nothing", query="", minutes=round(window.total_seconds() / 60))


def _undone_seqs(session: Session, since: int) -> set[int]:
    """Seqs of writes already undone (an undo always comes after what it reverts)."""
    undos = session.exec(
        select(AuditEvent).where(AuditEvent.action == UNDO, AuditEvent.seq > since)
    ).all()
    return {int(e.payload.get("reverted_seq", 0)) for e in undos}


# ---------------------------------------------------------------- is it still ours to undo
def _check_untouched(session: Session, event: AuditEvent, row: SQLModel) -> None:
    """Refuse when anyone changed the row (or leaned on it) after this write."""
    _check_no_later_writes(session, event)
    after = event.payload.get("after") or {}
    if not _matches(row, after):
        raise _changed(event, by="")
    approval = event.payload.get("approval")
    if approval:
        current = session.get(Approval, approval["id"], with_for_update=True)
        if current is None or not _matches(current, approval):
            raise _changed(event, by="")
    if event.action == "task.create" and _leaned_on(session, int(event.entity_id or 0)):
        raise _changed(event, by="")
    if event.action == "task.update" and not _dependencies_still_there(session, event):
        raise _changed(event, by="")
    if event.action == "approval.reject" and _leave_now_clashes(session, row):
        raise _changed(event, by="")


def _check_no_later_writes(session: Session, event: AuditEvent) -> None:
    """Audited writes after this one on the same rows, unless they were undone since."""
    touched = [(event.entity, event.entity_id)]
    if event.payload.get("approval"):
        touched.append(("approval", str(event.payload["approval"]["id"])))
    same_rows = or_(*[(AuditEvent.entity == e) & (AuditEvent.entity_id == i) for e, i in touched])
    later = session.exec(
        select(AuditEvent)
        .where(AuditEvent.seq > event.seq, AuditEvent.action != UNDO, same_rows)
        .order_by(col(AuditEvent.seq))
    ).all()
    undone = _undone_seqs(session, event.seq) if later else set()
    for other in later:
        if other.seq not in undone:
            raise _changed(event, by=other.actor.split(":", 1)[-1])


def _leaned_on(session: Session, task_id: int) -> bool:
    """Hours, subtasks or other tasks' dependencies that point at a new task."""
    checks = [
        select(func.count()).select_from(TimeEntry).where(TimeEntry.task_id == task_id),
        select(func.count()).select_from(Task).where(Task.parent_id == task_id),
        select(func.count()).select_from(TaskDependency)
        .where(TaskDependency.depends_on_id == task_id),
    ]
    return any(session.exec(query).one() for query in checks)


def _dependencies_still_there(session: Session, event: AuditEvent) -> bool:
    added = event.payload.get("added_dependencies") or []
    return all(
        session.get(TaskDependency, (int(event.entity_id or 0), dep)) is not None for dep in added
    )


def _leave_now_clashes(session: Session, approval: SQLModel) -> bool:
    """A rejected leave freed its days; pending again, it must not overlap a newer one."""
    assert isinstance(approval, Approval)
    if approval.kind != ApprovalKind.leave:
        return False
    leave = session.exec(
        select(LeaveRequest).where(LeaveRequest.approval_id == approval.id)
    ).first()
    if leave is None:
        return False
    holding = (ApprovalStatus.pending, ApprovalStatus.approved)
    clash = session.exec(
        select(LeaveRequest.id)
        .join(Approval, col(Approval.id) == LeaveRequest.approval_id)
        .where(LeaveRequest.person_id == leave.person_id, LeaveRequest.id != leave.id)
        .where(col(Approval.status).in_(holding))
        .where(LeaveRequest.start <= leave.end, LeaveRequest.end >= leave.start)
    ).first()
    return clash is not None


def _changed(event: AuditEvent, *, by: str) -> Conflict:
    thing_en, thing_zh = THINGS.get(event.entity, (event.entity, event.entity))
    return Conflict("undo.changed_since", action=event.action, entity=event.entity,
                    id=event.entity_id, by=by, thing_en=thing_en, thing_zh=thing_zh,
                    by_en=f" (by @{by})" if by else "", by_zh=f"（更改人：@{by}）" if by else "")


# ---------------------------------------------------------------- JSON snapshots ↔ rows
@cache
def _adapter(model: type[SQLModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].annotation)


def _value(model: type[SQLModel], name: str, raw: Any) -> Any:
    """A snapshot value back as the column's Python type (ISO text → date, datetime)."""
    return _adapter(model, name).validate_python(raw)


def _matches(row: SQLModel, snapshot: dict[str, Any]) -> bool:
    """Does the row still hold what the snapshot recorded (on the columns it names)?"""
    model = type(row)
    return all(
        _value(model, name, raw) == getattr(row, name)
        for name, raw in snapshot.items() if name in model.model_fields
    )


# ---------------------------------------------------------------- reverting
def _remove(session: Session, event: AuditEvent, row: SQLModel) -> dict[str, Any]:
    """Delete a created row and what it owns; the payload already holds its snapshot."""
    removed: dict[str, Any] = {"removed": {event.entity: event.payload.get("after")}}
    if isinstance(row, Task):
        session.exec(delete(TaskDependency).where(col(TaskDependency.task_id) == row.id))
    session.delete(row)
    session.flush()
    approval = event.payload.get("approval")
    if approval:
        opened = session.get(Approval, approval["id"])
        if opened is not None:
            session.delete(opened)
        removed["removed"]["approval"] = approval
    return removed


def _restore(session: Session, event: AuditEvent, row: SQLModel) -> dict[str, Any]:
    """Put back the `before` values of the columns the write changed."""
    before = event.payload.get("before") or {}
    after = event.payload.get("after") or {}
    model = type(row)
    changed = {k: v for k, v in before.items() if k in model.model_fields and after.get(k) != v}
    for name, raw in changed.items():
        setattr(row, name, _value(model, name, raw))
    session.add(row)
    added = event.payload.get("added_dependencies") or []
    if added:
        session.exec(delete(TaskDependency).where(
            col(TaskDependency.task_id) == int(event.entity_id or 0),
            col(TaskDependency.depends_on_id).in_(added),
        ))
    return {"restored": changed, "removed_dependencies": added}


def _recreate(session: Session, event: AuditEvent) -> tuple[dict[str, Any], dict[str, Any]]:
    """A deleted task back under its own id, fields and dependencies (its hours were never
    removed: `delete_task` refuses a task with hours)."""
    from domain.work.task_deletion import restorable, restore_task

    before = event.payload.get("before") or {}
    _check_no_later_writes(session, event)
    if not before or not restorable(session, before):
        raise _changed(event, by="")
    row = restore_task(session, before)
    return {"task": f"#{row.id}", "title": row.title}, {"recreated": {event.entity: before}}


# ---------------------------------------------------------------- telling the speaker
def _describe(session: Session, event: AuditEvent, row: Any) -> dict[str, Any]:
    """Params for `undo.done.<action>`, read before the row is gone."""
    match event.action:
        case "time.log":
            return {"hours": _num(row.hours), "day": row.day.isoformat(),
                    "project": _code(session, row.project_id)}
        case "task.create" | "task.update":
            fields = ", ".join(sorted(event.payload.get("before") or {}))
            return {"task": f"#{row.id}", "title": row.title, "fields": fields}
        case "expense.log":
            return {"amount": _num(row.amount), "currency": row.currency,
                    "day": row.day.isoformat(), "project": _code(session, row.project_id)}
        case "leave.request":
            return {"start": row.start.isoformat(), "end": row.end.isoformat(),
                    "request": f"#{row.approval_id}"}
        case "overtime.request":
            return {"day": row.day.isoformat(), "hours": _num(row.hours),
                    "request": f"#{row.approval_id}"}
        case "approval.approve" | "approval.reject":
            return {"request": f"#{row.id}", "kind": row.kind}
        case "milestone.complete":
            return {"milestone": row.name, "project": _code(session, row.project_id)}
        case "feedback.give":
            return {"score": _num(row.score), "project": _code(session, row.project_id)}
    return {}


def _num(value: Any) -> str:
    return f"{float(value):g}"


def _code(session: Session, project_id: int | None) -> str:
    project = session.get(Project, project_id) if project_id else None
    return project.code if project else ""
