"""Creating and changing tasks: chat's `create_task` and `update_task` behind two routes.

`POST /projects/{code}/tasks` honours `Idempotency-Key` like every create. In
`PATCH /tasks/{id}` a field left out stays as it is, and `null` empties `assignee`, `due`
or `estimate_hours` (chat's "unassign", "no due date"). Who may do what is the domain's:
members plan their own work, the manager and admins anyone's; contacts write nothing.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request
from sqlmodel import Session, col, select
from starlette.responses import Response

from bot.api import idempotency
from bot.api.auditing import record_write
from bot.api.context import WriterDep, context_of, today_for
from bot.api.schemas import TaskIn, TaskOut, TaskPatch


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/projects/{code}/tasks", create, methods=["POST"], status_code=201,
                         response_model=TaskOut, summary="Add a task to a project")
    router.add_api_route("/tasks/{task_id}", change, methods=["PATCH"], response_model=TaskOut,
                         summary="Change a task (absent fields stay; null empties)")


async def create(code: str, request: Request, body: Annotated[TaskIn, Body()], who: WriterDep,
                 idempotency_key: str | None = Header(None, alias="Idempotency-Key",
                                                      description="Retries with the same key create once"),
                 ) -> Response:
    from starlette.concurrency import run_in_threadpool

    from domain.work.tasks import create_task

    key = idempotency.check_key(idempotency_key)
    print_ = idempotency.fingerprint("POST", request.url.path, await request.body())
    ctx = context_of(request)

    def work(session: Session) -> tuple[int, object]:
        now = ctx.clock()
        task = create_task(session, who.actor, project=code, title=body.title,
                           assignee=body.assignee, due=body.due, priority=body.priority,
                           estimate_hours=body.estimate_hours, milestone=body.milestone, now=now)
        record_write(session, who, request, entity="task", ids=[int(task.id or 0)], now=now)
        return 201, described(session, task, who, ctx)

    return await run_in_threadpool(idempotency.write_once, ctx.engine, who.token_id, key,
                                   print_, ctx.clock(), work)


def change(task_id: int, request: Request, body: Annotated[TaskPatch, Body()],
           who: WriterDep) -> dict[str, Any]:
    from domain.core.store import unit_of_work
    from domain.work.tasks import CLEAR, update_task

    ctx = context_of(request)
    given = body.model_fields_set

    def value(name: str) -> Any:
        if name not in given:
            return None
        found = getattr(body, name)
        return CLEAR if found is None and name in ("assignee", "due", "estimate_hours") else found

    with unit_of_work(ctx.engine) as session:
        now = ctx.clock()
        before = session.exec(select(_audit_seq())).one()
        task = update_task(session, who.actor, task=task_id, status=value("status"),
                           assignee=value("assignee"), due=value("due"),
                           priority=value("priority"), title=value("title"),
                           estimate_hours=value("estimate_hours"), now=now)
        if session.exec(select(_audit_seq())).one() != before:  # something changed
            record_write(session, who, request, entity="task", ids=[task_id], now=now)
        return described(session, task, who, ctx)


def _audit_seq() -> Any:
    from sqlmodel import func

    from domain.core.models import AuditEvent

    return func.coalesce(func.max(AuditEvent.seq), 0)


def described(session: Session, task: Any, who: Any, ctx: Any) -> dict[str, Any]:
    """The task as the list shows it (`list_tasks`' view for this caller)."""
    from domain.core.models import Milestone, Person, Project, TaskStatus

    code = session.exec(select(Project.code).where(col(Project.id) == task.project_id)).one()
    handle = (session.exec(select(Person.handle).where(col(Person.id) == task.assignee_id)).one()
              if task.assignee_id else None)
    milestone = (session.exec(select(Milestone.name).where(col(Milestone.id) == task.milestone_id)).one()
                 if task.milestone_id else None)
    today = today_for(ctx, who.actor)
    return {"id": task.id, "title": task.title, "project": code, "status": task.status,
            "priority": task.priority, "due": task.due, "assignee": handle,
            "milestone": milestone, "estimate_hours": task.estimate_hours,
            "overdue": task.due is not None and task.due < today and task.status != TaskStatus.done,
            "done_on": task.done_on}
