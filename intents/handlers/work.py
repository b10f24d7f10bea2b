"""Handlers for the work itself: logging hours, creating and changing tasks."""
from __future__ import annotations

from sqlmodel import Session

from domain.core.models import Project, Task
from intents.conversation.assistant import Context, Reply
from intents.handlers.dispatch import day_slot, fmt_hours, slot


def _code(session: Session, project_id: int) -> str:
    project = session.get(Project, project_id)
    return project.code if project else "?"


def handle_log_time(ctx: Context) -> Reply:
    from domain.work.time_entries import log_time

    entry = log_time(
        ctx.session, ctx.actor, hours=float(ctx.slots["hours"]),
        day=day_slot(ctx, "date", ctx.today), project=slot(ctx, "project"),
        task=slot(ctx, "task"), note=ctx.slots.get("note"), person=slot(ctx, "person"),
        now=ctx.now,
    )
    task = ctx.session.get(Task, entry.task_id) if entry.task_id else None
    key = "reply.logged_time_for" if slot(ctx, "person") else "reply.logged_time"
    return Reply(ctx.say(key, hours=fmt_hours(entry.hours), person=slot(ctx, "person"),
                         project=_code(ctx.session, entry.project_id), day=entry.day.isoformat(),
                         task=f" · #{task.id} {task.title}" if task else ""))


def handle_create_task(ctx: Context) -> Reply:
    from domain.work.tasks import create_task

    task = create_task(
        ctx.session, ctx.actor, project=slot(ctx, "project"), title=ctx.slots["title"],
        assignee=slot(ctx, "assignee"), due=day_slot(ctx, "due"),
        priority=ctx.slots.get("priority"), estimate_hours=ctx.slots.get("estimate_hours"),
        milestone=slot(ctx, "milestone"), now=ctx.now,
    )
    return Reply(ctx.say("reply.created_task", id=task.id, title=task.title,
                         project=_code(ctx.session, task.project_id),
                         extra=_task_extra(ctx, task)))


def handle_update_task(ctx: Context) -> Reply:
    from domain.work.tasks import update_task

    changes = {k: ctx.slots.get(k) for k in ("status", "priority")}
    task = update_task(
        ctx.session, ctx.actor, task=slot(ctx, "task"), assignee=slot(ctx, "assignee"),
        due=day_slot(ctx, "due"), progress=ctx.slots.get("progress"), now=ctx.now, **changes,
    )
    if ctx.slots.get("progress") is not None:
        return Reply(ctx.say("reply.task_progress", id=task.id, title=task.title, pct=task.progress,
                             status=ctx.say(f"status.{task.status}")))
    return Reply(ctx.say("reply.updated_task", id=task.id, title=task.title,
                         status=ctx.say(f"status.{task.status}"), extra=_task_extra(ctx, task)))


def handle_delete_task(ctx: Context) -> Reply:
    """Reached only after the asker said yes (its spec's `always_confirm`); the service checks who may."""
    from domain.work.task_deletion import delete_task

    task = delete_task(ctx.session, ctx.actor, task=slot(ctx, "task"), now=ctx.now)
    return Reply(ctx.say("reply.deleted_task", id=task.id, title=task.title,
                         project=_code(ctx.session, task.project_id)))


def _task_extra(ctx: Context, task: Task) -> str:
    from domain.core.models import Person

    parts = []
    if task.assignee_id:
        person = ctx.session.get(Person, task.assignee_id)
        parts.append(f"@{person.handle}" if person else "")
    if task.due and ctx.slots.get("due_period"):  # "due next week": the day chosen, and why
        parts.append(ctx.say("reply.due_period", day=task.due.isoformat(), said=ctx.slots["due_period"],
                             weekday=ctx.say(f"dayname.{task.due.weekday()}")))
    elif task.due:
        parts.append(ctx.say("reply.due", day=task.due.isoformat()))
    if task.priority and task.priority != "normal":
        parts.append(ctx.say(f"priority.{task.priority}"))
    return (" · " + " · ".join(p for p in parts if p)) if parts else ""
