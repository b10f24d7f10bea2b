"""`/expenses`: chat's `log_expense` and the list of expenses a timesheet's scope allows.

A large expense (over the project's threshold, or in another currency) opens an approval
for the manager exactly as in chat; the answer's `status` says `pending` then.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from sqlmodel import Session
from starlette.responses import Response

from bot.api import idempotency, pagination
from bot.api.auditing import record_write
from bot.api.context import CallerDep, WriterDep, context_of, reading
from bot.api.schemas import ExpenseIn, ExpenseOut, ExpensePage


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/expenses", list_expenses, methods=["GET"], response_model=ExpensePage,
                         summary="Expenses: a project's all for its manager and admins, "
                                 "else the caller's own")
    router.add_api_route("/expenses", create_expense, methods=["POST"], status_code=201,
                         response_model=ExpenseOut, summary="Log an expense (log_expense)")


def list_expenses(request: Request, who: CallerDep,
                  project: str | None = Query(None, description="a code or name"),
                  cursor: str | None = Query(None),
                  limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                  ) -> dict[str, Any]:
    from domain.money.expenses import list_expenses as listed

    after = pagination.after_id(cursor)
    with reading(context_of(request)) as session:
        rows = listed(session, who.actor, project=project, after_id=after, limit=limit + 1)
    return pagination.id_page([_plain(r) for r in rows], limit)


async def create_expense(request: Request, body: Annotated[ExpenseIn, Body()], who: WriterDep,
                         idempotency_key: str | None = Header(
                             None, alias="Idempotency-Key",
                             description="Retries with the same key create once")) -> Response:
    def work(session: Session) -> tuple[int, object]:
        from domain.money.expenses import list_expenses as listed
        from domain.money.expenses import log_expense

        now = context_of(request).clock()
        row = log_expense(session, who.actor, project=body.project, amount=body.amount,
                          day=body.date, currency=body.currency, category=body.category,
                          note=body.note, now=now)
        record_write(session, who, request, entity="expense", ids=[int(row.id or 0)], now=now)
        view = listed(session, who.actor, after_id=int(row.id or 0) - 1, limit=1)[0]
        return 201, _plain(view)

    return await idempotency.create_once(request, who.token_id, idempotency_key, work)


def _plain(view: Any) -> dict[str, Any]:
    return asdict(view) | {"date": view.date.isoformat()}
