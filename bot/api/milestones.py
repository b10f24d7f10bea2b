"""`GET /projects/{code}/milestones`: the project's milestones as its timeline shows them.

`milestone_timeline` is the portal's and chat's reading: `find_project` (another client's
project is the same 404 as none) and `visible_milestones` (a client's contact sees the
client-visible milestones only), each with its state (done, next, late, upcoming).
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request

from bot.api import pagination
from bot.api.context import CallerDep, context_of, reading, today_for
from bot.api.schemas import MilestonePage


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/projects/{code}/milestones", project_milestones, methods=["GET"],
                         response_model=MilestonePage,
                         summary="A project's milestones by due date, with their state")


def project_milestones(code: str, request: Request, who: CallerDep,
                       cursor: str | None = Query(None), limit: int = Query(
                           pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                       ) -> dict[str, Any]:
    from domain.insight.timeline import milestone_timeline

    ctx = context_of(request)
    start = pagination.position(cursor)
    with reading(ctx) as session:
        rows = milestone_timeline(session, who.actor, project=code,
                                  today=today_for(ctx, who.actor))
    return pagination.slice_page([asdict(m) for m in rows], start, limit)
