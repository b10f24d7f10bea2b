"""A project's story for its client: the milestones on a line and what happened lately.

Read through the same doors as chat: `find_project` (a project the actor may not see is
not found), `list_tasks` and `list_documents` (their visibility rules), and the one rule
for milestones that chat, charts and notices share: a client's contact sees client-visible
milestones only. The portal renders these; it decides nothing about who sees what.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, case, col, select

from domain.clients.documents import DocumentView, list_documents
from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Milestone, Project
from domain.work.task_queries import list_tasks


@dataclass(frozen=True)
class TimelineMilestone:
    id: int
    name: str
    due: date | None
    done: bool
    done_on: date | None
    state: str  # done, next, late, upcoming


@dataclass(frozen=True)
class Activity:
    day: date
    kind: str  # milestone, task, document
    title: str


def visible_milestones(session: Session, actor: Actor, project: Project) -> list[Milestone]:
    """The project's milestones the actor may see, by due date (undated last)."""
    query = select(Milestone).where(Milestone.project_id == project.id)
    if actor.is_contact or actor.is_partner:  # outsiders see client-visible milestones only
        query = query.where(col(Milestone.client_visible))
    query = query.order_by(case((col(Milestone.due).is_(None), 1), else_=0), col(Milestone.due),
                           col(Milestone.id))
    return list(session.exec(query).all())


def milestone_timeline(session: Session, actor: Actor, *, project: str | Project,
                       today: date) -> list[TimelineMilestone]:
    """Each visible milestone with its state: the first open one is `next`, past-due open
    ones are `late`."""
    proj = find_project(session, actor, project)
    rows, seen_next = [], False
    for m in visible_milestones(session, actor, proj):
        if m.done:
            state = "done"
        elif m.due is not None and m.due < today:
            state = "late"
        elif not seen_next:
            state, seen_next = "next", True
        else:
            state = "upcoming"
        rows.append(TimelineMilestone(int(m.id or 0), m.name, m.due, m.done, m.done_on, state))
    return rows


def recent_activity(session: Session, actor: Actor, *, project: str | Project, today: date,
                    since: date, limit: int = 12,
                    documents: list[DocumentView] | None = None) -> list[Activity]:
    """What happened on the project since `since` that the actor may see, newest first
    (`documents`: the project's `list_documents` for the actor, when the caller has it)."""
    proj = find_project(session, actor, project)
    found = [Activity(m.done_on, "milestone", m.name)
             for m in visible_milestones(session, actor, proj)
             if m.done and m.done_on is not None and m.done_on >= since]
    found += [Activity(t.done_on, "task", t.title)
              for t in list_tasks(session, actor, project=proj, status="done", today=today)
              if t.done_on is not None and t.done_on >= since]
    found += [Activity(_day(d.added_at), "document", d.title)
              for d in (documents if documents is not None
                        else list_documents(session, actor, project=proj))
              if _day(d.added_at) >= since]
    return sorted(found, key=lambda a: a.day, reverse=True)[:limit]


def _day(moment: datetime) -> date:
    return moment.date()
