"""What the project page shows, gathered from the domain as the visitor may see it.

Nothing here decides visibility: each figure comes from the service chat uses
(`project_status`, `milestone_timeline`, `recent_activity`, `list_documents`,
`project_risks`), called as the visitor, so a client's contact gets the client's view.
"Preview as client" calls the same services as an unnamed contact of the project's client.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from domain.clients.documents import DocumentView, list_documents
from domain.core.actors import Actor
from domain.core.errors import DomainError
from domain.core.lookup import find_project
from domain.core.models import Project
from domain.core.permissions import can_manage
from domain.insight.status import ClientStatus, ProjectStatus, project_status
from domain.insight.timeline import Activity, TimelineMilestone, milestone_timeline, recent_activity

ACTIVITY_DAYS = 30


@dataclass(frozen=True)
class Money:
    currency: str
    budget: float
    spent: float
    burn_pct: float | None


@dataclass(frozen=True)
class ProjectPage:
    code: str
    name: str
    status: ClientStatus | ProjectStatus
    milestones: list[TimelineMilestone]
    at_risk: set[str]
    risk_pending: bool  # the risk model is still scoring this project (staff pages only)
    activity: list[Activity]
    documents: list[DocumentView]
    money: Money | None
    rate_milestones: list[TimelineMilestone]  # reached milestones the visitor may rate
    can_preview: bool
    preview: bool


def client_preview(actor: Actor, project: Project) -> Actor | None:
    """The project's manager (or an admin) seeing the page as the client's contacts do."""
    if project.client_id is None or not can_manage(actor, project):
        return None
    return Actor("contact", 0, "preview", actor.name, actor.language, actor.timezone,
                 client_id=project.client_id)


RiskLookup = Callable[[Session, Actor, Project, date], "set[str] | None"]  # None: not yet


def project_page(session: Session, actor: Actor, code: str, *, today: date,
                 preview: bool, at_risk: RiskLookup | None = None) -> ProjectPage:
    """The page, or NotFound (the same for a missing project and one not shared)."""
    project = find_project(session, actor, code.strip())
    if project.code.lower() != code.strip().lower():
        from domain.core.errors import NotFound

        raise NotFound("project.not_found", query=code, matches=[])  # names and aliases: no
    viewer = client_preview(actor, project) if preview else None
    seen_as = viewer or actor
    status = project_status(session, seen_as, project=project, today=today)
    milestones = milestone_timeline(session, seen_as, project=project, today=today)
    documents = list_documents(session, seen_as, project=project)
    risky = set() if seen_as.is_contact else (at_risk or milestones_at_risk)(
        session, seen_as, project, today)
    return ProjectPage(
        code=project.code, name=project.name, status=status, milestones=milestones,
        at_risk=risky or set(), risk_pending=risky is None,
        activity=recent_activity(session, seen_as, project=project, today=today,
                                 since=today - timedelta(days=ACTIVITY_DAYS), documents=documents),
        documents=documents,
        money=_money(status),
        rate_milestones=[m for m in milestones if m.done] if actor.is_contact else [],
        can_preview=client_preview(actor, project) is not None, preview=viewer is not None)


def _money(status: Any) -> Money | None:
    if getattr(status, "budget", None) is None or getattr(status, "spent", None) is None:
        return None
    return Money(status.currency, status.budget, status.spent, status.burn_pct)


def milestones_at_risk(session: Session, actor: Actor, project: Project, today: date) -> set[str]:
    """Milestones the risk model flags: the firm's people only (the model's reasons are
    internal; project_risks refuses contacts)."""
    if actor.is_contact:
        return set()
    from domain.insight.risk.model import project_risks

    try:
        risks = project_risks(session, actor, project=project, today=today)
    except DomainError:
        return set()
    return {str(r.milestone) for r in risks if r.high and r.milestone}


PortfolioScorer = Callable[[Session, Actor, "list[Project]", date], "dict[int, set[str]]"]


def portfolio_at_risk(session: Session, actor: Actor, projects: list[Project],
                      today: date) -> dict[int, set[str]]:
    """`milestones_at_risk` for many projects at once (the risk model's batch)."""
    from domain.insight.risk.model import portfolio_milestone_risks

    return portfolio_milestone_risks(session, actor, projects, today)


class RiskCache:
    """The risk model's flags per project and day, scored off the request, kept a while.

    Scoring a project's milestones reads its whole team's workload (~100 ms on the large
    workspace), more than a page may cost; the flags move slowly (the scheduler rescores
    hourly). So a page waits for the score at most `wait` seconds: a project scored within
    that shows its flags at once, a slower one says "being assessed" and has them on the
    next view. A miss scores the visitor's whole portfolio in one batch (their active
    projects, at most `BATCH`): a manager's thirty projects cost ~40 ms each that way
    instead of ~100, and the first view of each of their other projects is then a hit.
    The cache is keyed by project only because only the firm's people who may see the
    project's internals get here (the scorer checks visibility as it scores, and
    `project_page` never asks for a contact).
    """

    BATCH = 60

    def __init__(self, seconds: float = 600, clock: Callable[[], float] = time.monotonic,
                 wait: float = 0.05, scorer: PortfolioScorer | None = None) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.seconds, self.clock, self.wait = seconds, clock, wait
        self.scorer = scorer or portfolio_at_risk
        self._found: dict[tuple[int, date], tuple[float, set[str]]] = {}
        self._pending: dict[tuple[int, date], Any] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="pmbot-risk")

    def __call__(self, session: Session, actor: Actor, project: Project,
                 today: date) -> set[str] | None:
        from concurrent.futures import TimeoutError as Late

        pid = int(project.id or 0)
        key = (pid, today)
        with self._lock:
            hit = self._found.get(key)
            if hit is not None and hit[0] > self.clock():
                return hit[1]
            future = self._pending.get(key)
        if future is None:
            ids = self._portfolio(session, actor, pid, today)
            with self._lock:
                future = self._pending.get(key)
                if future is None:
                    ids = [i for i in ids if (i, today) not in self._pending]
                    future = self._pool.submit(self._score, session.get_bind(), actor, ids, today)
                    for i in ids:
                        self._pending[(i, today)] = future
        try:
            found = future.result(timeout=self.wait)
        except Late:
            return None
        return set(found.get(pid, set()))

    def _portfolio(self, session: Session, actor: Actor, pid: int, today: date) -> list[int]:
        """The project asked for first, then the visitor's other active projects (an
        admin's: those they manage) not fresh in the cache."""
        from sqlmodel import col, select

        from domain.core.models import ProjectStatus as State
        from domain.core.permissions import visible_project_ids

        mine = (select(Project.id).where(Project.manager_id == actor.id) if actor.is_admin
                else visible_project_ids(session, actor))
        rows = session.exec(select(Project.id).where(col(Project.id).in_(mine),
                                                     Project.status == State.active,
                                                     Project.id != pid)
                            .order_by(col(Project.id)).limit(self.BATCH)).all()
        now = self.clock()
        with self._lock:
            stale = [int(i) for i in rows if i is not None
                     and self._found.get((int(i), today), (0.0, set()))[0] <= now]
        return [pid, *stale]

    def _score(self, bind: Any, actor: Actor, ids: list[int],
               today: date) -> dict[int, set[str]]:
        try:
            with Session(bind) as session:
                from sqlmodel import col, select

                projects = list(session.exec(select(Project).where(col(Project.id).in_(ids))).all())
                found = self.scorer(session, actor, projects, today)
            with self._lock:
                if len(self._found) > 5000:
                    self._found.clear()
                until = self.clock() + self.seconds
                for i in ids:
                    self._found[(i, today)] = (until, set(found.get(i, set())))
            return found
        finally:
            with self._lock:
                for i in ids:
                    self._pending.pop((i, today), None)
