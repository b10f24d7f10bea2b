"""Handlers for questions: project status, budget, timesheets, task lists."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from intents.conversation.assistant import Context, Reply
from intents.handlers.dispatch import day_slot, fmt_hours, slot
from intents.handlers.links import portal_line

MAX_LISTED = 10


def handle_project_status(ctx: Context) -> Reply:
    from domain.insight.risk.model import risk_notes
    from domain.insight.status import portfolio_status, project_status

    if slot(ctx, "task"):
        return task_state_reply(ctx)
    if slot(ctx, "milestone"):
        return milestone_state_reply(ctx)
    code = slot(ctx, "project")
    named = [] if code else list(dict.fromkeys(ctx.intent.choices.get("project", [])))
    if code:
        statuses = [project_status(ctx.session, ctx.actor, project=code, today=ctx.today)]
    elif len(named) > 1:  # "TW-YARD, DS-WMS — how are they looking": each one named
        statuses = [project_status(ctx.session, ctx.actor, project=str(c), today=ctx.today) for c in named]
    else:
        statuses = portfolio_status(ctx.session, ctx.actor, today=ctx.today)
    if not statuses:
        return Reply(ctx.say("reply.no_projects"))
    notes = risk_notes(ctx.session, ctx.actor, [s.project for s in statuses], ctx.today)
    text = "\n".join(_with_risk(ctx, s, notes.get(s.project)) for s in statuses)
    return Reply(text + portal_line(ctx, statuses[0].project if len(statuses) == 1 else None))


def _with_risk(ctx: Context, status: Any, note: Any) -> str:
    """A high slip risk is said, with its reason, right under the figures."""
    text = _status_text(ctx, status)
    return text + ("\n" + ctx.say(note[0], **note[1]) if note else "")


def _status_text(ctx: Context, status: Any) -> str:
    progress = "—" if status.progress_pct is None else f"{status.progress_pct:.0f}%"
    parts = [ctx.say("status.head", project=status.project, name=status.name, progress=progress,
                     hours_done=fmt_hours(status.estimated_hours_done),
                     hours_total=fmt_hours(status.estimated_hours),
                     done=status.tasks_done, total=status.tasks_total)]
    if status.next_milestone:
        due = status.next_milestone.due.isoformat() if status.next_milestone.due else "—"
        parts.append(ctx.say("status.next_milestone", name=status.next_milestone.name, due=due))
    if hasattr(status, "overdue_tasks"):
        parts.append(ctx.say("status.overdue", count=status.overdue_tasks))
        parts.append(ctx.say("status.hours_week", hours=fmt_hours(status.hours_this_week)))
    if status.burn_pct is not None:
        parts.append(ctx.say("status.burn", pct=f"{status.burn_pct:.0f}",
                             spent=f"{status.spent:,.0f}", budget=f"{status.budget:,.0f}",
                             currency=status.currency))
    return ctx.say("status.join").join(parts)


def task_state_reply(ctx: Context) -> Reply:
    """ "is #4 done?", "#4 还没完成": the task's state as it is, nothing changed."""
    from domain.work.task_queries import task_state

    t = task_state(ctx.session, ctx.actor, task=slot(ctx, "task"), today=ctx.today)
    progress = ctx.say("task.progress_part", pct=t.progress) if t.progress is not None and t.status != "done" else ""
    due = ctx.say("reply.due", day=t.due.isoformat()) if t.due else ""
    return Reply(ctx.say("task.state", id=t.id, title=t.title, project=t.project,
                         status=ctx.say(f"status.{t.status}"), progress=progress,
                         due=f" · {due}" if due else "",
                         who=f" · @{t.assignee}" if t.assignee else ""))


def milestone_state_reply(ctx: Context) -> Reply:
    """ "is Beta reached?", "上线验收 未完成": reached or not, and when it is due."""
    from domain.work.milestones import milestone_state

    project, m = milestone_state(ctx.session, ctx.actor, milestone=str(slot(ctx, "milestone")),
                                 project=slot(ctx, "project"))
    if m.done:
        day = m.done_on.isoformat() if m.done_on else "—"
        return Reply(ctx.say("milestone.state_done", milestone=m.name, project=project.code, day=day))
    due = m.due.isoformat() if m.due else "—"
    return Reply(ctx.say("milestone.state_open", milestone=m.name, project=project.code, due=due))


def handle_budget_status(ctx: Context) -> Reply:
    from domain.money.budget import budget_status

    code = slot(ctx, "project")
    if not code:
        from intents.understanding.requirements import my_project_codes

        codes = my_project_codes(ctx.session, ctx.actor)
        if len(codes) != 1:
            return Reply(ctx.say("ask.project.options", options=", ".join(codes)))
        code = codes[0]
    b = budget_status(ctx.session, ctx.actor, project=code, today=ctx.today)
    head = "budget.head_over" if b.remaining < 0 else "budget.head"  # "超支 93,915", never "剩余 -93,915"
    lines = [ctx.say(head, project=b.project, spent=f"{b.spent:,.0f}",
                     budget=f"{b.budget:,.0f}", currency=b.currency,
                     pct="—" if b.burn_pct is None else f"{b.burn_pct:.0f}",
                     remaining=f"{b.remaining:,.0f}", over=f"{-b.remaining:,.0f}"),
             ctx.say("budget.split", labour=f"{b.labour_cost:,.0f}", hours=fmt_hours(b.labour_hours),
                     expenses=f"{b.expenses:,.0f}")]
    if b.forecast_burn_pct is not None:
        lines.append(ctx.say("budget.forecast", pct=f"{b.forecast_burn_pct:.0f}"))
    if b.pending_expenses:
        lines.append(ctx.say("budget.pending", amount=f"{b.pending_expenses:,.0f}"))
    return Reply("\n".join(lines) + portal_line(ctx, b.project))


def handle_timesheet(ctx: Context) -> Reply:
    from domain.work.time_entries import timesheet

    monday = ctx.today - timedelta(days=ctx.today.weekday())
    start = day_slot(ctx, "start", monday)
    end = day_slot(ctx, "end", start + timedelta(days=6) if start == monday else start)
    person = slot(ctx, "person") or (None if slot(ctx, "project") else ctx.actor.handle)
    sheet = timesheet(ctx.session, ctx.actor, person=person, project=slot(ctx, "project"),
                      start=start, end=end)
    who = f"@{sheet.person}" if sheet.person else (sheet.project or "")
    lines = [ctx.say("timesheet.head", who=who, start=start.isoformat(), end=end.isoformat(),
                     hours=fmt_hours(sheet.total_hours))]
    lines += [f"  {code}: {fmt_hours(h)} h" for code, h in sheet.by_project]
    return Reply("\n".join(lines))


def handle_list_tasks(ctx: Context) -> Reply:
    from domain.work.task_queries import list_tasks

    project = slot(ctx, "project")
    overdue = bool(ctx.slots.get("overdue"))  # "what's overdue?": everything the asker can see
    person = slot(ctx, "person") or (None if project or overdue or ctx.actor.is_contact
                                     else ctx.actor.handle)
    due_before = day_slot(ctx, "due")
    if ctx.slots.get("overdue"):  # "what's overdue?": open, due before today where the asker is
        due_before = ctx.today - timedelta(days=1)
    tasks = list_tasks(ctx.session, ctx.actor, person=person, project=project,
                       status=ctx.slots.get("status"), due_before=due_before, today=ctx.today)
    if not tasks:
        return Reply(ctx.say("tasks.none"))
    lines = [ctx.say("tasks.head", count=len(tasks))]
    for t in tasks[:MAX_LISTED]:
        due = ctx.say("reply.due", day=t.due.isoformat()) if t.due else ""
        flag = " ⚠️" if t.overdue else ""
        who = f" @{t.assignee}" if t.assignee and t.assignee != person else ""
        pct = f" {t.progress}%" if t.progress is not None and t.status != "done" else ""
        state = ctx.say("status." + t.status) + pct
        lines.append(f"• #{t.id} {t.title} [{t.project}] {state} {due}{who}{flag}".rstrip())
    if len(tasks) > MAX_LISTED:
        lines.append(ctx.say("tasks.more", count=len(tasks) - MAX_LISTED))
    return Reply("\n".join(lines))
