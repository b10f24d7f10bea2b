"""Milestones reached: the moment a manager tells the client "Beta is out".

People usually name the milestone alone ("Beta is done"); the project is then the only
visible one with a milestone of that name, or pmbot asks which project is meant.
Milestones hidden from clients stay unknown to client contacts.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from domain.core import audit
from domain.core.actors import Actor, local_today
from domain.core.errors import Conflict, Invalid, NotFound
from domain.core.lookup import find_milestone, find_project
from domain.core.matching import closest, fold
from domain.core.models import Milestone, Project
from domain.core.permissions import require_manage, visible_project_ids
from domain.notices.webhooks import emit
from domain.requests.approvals import snapshot


def complete_milestone(
    session: Session, actor: Actor, *, milestone: str, project: str | Project | None = None,
    now: datetime,
) -> Milestone:
    target, found = _resolve(session, actor, milestone, project)
    require_manage(session, actor, target)
    if found.done:
        raise Conflict("milestone.already_done", milestone=found.name, project=target.code,
                       done_on=found.done_on.isoformat() if found.done_on else "")
    before = snapshot(found)
    found.done = True
    found.done_on = local_today(actor, now)
    session.add(found)
    session.flush()
    audit.record(session, actor=actor.label, action="milestone.complete", entity="milestone",
                 entity_id=found.id,
                 payload={"project": target.code, "before": before, "after": snapshot(found)},
                 now=now)
    emit(session, event_type="milestone.reached", key=f"milestone.reached:{found.id}",
         subject=target.code,
         data={"id": found.id, "name": found.name, "project": target.code,
               "due": found.due.isoformat() if found.due else None,
               "done_on": found.done_on.isoformat() if found.done_on else None,
               "client_visible": found.client_visible}, now=now)
    return found


def milestone_state(
    session: Session, actor: Actor, *, milestone: str, project: str | Project | None = None,
) -> tuple[Project, Milestone]:
    """A milestone and its project, to say whether it is reached: reading, never writing."""
    return _resolve(session, actor, milestone, project)


def _resolve(
    session: Session, actor: Actor, name: str, project: str | Project | None,
) -> tuple[Project, Milestone]:
    if project is not None:
        target = find_project(session, actor, project)
        found = find_milestone(session, target, name, actor)  # no hidden names suggested
        if (actor.is_contact or actor.is_partner) and not found.client_visible:
            raise NotFound("milestone.not_found", query=name, project=target.code, matches=[])
        return target, found
    return _by_name_alone(session, actor, name)


def _by_name_alone(session: Session, actor: Actor, name: str) -> tuple[Project, Milestone]:
    rows = session.exec(
        select(Milestone, Project)
        .join(Project, col(Project.id) == Milestone.project_id)
        .where(col(Project.id).in_(visible_project_ids(session, actor)))
        .order_by(col(Project.code))
    ).all()
    if actor.is_contact or actor.is_partner:
        rows = [(m, p) for m, p in rows if m.client_visible]
    hits = [(m, p) for m, p in rows if fold(m.name) == fold(name)]
    if len(hits) == 1:
        return hits[0][1], hits[0][0]
    if hits:
        codes = [p.code for _m, p in hits]
        raise Invalid("milestone.ambiguous", milestone=name, options=codes,
                      choices=", ".join(codes))
    raise NotFound("milestone.not_found_anywhere", query=name,
                   matches=closest(name, [m.name for m, _p in rows]))
