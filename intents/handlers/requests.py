"""Handlers for money and permission: expenses, leave, overtime, approvals, milestones, feedback."""
from __future__ import annotations

from domain.core.models import Approval, Project
from intents.conversation.assistant import Button, Context, Reply
from intents.handlers.dispatch import day_slot, fmt_hours, required_day, slot


def handle_log_expense(ctx: Context) -> Reply:
    from domain.money.expenses import log_expense

    expense = log_expense(
        ctx.session, ctx.actor, project=slot(ctx, "project"), amount=float(ctx.slots["amount"]),
        day=day_slot(ctx, "date", ctx.today), currency=ctx.slots.get("currency"),
        category=ctx.slots.get("category"), note=ctx.slots.get("note"), now=ctx.now,
    )
    project = ctx.session.get(Project, expense.project_id)
    key = "reply.expense_pending" if expense.approval_id and _pending(ctx, expense.approval_id) \
        else "reply.expense_logged"
    return Reply(ctx.say(key, amount=f"{expense.amount:,.2f}", currency=expense.currency,
                         category=ctx.say(f"category.{expense.category}"),
                         project=project.code if project else "", day=expense.day.isoformat(),
                         approver=_approver(ctx, expense.approval_id), request=expense.approval_id))


def _approver(ctx: Context, approval_id: int | None) -> str:
    """Who will decide: named, so a manager logging on their own project is not told to wait
    for "the manager"."""
    from domain.core.models import Person

    approval = ctx.session.get(Approval, approval_id) if approval_id else None
    person = ctx.session.get(Person, approval.approver_id) if approval and approval.approver_id else None
    return f"@{person.handle}" if person else "—"


def _pending(ctx: Context, approval_id: int) -> bool:
    approval = ctx.session.get(Approval, approval_id)
    return approval is not None and approval.status == "pending"


def handle_request_leave(ctx: Context) -> Reply:
    from domain.requests.leave_overtime import request_leave

    start = required_day(ctx, "start")
    leave = request_leave(ctx.session, ctx.actor, start=start, end=day_slot(ctx, "end", start),
                          leave_type=ctx.slots.get("leave_type"), note=ctx.slots.get("note"),
                          now=ctx.now)
    return Reply(ctx.say("reply.leave_requested", start=leave.start.isoformat(),
                         end=leave.end.isoformat(), kind=ctx.say(f"leave.{leave.leave_type}"),
                         request=leave.approval_id))


def handle_request_overtime(ctx: Context) -> Reply:
    from domain.requests.leave_overtime import request_overtime

    overtime = request_overtime(
        ctx.session, ctx.actor, day=required_day(ctx, "date"), hours=float(ctx.slots["hours"]),
        project=slot(ctx, "project"), note=ctx.slots.get("note"), now=ctx.now,
    )
    return Reply(ctx.say("reply.overtime_requested", hours=fmt_hours(overtime.hours),
                         day=overtime.day.isoformat(), request=overtime.approval_id))


def handle_decide(ctx: Context) -> Reply:
    from domain.requests.approvals import decide, find_request

    request = ctx.slots.get("request")
    if request is None and (ctx.slots.get("requester") or ctx.slots.get("kind")):
        request = find_request(ctx.session, ctx.actor, requester=ctx.slots.get("requester"),
                               kind=ctx.slots.get("kind")).id
    approval = decide(ctx.session, ctx.actor, decision=ctx.slots["decision"],
                      request=request, note=ctx.slots.get("note"), now=ctx.now)
    return Reply(ctx.say(f"reply.decided.{approval.status}", request=approval.id,
                         kind=ctx.say(f"approval.{approval.kind}")))


def handle_complete_milestone(ctx: Context) -> Reply:
    from domain.work.milestones import complete_milestone

    milestone = complete_milestone(ctx.session, ctx.actor, milestone=slot(ctx, "milestone"),
                                   project=slot(ctx, "project"), now=ctx.now)
    project = ctx.session.get(Project, milestone.project_id)
    return Reply(ctx.say("reply.milestone_done", milestone=milestone.name,
                         project=project.code if project else ""))


def handle_feedback(ctx: Context) -> Reply:
    from domain.clients.feedback import check_score, rate

    score = float(ctx.slots["score"])
    # A negative number ("rate -2", "打-2分") is on no scale: refused with the rating range
    # people are offered (0–10), never stored as its absolute value, before anything else.
    scale = 10 if score < 0 else 5
    check_score(score, scale)
    milestone = ctx.slots.get("milestone")
    project = slot(ctx, "project")
    if not project and milestone:  # "rate Dashboard v1 9/10": the milestone says which project
        from domain.work.milestones import milestone_state

        project = milestone_state(ctx.session, ctx.actor, milestone=milestone)[0].code
    _row, replaced = rate(ctx.session, ctx.actor, project=project, score=score,
                          scale=scale, note=ctx.slots.get("note"),
                          milestone=milestone, now=ctx.now)
    if replaced:
        return Reply(ctx.say("feedback.replaced", milestone=milestone))
    return Reply(ctx.say("reply.feedback_thanks"))


MAX_LISTED = 8


def handle_list_approvals(ctx: Context) -> Reply:
    """What waits for the speaker's decision (with buttons), or the state of their own requests."""
    from domain.requests.approvals import my_requests, pending_approvals

    if ctx.slots.get("whose") != "mine":
        waiting = pending_approvals(ctx.session, ctx.actor)
        if not waiting:
            return Reply(ctx.say("approval.none_pending"))
        lines = [ctx.say("approvals.waiting_head", count=len(waiting))]
        lines += [_approval_line(ctx, a, who=True) for a in waiting[:MAX_LISTED]]
        buttons = [b for a in waiting[:3] if a.id is not None for b in approval_buttons(ctx, a.id)]
        return Reply("\n".join(lines), buttons)
    mine = my_requests(ctx.session, ctx.actor)
    if not mine:
        return Reply(ctx.say("approvals.mine_none"))
    lines = [ctx.say("approvals.mine_head")] + [_approval_line(ctx, a, who=False) for a in mine]
    return Reply("\n".join(lines))


def _approval_line(ctx: Context, approval: Approval, *, who: bool) -> str:
    from domain.core.models import Person
    from domain.requests.approvals import approval_detail

    requester = ctx.session.get(Person, approval.requested_by_id) if approval.requested_by_id else None
    approver = ctx.session.get(Person, approval.approver_id) if approval.approver_id else None
    asked = approval.created_at.date().isoformat() if approval.created_at else "—"
    return ctx.say("approvals.line", id=approval.id, kind=ctx.say(f"approval.{approval.kind}"),
                   detail=approval_detail(ctx.session, approval),
                   who=f" @{requester.handle}" if who and requester else "",
                   asked=asked, status=ctx.say(f"approval_status.{approval.status}"),
                   approver=f"@{approver.handle}" if approver else "—")


def approval_buttons(ctx: Context, approval_id: int) -> list[Button]:
    return [Button(ctx.say("button.approve"), f"approve #{approval_id}"),
            Button(ctx.say("button.reject"), f"reject #{approval_id}")]
