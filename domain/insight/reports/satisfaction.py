"""Client satisfaction: average score and Net Promoter Score per project and per client.

Scores are stored on 1–5 (see `domain.clients.feedback`), a 0–10 answer rescaled linearly
(0 → 1, 10 → 5). NPS is defined on 0–10, so each stored score is read back on that scale,
raw = (score − 1) × 2.5, and sorted the usual way: promoters 9–10 (stored ≥ 4.6),
passives 7–8, detractors 0–6 (stored ≤ 3.4). On a plain 1–5 survey that makes 5 a
promoter, 4 a passive and 1–3 detractors, the common reading of a five-point scale.
NPS = % promoters − % detractors, from −100 to +100; None without any score.

Who sees it: admins every project, managers their projects, a client contact the projects
of their own client (the firm's reading of their own answers); members nobody's.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, case, col, select

from domain.core.actors import Actor
from domain.core.errors import Forbidden
from domain.core.lookup import find_project
from domain.core.models import Client, Feedback, Project
from domain.core.permissions import require_view
from domain.insight.reports.scope import Window, find_client, managed_projects

PROMOTER_AT = 4.6  # stored score of a raw 9
DETRACTOR_TO = 3.4  # stored score of a raw 6


def nps_class(stored: float) -> str:
    """promoter / passive / detractor for a score stored on 1–5."""
    raw = (stored - 1) * 2.5
    if raw >= 9 - 1e-9:
        return "promoter"
    return "detractor" if raw <= 6 + 1e-9 else "passive"


@dataclass(frozen=True)
class SatisfactionLine:
    name: str  # project code or client name
    responses: int
    average: float | None  # on 1–5
    promoters: int
    passives: int
    detractors: int

    @property
    def nps(self) -> float | None:
        if not self.responses:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.responses


@dataclass(frozen=True)
class SatisfactionReport:
    window: Window
    projects: tuple[SatisfactionLine, ...]
    clients: tuple[SatisfactionLine, ...]
    overall: SatisfactionLine


def satisfaction_projects(
    session: Session, actor: Actor, *, project: str | None = None, client: str | None = None,
) -> list[Project]:
    if not actor.is_contact:
        return managed_projects(session, actor, project=project, client=client)
    if project is not None:
        found = find_project(session, actor, project)
        require_view(session, actor, found)
        return [found]
    if client is not None and find_client(session, client, actor).id != actor.client_id:
        raise Forbidden("report.forbidden")
    return list(session.exec(select(Project).where(Project.client_id == actor.client_id)
                             .order_by(col(Project.code))).all())


def satisfaction_report(session: Session, projects: list[Project], window: Window) -> SatisfactionReport:
    ids = [p.id for p in projects]
    counts = _counts(session, ids, window) if ids else {}
    lines = [_line(p.code, counts.get(p.id)) for p in projects]
    by_client: dict[int, list[float]] = defaultdict(lambda: [0.0] * 5)
    for p in projects:
        if p.client_id is not None and p.id in counts:
            by_client[p.client_id] = [a + b for a, b in zip(by_client[p.client_id], counts[p.id], strict=True)]
    names = dict(session.exec(select(Client.id, Client.name)
                              .where(col(Client.id).in_(list(by_client)))).all()) if by_client else {}
    clients = sorted((_line(names[cid], c) for cid, c in by_client.items()), key=lambda line: line.name)
    total = [sum(c[i] for c in counts.values()) for i in range(5)]
    return SatisfactionReport(window, tuple(lines), tuple(clients), _line("all", total))


def _counts(session: Session, ids: list[int], window: Window) -> dict[int, list[float]]:
    """Per project: responses, sum of scores, promoters, passives, detractors."""
    low, high = window.moments()
    promoter = Feedback.score >= PROMOTER_AT - 1e-6
    detractor = Feedback.score <= DETRACTOR_TO + 1e-6
    query = (
        select(Feedback.project_id, func.count(), func.sum(Feedback.score),
               func.sum(case((promoter, 1), else_=0)),
               func.sum(case((detractor, 1), else_=0)))
        .where(col(Feedback.project_id).in_(ids))
        .group_by(Feedback.project_id)
    )
    if low is not None:
        query = query.where(Feedback.created_at >= low)
    if high is not None:
        query = query.where(Feedback.created_at <= high)
    out = {}
    for pid, n, total, pro, det in session.exec(query).all():
        n, pro, det = int(n), int(pro or 0), int(det or 0)
        out[pid] = [n, float(total or 0), pro, n - pro - det, det]
    return out


def _line(name: str, counts: list[float] | None) -> SatisfactionLine:
    if not counts or not counts[0]:
        return SatisfactionLine(name, 0, None, 0, 0, 0)
    n, total, pro, passive, det = counts
    return SatisfactionLine(name, int(n), total / n, int(pro), int(passive), int(det))
