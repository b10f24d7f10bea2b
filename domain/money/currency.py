"""Base currency and exchange rates: how money in one currency is read in another.

The rules (one place, so a finance clerk can check them):
- the firm keeps its books in its **base currency** (`Firm.base_currency`); a person's
  `hourly_cost` is in it. Without a `Firm` row the base currency is the most common
  project currency (ties: alphabetical), so a one-currency workspace needs nothing;
- an `ExchangeRate` row says 1 unit of `currency` = `rate` units of base from `valid_from`
  on, until the next row of that currency. The base currency's own rate is always 1;
- money dated on a day (an hour logged, an expense) is converted at the rate in force on
  that day: `rate_on(currency, day)` is a correlated SQL subquery, so sums stay in SQL;
- a rate that is needed and missing is an error (`money.missing_rate`) that names the
  currency and the first day without a rate; it is never read as 1:1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, literal
from sqlmodel import Session, case, col, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Forbidden, Invalid
from domain.core.models import ExchangeRate, Firm, Project

ISO_4217 = re.compile(r"^[A-Z]{3}$")


class MissingRate(Invalid):
    """Money in `currency` dated `day` cannot be read in base: no rate in force that day."""

    def __init__(self, currency: str, day: date, base: str) -> None:
        super().__init__("money.missing_rate", currency=currency, day=day.isoformat(), base=base,
                         example=f"pmbot rates set {currency} RATE --from {day.isoformat()}")


def base_currency(session: Session) -> str:
    return str(session.exec(select(base_currency_sql())).one())


def base_currency_sql() -> Any:
    """SQL scalar: the firm's base currency, else the most common project currency, else CNY.
    Used inside the figure queries, so reading it costs no extra round trip."""
    firm = (select(Firm.base_currency).order_by(col(Firm.id)).limit(1)
            .correlate(None).scalar_subquery())
    common = (select(Project.currency).group_by(Project.currency)
              .order_by(func.count().desc(), col(Project.currency)).limit(1)
              .correlate(None).scalar_subquery())
    return func.coalesce(firm, common, literal("CNY"))


def rate_on(currency: Any, day: Any, base: Any) -> Any:
    """SQL: units of base for 1 unit of `currency` on `day` (NULL when no rate is in force)."""
    newest = (
        select(ExchangeRate.rate)
        .where(ExchangeRate.currency == currency, col(ExchangeRate.valid_from) <= day)
        .order_by(col(ExchangeRate.valid_from).desc())
        .limit(1)
        .correlate_except(ExchangeRate)
        .scalar_subquery()
    )
    base_sql = literal(base) if isinstance(base, str) else base
    return case((currency == base_sql, literal(1.0)), else_=newest)


def first_missing(currency: Any, day: Any, base: Any) -> Any:
    """SQL aggregate: the earliest day whose rate is missing (NULL when none is)."""
    return func.min(case((rate_on(currency, day, base).is_(None), day), else_=None))


def require_rates(session: Session, missing: list[tuple[str, Any]]) -> None:
    """Raise for the first (currency, day) whose rate was missing; day may be a string."""
    found = [(cur, _as_date(day)) for cur, day in missing if day is not None]
    if found:
        currency, day = min(found, key=lambda item: (item[1], item[0]))
        raise MissingRate(currency, day, base_currency(session))


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def convert(session: Session, amount: float, currency: str, day: date, to: str) -> float:
    """One amount, for figures computed outside SQL (a budget, a contract's value)."""
    base = base_currency(session)
    return amount * _rate(session, currency, day, base) / _rate(session, to, day, base)


def _rate(session: Session, currency: str, day: date, base: str) -> float:
    value = session.exec(select(rate_on(literal(currency), literal(day), base))).one()
    if value is None:
        raise MissingRate(currency, day, base)
    return float(value)


# ---------------------------------------------------------------- rates as data
@dataclass(frozen=True)
class RatePeriod:
    currency: str
    rate: float
    start: date
    end: date | None  # the day before the next rate of the currency; None: still in force


def list_rates(session: Session) -> list[RatePeriod]:
    rows = session.exec(select(ExchangeRate).order_by(col(ExchangeRate.currency),
                                                      col(ExchangeRate.valid_from))).all()
    out: list[RatePeriod] = []
    for i, row in enumerate(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) and rows[i + 1].currency == row.currency else None
        end = date.fromordinal(nxt.valid_from.toordinal() - 1) if nxt else None
        out.append(RatePeriod(row.currency, row.rate, row.valid_from, end))
    return out


def currency_code(value: str) -> str:
    code = (value or "").strip().upper()
    if not ISO_4217.match(code):
        raise Invalid("money.bad_currency", currency=value)
    return code


def set_rate(session: Session, actor: Actor, *, currency: str, rate: float, valid_from: date,
             now: datetime) -> ExchangeRate:
    """Record (or correct) the rate of `currency` from `valid_from` on; admins only."""
    if not actor.is_admin:
        raise Forbidden("money.rates_forbidden")
    code, base = currency_code(currency), base_currency(session)
    if code == base:
        raise Invalid("money.rate_of_base", currency=code)
    if not rate > 0 or rate != rate or rate == float("inf"):
        raise Invalid("money.bad_rate", rate=rate)
    row = session.exec(select(ExchangeRate).where(ExchangeRate.currency == code,
                                                  ExchangeRate.valid_from == valid_from)).first()
    before = None if row is None else row.rate
    row = row or ExchangeRate(currency=code, rate=rate, valid_from=valid_from)
    row.rate = float(rate)
    session.add(row)
    session.flush()
    audit.record(session, actor=actor.label, action="rate.set", entity="exchange_rate",
                 entity_id=row.id, payload={"currency": code, "from": valid_from.isoformat(),
                                            "before": before, "after": row.rate}, now=now)
    return row
