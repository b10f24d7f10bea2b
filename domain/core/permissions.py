"""Who may see and do what. One place, so every service asks the same questions.

- admins: everything;
- a project's manager: everything on that project, including approvals;
- a project's members: see it, plan and log their own work on it;
- other people of the firm: nothing on that project (it stays invisible to them);
- a client's contacts: read their own client's projects (client-visible parts only) and
  write nothing but feedback;
- a partner organisation's people (role `partner`): on the projects they are members of,
  the tasks assigned to them (and only those: `tasks_seen_by`), the client-visible
  milestones, their own hours and expenses; never budgets, rates, margins, internal
  figures or internal documents (restricted ones only where they are named readers).
Invisible projects are reported as not found, so a refusal reveals nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, true
from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.errors import Forbidden, NotFound
from domain.core.models import Milestone, Project, ProjectMember, Task


def is_member(session: Session, actor: Actor, project: Project) -> bool:
    if actor.is_contact:
        return False
    row = session.get(ProjectMember, (project.id, actor.id))
    return row is not None or project.manager_id == actor.id


def can_view(session: Session, actor: Actor, project: Project) -> bool:
    """THE visibility rule: may `actor` see that `project` exists at all?

    Every surface answers a project this returns False for exactly like a project that
    does not exist (same words, same suggestions drawn only from what the actor may see).
    `visible_project_ids` is the same rule as SQL, `sight_for` extends it to everything
    that belongs to a project (milestones, tasks, people, clients).
    """
    if actor.is_contact:
        return project.client_id is not None and project.client_id == actor.client_id
    return actor.is_admin or is_member(session, actor, project)


def can_manage(actor: Actor, project: Project) -> bool:
    return not actor.is_contact and (actor.is_admin or project.manager_id == actor.id)


def require_view(session: Session, actor: Actor, project: Project) -> None:
    if not can_view(session, actor, project):
        raise NotFound("project.not_found", query=project.code, matches=[])


def require_internal(session: Session, actor: Actor, project: Project) -> None:
    """Internal figures (hours, cost, budget) are for the firm's people on the project."""
    require_view(session, actor, project)
    if actor.is_contact:
        raise Forbidden("forbidden.client_internal", project=project.code)
    if actor.is_partner:
        raise Forbidden("forbidden.partner_internal", project=project.code)


def is_insider(actor: Actor) -> bool:
    """The firm's own people: neither a client's contact nor a partner's person."""
    return not actor.is_contact and not actor.is_partner


def require_work(session: Session, actor: Actor, project: Project) -> None:
    """Logging and planning work: members, the manager, admins."""
    require_view(session, actor, project)
    if actor.is_contact:
        raise Forbidden("forbidden.client_write", project=project.code)
    if not (actor.is_admin or is_member(session, actor, project)):
        raise Forbidden("forbidden.not_member", project=project.code)


def require_manage(session: Session, actor: Actor, project: Project) -> None:
    require_work(session, actor, project)
    if not can_manage(actor, project):
        raise Forbidden("forbidden.not_manager", project=project.code)


def visible_project_ids(session: Session, actor: Actor) -> Any:
    """A subquery of the ids of projects the actor may see, for use inside other queries."""
    if actor.is_contact:
        return select(Project.id).where(Project.client_id == actor.client_id)
    if actor.is_admin:
        return select(Project.id)
    member_of = select(ProjectMember.project_id).where(ProjectMember.person_id == actor.id)
    return select(Project.id).where(
        (Project.manager_id == actor.id) | (Project.id.in_(member_of))  # type: ignore[union-attr]
    )


def tasks_seen_by(actor: Actor, task: Any = Task) -> Any:
    """THE client's view of a project's tasks, as a SQL condition on `task` (the Task
    entity or an alias of it): a contact sees the tasks of client-visible milestones and
    tasks under no milestone; the firm's people see every task of a project they see.

    Status counts and progress, the timeline's activity, task lists, the Gantt and the
    Kanban all filter with this, so "1 of 2 tasks done" counts exactly the bars the
    client's Gantt draws. A subquery, not a join, so any query over tasks can add it.
    A partner's person sees only the tasks assigned to them: the others do not exist for
    them (lookups by id included).
    """
    if actor.is_partner:
        return task.assignee_id == actor.id
    return client_tasks(task) if actor.is_contact else true()


def client_tasks(task: Any = Task) -> Any:
    """What every contact of a project's client sees of its tasks (`tasks_seen_by` for a
    contact; the client digest, which has no single reader, uses it directly)."""
    shown = select(Milestone.id).where(col(Milestone.client_visible).is_(True))
    return or_(col(task.milestone_id).is_(None), col(task.milestone_id).in_(shown))


def milestones_seen_by(actor: Actor, milestone: Any = Milestone) -> Any:
    """The same view for milestones: a contact, and a partner's person, see client-visible
    ones only."""
    if not (actor.is_contact or actor.is_partner):
        return true()
    return col(milestone.client_visible).is_(True)


def person_shown_to(actor: Actor, handle: str | None) -> str | None:
    """Who does a task, as the actor may read it: handles are the firm's internal names
    (chat accounts, who to nudge), so a client's contact gets none (their page says what
    is done and when, not who inside the firm does it); the firm's people get the handle."""
    return None if actor.is_contact else handle


@dataclass(frozen=True)
class Sight:
    """Everything an actor may name, as ids: the one answer to "may this person see it?".

    Every surface that resolves a name (the chat's understanding, lookups, "did you mean"
    hints, documents, charts, reports, App Home, the portal, the API) asks this, so that a
    name the actor may not see behaves exactly like a name that exists nowhere. `None`
    means "no restriction" (admins).
    """

    project_ids: frozenset[int] | None
    client_ids: frozenset[int] | None
    person_ids: frozenset[int] | None
    client_visible_only: bool  # contacts and partners see only client-visible milestones
    task_assignee: int | None = None  # partners: only the tasks assigned to this person

    @property
    def key(self) -> tuple[object, ...]:
        """A hashable summary, for caches shared by actors who see the same things."""
        def frozen(ids: frozenset[int] | None) -> tuple[int, ...] | None:
            return None if ids is None else tuple(sorted(ids))

        return (frozen(self.project_ids), frozen(self.client_ids), frozen(self.person_ids),
                self.client_visible_only, self.task_assignee)

    def sees_project(self, project_id: int | None) -> bool:
        return self.project_ids is None or project_id in self.project_ids

    def sees_person(self, person_id: int | None) -> bool:
        return self.person_ids is None or person_id in self.person_ids

    def sees_client(self, client_id: int | None) -> bool:
        return self.client_ids is None or client_id in self.client_ids

    def sees_task(self, task: Task) -> bool:
        if not self.sees_project(task.project_id):
            return False
        return self.task_assignee is None or task.assignee_id == self.task_assignee

    def sees_milestone(self, milestone: Milestone) -> bool:
        if not self.sees_project(milestone.project_id):
            return False
        return milestone.client_visible or not self.client_visible_only


def sight_for(session: Session, actor: Actor) -> Sight:
    """What `actor` may see, computed from `can_view`'s rule in SQL (one query per kind).

    - admins: everything;
    - the firm's people: the projects they manage or work on, every colleague (the firm
      knows its own people), the clients of their projects;
    - a client's contacts: their client's projects, the people working on those projects
      (never the rest of the staff), client-visible milestones only.
    """
    if actor.is_admin:
        return Sight(None, None, None, client_visible_only=False)
    project_ids = frozenset(session.exec(visible_project_ids(session, actor)).all())
    clients = session.exec(
        select(Project.client_id).where(Project.id.in_(project_ids))  # type: ignore[union-attr]
    ).all()
    client_ids = frozenset(c for c in clients if c is not None)
    if actor.is_partner:
        return Sight(project_ids, client_ids, _people_on(session, project_ids),
                     client_visible_only=True, task_assignee=actor.id)
    if not actor.is_contact:
        return Sight(project_ids, client_ids, None, client_visible_only=False)
    return Sight(project_ids, client_ids, _people_on(session, project_ids),
                 client_visible_only=True)


def _people_on(session: Session, project_ids: frozenset[int]) -> frozenset[int]:
    members = session.exec(
        select(ProjectMember.person_id).where(ProjectMember.project_id.in_(project_ids))  # type: ignore[attr-defined]
    ).all()
    managers = session.exec(
        select(Project.manager_id).where(Project.id.in_(project_ids))  # type: ignore[union-attr]
    ).all()
    return frozenset([*members, *(m for m in managers if m is not None)])


def can_see_labour_cost(session: Session, actor: Actor, project: Project) -> bool:
    """Labour cost (hours × a person's hourly cost) is for the project's manager and admins.

    A member who sees spend that includes labour cost can log one hour and read a
    colleague's (or their own) hourly cost off the change, so members get figures without it.
    """
    return can_view(session, actor, project) and can_manage(actor, project)


def require_labour_cost(session: Session, actor: Actor, project: Project) -> None:
    """Refuse budget and spend figures (which contain labour cost) to all but managers."""
    require_internal(session, actor, project)
    if not can_see_labour_cost(session, actor, project):
        raise Forbidden("forbidden.labour_cost", project=project.code)
