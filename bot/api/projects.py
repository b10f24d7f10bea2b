"""`/projects`: the projects the caller may see, a project's status, its tasks.

Listing uses permissions' `visible_project_ids` (the rule chat's lookups use); a project's
status is `project_status` and its tasks `list_tasks`, so a code the caller may not see
fails in `find_project` with the same `NotFound` as a code that exists nowhere.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request
from sqlmodel import col, select

from bot.api import pagination
from bot.api.context import CallerDep, context_of, reading, today_for
from bot.api.schemas import ProjectPage, ProjectStatusOut, TaskPage


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/projects", list_projects, methods=["GET"], response_model=ProjectPage,
                         summary="Projects the token's owner may see, by code")
    router.add_api_route("/projects/{code}", get_project, methods=["GET"],
                         response_model=ProjectStatusOut, summary="A project's status figures")
    router.add_api_route("/projects/{code}/tasks", project_tasks, methods=["GET"],
                         response_model=TaskPage, summary="A project's tasks, most pressing first")


def list_projects(request: Request, who: CallerDep,
                  cursor: str | None = Query(None, description="next_cursor of the previous page"),
                  limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                  ) -> dict[str, Any]:
    from domain.core.models import Client, Project
    from domain.core.permissions import visible_project_ids

    after = pagination.decode(cursor)
    with reading(context_of(request)) as session:
        query = (select(Project, Client.name).outerjoin(Client, col(Client.id) == Project.client_id)
                 .where(col(Project.id).in_(visible_project_ids(session, who.actor))))
        if after is not None:
            query = query.where(col(Project.code) > str(after))
        rows = session.exec(query.order_by(col(Project.code)).limit(limit + 1)).all()
    items = [{"code": p.code, "name": p.name, "client": client, "state": p.status,
              "start": p.start, "end": p.end} for p, client in rows[:limit]]
    return pagination.page(items, rows[limit - 1][0].code if len(rows) > limit else None)


def get_project(code: str, request: Request, who: CallerDep) -> dict[str, Any]:
    from domain.insight.status import ClientStatus, project_status

    ctx = context_of(request)
    with reading(ctx) as session:
        status = project_status(session, who.actor, project=code, today=today_for(ctx, who.actor))
    body = asdict(status)
    body["view"] = "client" if isinstance(status, ClientStatus) else "internal"
    return body


def project_tasks(code: str, request: Request, who: CallerDep,
                  status: str | None = Query(None, description="todo, in_progress, blocked or done; "
                                             "without it, open tasks only"),
                  assignee: str | None = Query(None, description="a person's handle"),
                  cursor: str | None = Query(None), limit: int = Query(
                      pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                  ) -> dict[str, Any]:
    """Pages over `list_tasks`' order (due date, priority, id); the cursor is the position."""
    from domain.work.tasks import list_tasks

    ctx = context_of(request)
    start = pagination.decode(cursor) or 0
    if not isinstance(start, int) or start < 0:
        from bot.api.problems import ApiProblem

        raise ApiProblem(400, "api.bad_cursor", value=str(cursor)[:80])
    with reading(ctx) as session:
        tasks = list_tasks(session, who.actor, project=code, person=assignee, status=status,
                           today=today_for(ctx, who.actor))
    chunk = [asdict(t) for t in tasks[start:start + limit]]
    more = start + limit < len(tasks)
    return pagination.page(chunk, start + limit if more else None)
