"""A project's story for its client: the milestones on a line and what happened lately.

Read through the same doors as chat: `find_project` (a project the actor may not see is
not found), `list_documents` (its visibility rules), and the client's view that chat,
charts and notices share (`permissions.tasks_seen_by`, `milestones_seen_by`): a client's
contact sees client-visible milestones and their tasks only. Activity is read newest
first and limited in SQL, not filtered row by row in Python. The portal renders these;
it decides nothing about who sees what.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, case, col, select

from domain.clients.documents import DocumentView, list_documents
from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Milestone, Project, Task, TaskStatus
from domain.core.permissions import milestones_seen_by, tasks_seen_by


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
    query = select(Milestone).where(Milestone.project_id == project.id,
                                    milestones_seen_by(actor))
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
    found = [Activity(day, "milestone", name) for day, name in session.exec(
        select(col(Milestone.done_on), col(Milestone.name))
        .where(Milestone.project_id == proj.id, col(Milestone.done), milestones_seen_by(actor),
               col(Milestone.done_on).is_not(None), col(Milestone.done_on) >= since)
        .order_by(col(Milestone.done_on).desc()).limit(limit)).all() if day is not None]
    found += [Activity(day, "task", title) for day, title in session.exec(
        select(col(Task.done_on), col(Task.title))
        .where(Task.project_id == proj.id, Task.status == TaskStatus.done, tasks_seen_by(actor),
               col(Task.done_on).is_not(None), col(Task.done_on) >= since)
        .order_by(col(Task.done_on).desc(), col(Task.id).desc()).limit(limit)).all()
        if day is not None]
    found += [Activity(_day(d.added_at), "document", d.title)
              for d in (documents if documents is not None
                        else list_documents(session, actor, project=proj))
              if _day(d.added_at) >= since]
    return sorted(found, key=lambda a: a.day, reverse=True)[:limit]


def _day(moment: datetime) -> date:
    return moment.date()
