"""Managers warned, once a week at most, about milestones the delay-risk model says will slip.

Kept out of the minute-by-minute `due()`: scoring every open milestone takes seconds on a
large store (see README), and a weekly warning does not need a fresh answer every minute;
the scheduler asks for it hourly and the dedup key (milestone, ISO week) does the rest.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from domain.core.models import Person
from domain.insight.risk.model import milestones_at_risk
from domain.notices.due import Clock, Notice, Recipient, Settled, nothing_settled


def risk_notices(session: Session, now: datetime, *, default_timezone: str = "Asia/Shanghai",
                 settled: Settled = nothing_settled) -> list[Notice]:
    clock = Clock(now, default_timezone, settled)
    risks = [r for r in milestones_at_risk(session, now) if r.manager_id is not None]
    ids = {r.manager_id for r in risks}
    managers = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids)))}
    wanted = []
    for risk in risks:
        person = managers.get(risk.manager_id)
        if person is None or person.forgotten:
            continue
        who = Recipient("person", person.id, person.handle, person.language,  # type: ignore[arg-type]
                        person.timezone or default_timezone)
        year, week, _ = clock.local(who.timezone).date().isocalendar()
        wanted.append((f"milestone_risk:{risk.milestone_id}:{year}-W{week:02d}", who, risk))
    keep = {key for key, _ in clock.unsettled([(key, who) for key, who, _ in wanted])}
    return [Notice("milestone_risk", key, who, risk.subject, (risk.note(),),
                   project_id=risk.project_id)
            for key, who, risk in wanted if key in keep]
