"""Which projects a management report covers, and over which dates.

Reports are the firm's internal picture, so the scope is narrower than what a person may
merely *see*: admins report on every project; a manager on the projects they manage;
anyone else (a member, a client contact) on none. Utilisation and satisfaction widen this
in their own modules (a member's own utilisation; a contact's own client's satisfaction).
A `--project` outside the scope is refused the way `domain.core.permissions` refuses it (not
found when invisible, forbidden when visible but not managed), so nothing leaks.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_, true
from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.lookup import find_project
from domain.core.matching import closest, fold
from domain.core.models import Client, Project
from domain.core.permissions import require_manage

REPORT_KINDS = ("profit", "variance", "utilization", "satisfaction", "risk")


@dataclass(frozen=True)
class Window:
    """Inclusive dates; either end may be open (None)."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise Invalid("report.bad_window", start=self.start.isoformat(),
                          end=self.end.isoformat())

    def moments(self) -> tuple[datetime | None, datetime | None]:
        """The window as aware UTC moments [start 00:00, end+1 00:00) for datetime columns."""
        low = datetime.combine(self.start, time.min, UTC) if self.start else None
        high = None
        if self.end:
            high = datetime.combine(self.end, time.max, UTC)
        return low, high


def find_client(session: Session, name: str, actor: Actor | None = None) -> Client:
    """A client by its name, folded (case, width, accents); a miss names the closest.

    With `actor`, only the clients the actor may see (`sight_for`) exist: another
    client's name reads exactly like a made-up one.
    """
    rows = list(session.exec(select(Client)).all())
    if actor is not None:
        from domain.core.permissions import sight_for

        sight = sight_for(session, actor)
        rows = [r for r in rows if sight.sees_client(r.id)]
    wanted = fold(name)
    for row in rows:
        if fold(row.name) == wanted:
            return row
    raise NotFound("client.not_found", query=name, matches=closest(name, [r.name for r in rows]))


def managed_projects(
    session: Session, actor: Actor, *, project: str | None = None, client: str | None = None,
) -> list[Project]:
    """The projects the actor may report on, narrowed by `project` and `client`, by code."""
    if actor.is_contact or actor.is_partner:
        raise Forbidden("report.forbidden")
    if project is not None:
        found = find_project(session, actor, project)
        require_manage_or_admin(session, actor, found)
        rows = [found]
    else:
        query = select(Project)
        if not actor.is_admin:
            query = query.where(Project.manager_id == actor.id)
        rows = list(session.exec(query.order_by(col(Project.code))).all())
        if not rows and not actor.is_admin:
            raise Forbidden("report.forbidden")
    if client is not None:
        wanted = find_client(session, client, actor)
        rows = [p for p in rows if p.client_id == wanted.id]
    return rows


def require_manage_or_admin(session: Session, actor: Actor, project: Project) -> None:
    if actor.is_admin:
        return
    require_manage(session, actor, project)


def within(column: Any, window: Window) -> Any:
    """A SQL condition: a date column inside the window (always true for an open window)."""
    conditions = []
    if window.start:
        conditions.append(column >= window.start)
    if window.end:
        conditions.append(column <= window.end)
    return and_(true(), *conditions)
