"""Expenses: what a project cost besides people's hours.

Small expenses count at once. A large one (over the project's threshold, 5,000 in the
project's currency unless the project says otherwise) opens an approval for the manager
and counts only once approved. An expense in another currency than the project's always
goes to the manager: the store keeps no exchange rates, so pmbot cannot tell its size.

An expense with no approval was approved at once; reports should sum `approved_expenses()`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from domain.core import audit
from domain.core.actors import Actor, local_today
from domain.core.errors import Forbidden, Invalid
from domain.core.lookup import find_project
from domain.core.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Expense,
    ExpenseCategory,
    Person,
    Project,
)
from domain.core.permissions import can_manage, require_internal, require_work
from domain.requests.approvals import (
    approver_for,
    is_system,
    open_approval,
    snapshot,
)

DEFAULT_APPROVAL_THRESHOLD = 5000.0
CURRENCY_ALIASES = {"RMB": "CNY"}
_ISO_4217 = re.compile(r"^[A-Z]{3}$")


def approval_threshold(project: Project) -> float:
    """The amount above which an expense needs the manager's approval, in project currency.

    Per project once the table carries `expense_approval_threshold`; the default meanwhile.
    """
    value = getattr(project, "expense_approval_threshold", None)
    return float(value) if value else DEFAULT_APPROVAL_THRESHOLD


def approved_expenses() -> ColumnElement[bool]:
    """A WHERE clause for expenses that count: approved at once, or approved by a manager."""
    approved = select(Approval.id).where(Approval.status == ApprovalStatus.approved)
    return col(Expense.approval_id).is_(None) | col(Expense.approval_id).in_(approved)


def log_expense(
    session: Session, actor: Actor, *, project: str | Project, amount: float, day: date,
    currency: str | None = None, category: str | None = None, note: str | None = None,
    now: datetime,
) -> Expense:
    target = find_project(session, actor, project)
    require_work(session, actor, target)
    value = _amount(amount)
    code = _currency(currency, target)
    kind = _category(category)
    _check_day(day, actor, now)
    person_id = None if is_system(actor) else actor.id
    large = code != target.currency or value > approval_threshold(target)
    approver = approver_for(session, person_id, target) if large else None
    approval = None
    if approver is not None:
        approval = open_approval(session, kind=ApprovalKind.expense, requested_by=person_id,
                                 approver=approver, project_id=target.id, now=now)
    expense = Expense(project_id=target.id, person_id=person_id, day=day, amount=value,
                      currency=code, category=kind, note=(note or "").strip() or None,
                      approval_id=approval.id if approval else None)
    session.add(expense)
    session.flush()
    audit.record(session, actor=actor.label, action="expense.log", entity="expense",
                 entity_id=expense.id,
                 payload={"before": None, "after": snapshot(expense),
                          "approval": snapshot(approval)},
                 now=now)
    return expense


def _amount(amount: float) -> float:
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise Invalid("expense.bad_amount", amount=amount)
    if not math.isfinite(amount) or amount <= 0:
        raise Invalid("expense.bad_amount", amount=amount)
    return float(amount)


def _currency(currency: str | None, project: Project) -> str:
    if currency is None or not str(currency).strip():
        return project.currency
    code = str(currency).strip().upper()
    code = CURRENCY_ALIASES.get(code, code)
    if not _ISO_4217.match(code):
        raise Invalid("expense.bad_currency", currency=currency)
    return code


def _category(category: str | None) -> str:
    if category is None or not str(category).strip():
        return ExpenseCategory.other
    wanted = str(category).strip().lower()
    if wanted not in set(ExpenseCategory):
        raise Invalid("expense.bad_category", category=category,
                      options=[c.value for c in ExpenseCategory],
                      choices=", ".join(c.value for c in ExpenseCategory))
    return ExpenseCategory(wanted)


def _check_day(day: date, actor: Actor, now: datetime) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise Invalid("expense.bad_day", day=str(day))
    if day > local_today(actor, now):
        raise Invalid("expense.future_day", day=day.isoformat())


@dataclass(frozen=True)
class ExpenseView:
    id: int
    project: str  # code
    person: str | None  # handle; None when logged by the system
    date: date
    amount: float
    currency: str
    category: str
    note: str | None
    status: str  # approved (counts), pending or rejected (its approval's)


def list_expenses(session: Session, actor: Actor, *, project: str | Project | None = None,
                  after_id: int | None = None, limit: int = 50) -> list[ExpenseView]:
    """Expenses by id, as timesheets show hours: a project's manager and admins see every
    expense on it, everyone else of the firm their own; client contacts none (internal)."""
    proj = find_project(session, actor, project) if project is not None else None
    if actor.is_contact:
        raise Forbidden("forbidden.client_internal", project=proj.code if proj else "")
    query = (select(Expense, Project.code, Person.handle, Approval.status)
             .join(Project, col(Project.id) == Expense.project_id)
             .outerjoin(Person, col(Person.id) == Expense.person_id)
             .outerjoin(Approval, col(Approval.id) == Expense.approval_id))
    if proj is not None:
        require_internal(session, actor, proj)
        query = query.where(Expense.project_id == proj.id)
    if not actor.is_admin and not (proj is not None and can_manage(actor, proj)):
        query = query.where(Expense.person_id == actor.id)
    if after_id is not None:
        query = query.where(col(Expense.id) > after_id)
    rows = session.exec(query.order_by(col(Expense.id)).limit(limit)).all()
    return [ExpenseView(int(e.id or 0), code, handle, e.day, e.amount, e.currency, e.category,
                        e.note, str(status or ApprovalStatus.approved))
            for e, code, handle, status in rows]
