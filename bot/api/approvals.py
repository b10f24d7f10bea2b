"""Leave and overtime requests (`request_leave`, `request_overtime`) and their decision.

A request is read by id (`GET /requests/{id}`, with an ETag) by its requester and by those
who may decide it; to anyone else it is the same 404 as an id that does not exist.
`POST /requests/{id}/decision` is chat's `decide`: only the approver (the manager the
request went to, the project's manager, an admin), never the requester; with `If-Match`
the decision is taken only if the request is still as the caller read it.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query, Request
from sqlmodel import Session, col, select
from starlette.responses import Response

from bot.api import idempotency, pagination
from bot.api.auditing import record_write
from bot.api.context import CallerDep, WriterDep, context_of, reading
from bot.api.etags import check_if_match, etag_of, jsonable, wanted_tags
from bot.api.schemas import DecisionIn, LeaveIn, OvertimeIn, RequestOut, RequestPage

ETAG = {200: {"headers": {"ETag": {"description": "For If-Match on the decision",
                                   "schema": {"type": "string"}}}}}
KEY = Header(None, alias="Idempotency-Key", description="Retries with the same key create once")


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/leave-requests", create_leave, methods=["POST"], status_code=201,
                         response_model=RequestOut, summary="Ask for leave (request_leave)")
    router.add_api_route("/overtime-requests", create_overtime, methods=["POST"],
                         status_code=201, response_model=RequestOut,
                         summary="Ask for overtime (request_overtime)")
    router.add_api_route("/requests", list_requests, methods=["GET"], response_model=RequestPage,
                         summary="The caller's own requests (newest first), or with "
                                 "waiting=me those waiting for their decision (oldest first)")
    router.add_api_route("/requests/{request_id}", get_request, methods=["GET"],
                         response_model=RequestOut, responses=ETAG,
                         summary="A request, for its requester and who may decide it")
    router.add_api_route("/requests/{request_id}/decision", decide_request, methods=["POST"],
                         response_model=RequestOut, responses=ETAG | {
                             412: {"description": "If-Match no longer matches"}},
                         summary="Approve or reject (approver only); If-Match optional")


def shown(session: Session, who: Any, request_id: int) -> dict[str, Any]:
    from domain.requests.approvals import request_by_id

    return jsonable(request_by_id(session, who.actor, request_id))


async def create_leave(request: Request, body: Annotated[LeaveIn, Body()], who: WriterDep,
                       idempotency_key: str | None = KEY) -> Response:
    from domain.requests.leave_overtime import request_leave

    return await _ask(request, who, idempotency_key, "leave_request", lambda session, now:
                      request_leave(session, who.actor, start=body.start, end=body.end,
                                    leave_type=body.type, note=body.note, now=now))


async def create_overtime(request: Request, body: Annotated[OvertimeIn, Body()], who: WriterDep,
                          idempotency_key: str | None = KEY) -> Response:
    from domain.requests.leave_overtime import request_overtime

    return await _ask(request, who, idempotency_key, "overtime_request", lambda session, now:
                      request_overtime(session, who.actor, day=body.date, hours=body.hours,
                                       project=body.project, note=body.note, now=now))


async def _ask(request: Request, who: Any, idempotency_key: str | None, entity: str,
               ask: Callable[[Session, datetime], Any]) -> Response:
    """One request written once per `Idempotency-Key`, audited as an API write, and answered
    as `GET /requests/{id}` shows it (the approval it opened)."""
    def work(session: Session) -> tuple[int, object]:
        now = context_of(request).clock()
        row = ask(session, now)
        record_write(session, who, request, entity=entity, ids=[int(row.id or 0)], now=now)
        return 201, shown(session, who, row.approval_id)

    return await idempotency.create_once(request, who.token_id, idempotency_key, work)


def list_requests(request: Request, who: CallerDep,
                  waiting: Literal["me"] | None = Query(None, description="me: pending requests "
                                                        "the caller may decide"),
                  cursor: str | None = Query(None),
                  limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                  ) -> dict[str, Any]:
    """chat's "what is waiting for me" (`pending_approvals`) and "my requests" (`my_requests`,
    all of them); contacts ask for nothing and see none."""
    from domain.requests.approvals import my_requests, pending_approvals

    start = pagination.position(cursor)
    with reading(context_of(request)) as session:
        rows = (pending_approvals(session, who.actor) if waiting == "me"
                else my_requests(session, who.actor, limit=start + limit + 1))
        ids = [int(a.id or 0) for a in rows[start:start + limit + 1]]
        items = [shown(session, who, i) for i in ids]
    more = len(items) > limit
    return pagination.page(items[:limit], start + limit if more else None)


def get_request(request_id: int, request: Request, response: Response,
                who: CallerDep) -> dict[str, Any]:
    with reading(context_of(request)) as session:
        body = shown(session, who, request_id)
    response.headers["ETag"] = etag_of(body)
    return body


def decide_request(request_id: int, request: Request, response: Response,
                   body: Annotated[DecisionIn, Body()], who: WriterDep) -> dict[str, Any]:
    from domain.core.models import Approval
    from domain.core.store import unit_of_work
    from domain.requests.approvals import decide

    ctx = context_of(request)
    with unit_of_work(ctx.engine) as session:
        now = ctx.clock()
        if wanted_tags(request) is not None:
            session.exec(select(Approval.id).where(col(Approval.id) == request_id)
                         .with_for_update()).all()
            check_if_match(request, shown(session, who, request_id))
        decide(session, who.actor, decision=body.decision, request=request_id, note=body.note,
               now=now)
        record_write(session, who, request, entity="approval", ids=[request_id], now=now,
                     changed=True)
        out = shown(session, who, request_id)
    response.headers["ETag"] = etag_of(out)
    return out
