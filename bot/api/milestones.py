"""`GET /projects/{code}/milestones`: the project's milestones as its timeline shows them;
`POST /projects/{code}/milestones/{id}/reached`: chat's "milestone X reached".

`milestone_timeline` is the portal's and chat's reading: `find_project` (another client's
project is the same 404 as none) and `visible_milestones` (a client's contact sees the
client-visible milestones only), each with its state (done, next, late, upcoming).
Completing goes through `complete_milestone`, the service chat uses: only the project's
manager and admins may, a milestone already reached is a 409, and the `milestone.reached`
webhook fires from the same place.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Header, Query, Request
from sqlmodel import Session
from starlette.responses import Response

from bot.api import idempotency, pagination
from bot.api.auditing import record_write
from bot.api.context import CallerDep, WriterDep, context_of, reading, today_for
from bot.api.etags import jsonable
from bot.api.schemas import MilestoneItem, MilestonePage


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/projects/{code}/milestones", project_milestones, methods=["GET"],
                         response_model=MilestonePage,
                         summary="A project's milestones by due date, with their state")
    router.add_api_route("/projects/{code}/milestones/{milestone_id}/reached", reach,
                         methods=["POST"], response_model=MilestoneItem,
                         summary="Mark a milestone reached (complete_milestone): "
                                 "the project's manager and admins")


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


async def reach(code: str, milestone_id: int, request: Request, who: WriterDep,
                idempotency_key: str | None = Header(
                    None, alias="Idempotency-Key",
                    description="Retries with the same key complete once")) -> Response:
    ctx = context_of(request)

    def work(session: Session) -> tuple[int, object]:
        from domain.insight.timeline import milestone_timeline
        from domain.work.milestones import complete_milestone

        now = ctx.clock()
        done = complete_milestone(session, who.actor, milestone=f"#m{milestone_id}",
                                  project=code, now=now)
        record_write(session, who, request, entity="milestone", ids=[int(done.id or 0)],
                     now=now, changed=True)
        rows = milestone_timeline(session, who.actor, project=code, today=today_for(ctx, who.actor))
        [view] = [asdict(m) for m in rows if m.id == done.id]
        return 200, jsonable(view)

    return await idempotency.create_once(request, who.token_id, idempotency_key, work)
