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
from bot.api.context import CallerDep, WriterDep, context_of, reading, today_for
from bot.api.etags import check_if_match, etag_of, jsonable, wanted_tags
from bot.api.schemas import TaskIn, TaskOut, TaskPatch
from domain.core.models import Task

ETAG_HEADER = {"ETag": {"description": "Tag of this representation, for If-Match",
                        "schema": {"type": "string"}}}


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/tasks/{task_id}", get_task, methods=["GET"], response_model=TaskOut,
                         summary="One task as the caller may see it, with its ETag",
                         responses={200: {"headers": ETAG_HEADER}})
    router.add_api_route("/projects/{code}/tasks", create, methods=["POST"], status_code=201,
                         response_model=TaskOut, summary="Add a task to a project")
    router.add_api_route("/tasks/{task_id}", change, methods=["PATCH"], response_model=TaskOut,
                         summary="Change a task (absent fields stay; null empties); "
                                 "If-Match: the ETag of the GET, else 412",
                         responses={200: {"headers": ETAG_HEADER},
                                    412: {"description": "If-Match no longer matches"}})


def get_task(task_id: int, request: Request, response: Response, who: CallerDep) -> dict[str, Any]:
    """`task_state`: a task the caller may not see (another client's, a hidden milestone's)
    is the same 404 as a task that does not exist."""
    ctx = context_of(request)
    with reading(ctx) as session:
        body = task_body(session, task_id, who, ctx)
    response.headers["ETag"] = etag_of(body)
    return body


def task_body(session: Session, task_id: int, who: Any, ctx: Any) -> dict[str, Any]:
    from dataclasses import asdict

    from domain.work.task_queries import task_state

    view = task_state(session, who.actor, task=task_id, today=today_for(ctx, who.actor))
    return jsonable(asdict(view))


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
        return 201, task_body(session, int(task.id or 0), who, ctx)

    return await run_in_threadpool(idempotency.write_once, ctx.engine, who.token_id, key,
                                   print_, ctx.clock(), work)


def change(task_id: int, request: Request, response: Response,
           body: Annotated[TaskPatch, Body()], who: WriterDep) -> dict[str, Any]:
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
        if wanted_tags(request) is not None:  # compare with the task as it is, locked
            session.exec(select(Task.id).where(col(Task.id) == task_id).with_for_update()).all()
            check_if_match(request, task_body(session, task_id, who, ctx))
        before = session.exec(select(_audit_seq())).one()
        task = update_task(session, who.actor, task=task_id, status=value("status"),
                           assignee=value("assignee"), due=value("due"),
                           priority=value("priority"), title=value("title"),
                           estimate_hours=value("estimate_hours"), now=now)
        if session.exec(select(_audit_seq())).one() != before:  # something changed
            record_write(session, who, request, entity="task", ids=[task_id], now=now)
        out = task_body(session, int(task.id or 0), who, ctx)
    response.headers["ETag"] = etag_of(out)
    return out


def _audit_seq() -> Any:
    from sqlmodel import func

    from domain.core.models import AuditEvent

    return func.coalesce(func.max(AuditEvent.seq), 0)
