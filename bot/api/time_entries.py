"""`POST /time-entries`: hours logged by `log_times` (chat's `log_time` rules, in bulk), one
entry or a batch of ≤ 500.

A batch is all-or-nothing: every entry meets `log_time`'s checks (membership, 24 h a day
across entries, no future days…) in one transaction, and the first refusal writes nothing
and is answered as a problem naming the entry. Each entry gets a `time.log` audit event
as in chat; the request adds one `api.write` event that records the
channel (`api:token:<id>`) and what it created, so the trail says which way it came in.
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from sqlmodel import Session
from starlette.responses import Response

from bot.api import idempotency, pagination
from bot.api.auditing import record_write
from bot.api.context import Caller, CallerDep, WriterDep, context_of, reading
from bot.api.problems import ApiProblem, domain_problem
from bot.api.schemas import TimeEntryBatchOut, TimeEntryIn, TimeEntryOut, TimeEntryPage
from domain.core.errors import DomainError

MAX_BATCH = 500


class _Refused(Exception):
    """An entry of a batch was refused: roll back, answer with this problem."""

    def __init__(self, response: Response) -> None:
        super().__init__("refused")
        self.response = response


def add_routes(router: APIRouter) -> None:
    router.add_api_route(
        "/time-entries", create_time_entries, methods=["POST"], status_code=201,
        response_model=TimeEntryOut | TimeEntryBatchOut,
        summary="Log hours: one entry, or a list of up to 500 (all or nothing)",
        responses={201: {"description": "The entry, or {items: [...]} for a list"}})
    router.add_api_route(
        "/time-entries", list_entries, methods=["GET"], response_model=TimeEntryPage,
        summary="Entries a timesheet would sum for the caller, by id (contacts: 403 as in chat)")


def list_entries(request: Request, who: CallerDep,
                 person: str | None = Query(None, description="a handle"),
                 project: str | None = Query(None, description="a code or name"),
                 start: Annotated[date | None, Query(alias="from")] = None,
                 end: Annotated[date | None, Query(alias="to")] = None,
                 cursor: str | None = Query(None),
                 limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                 ) -> dict[str, Any]:
    """`list_time_entries`: the scope of chat's timesheets (own hours; a manager's project's;
    an admin's anyone's), so the list and "hours on WEB this week" always agree."""
    from dataclasses import asdict

    from domain.work.time_entries import list_time_entries

    after = pagination.after_id(cursor)
    with reading(context_of(request)) as session:
        rows = list_time_entries(session, who.actor, person=person, project=project, start=start,
                                 end=end, after_id=after, limit=limit + 1)
    items = [asdict(r) | {"date": r.date.isoformat()} for r in rows]
    return pagination.id_page(items, limit)


async def create_time_entries(
    request: Request,
    body: Annotated[TimeEntryIn | list[TimeEntryIn], Body()],
    who: WriterDep,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key",
                                         description="Retries with the same key create once"),
) -> Response:
    from starlette.concurrency import run_in_threadpool

    raw = await request.body()
    key = idempotency.check_key(idempotency_key)
    print_ = idempotency.fingerprint("POST", request.url.path, raw)
    return await run_in_threadpool(_create, request, body, who, key, print_)


def _create(request: Request, body: TimeEntryIn | list[TimeEntryIn], who: Caller,
            key: str | None, print_: str) -> Response:
    ctx = context_of(request)
    entries = body if isinstance(body, list) else [body]
    if len(entries) > MAX_BATCH or not entries:
        raise ApiProblem(422, "api.too_many_entries", limit=MAX_BATCH, count=len(entries))

    def work(session: Session) -> tuple[int, object]:
        result = _log_all(session, who, entries, ctx.clock(), request,
                          listed=isinstance(body, list))
        return 201, (result[0] if not isinstance(body, list) else {"items": result})

    try:
        return idempotency.write_once(ctx.engine, who.token_id, key, print_, ctx.clock(), work)
    except _Refused as refused:
        return refused.response


def _log_all(session: Session, who: Caller, entries: list[TimeEntryIn], now: Any,
             request: Request, *, listed: bool) -> list[dict[str, Any]]:
    from domain.work.time_batch import EntryRefused, TimeRequest, log_times

    wanted = [TimeRequest(hours=e.hours, day=e.date, project=e.project, task=e.task,
                          note=e.note, person=e.person) for e in entries]
    try:
        made = log_times(session, who.actor, entries=wanted, now=now)
    except EntryRefused as refused:
        if not listed:
            raise refused.error from None
        raise _Refused(_entry_problem(refused.error, refused.index, who.lang)) from refused
    out = _described(session, made)
    record_write(session, who, request, entity="time_entry", ids=[r["id"] for r in out], now=now)
    return out


def _entry_problem(error: DomainError, index: int, lang: str) -> Response:
    from intents.messages import render
    from intents.messages.errors import render_error

    response = domain_problem(error, lang, entry=index)
    detail = render("api.entry_failed", lang, index=index, message=render_error(error, lang))
    import json

    body = json.loads(response.body)
    body["detail"] = detail
    return Response(json.dumps(body, ensure_ascii=False), status_code=response.status_code,
                    media_type=response.media_type)


def _described(session: Session, rows: list[Any]) -> list[dict[str, Any]]:
    from sqlmodel import col, select

    from domain.core.models import Person, Project

    people = dict(session.exec(select(Person.id, Person.handle).where(
        col(Person.id).in_({r.person_id for r in rows}))).all())
    codes = dict(session.exec(select(Project.id, Project.code).where(
        col(Project.id).in_({r.project_id for r in rows}))).all())
    return [{"id": r.id, "person": people[r.person_id], "project": codes[r.project_id],
             "task": r.task_id, "date": r.day.isoformat(), "hours": r.hours, "note": r.note}
            for r in rows]
