"""Who may see and do what. One place, so every service asks the same questions.

- admins: everything;
- a project's manager: everything on that project, including approvals;
- a project's members: see it, plan and log their own work on it;
- other people of the firm: nothing on that project (it stays invisible to them);
- a client's contacts: read their own client's projects (client-visible parts only) and
  write nothing but feedback.
Invisible projects are reported as not found, so a refusal reveals nothing.
"""
from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from domain.core.actors import Actor
from domain.core.errors import Forbidden, NotFound
from domain.core.models import Project, ProjectMember


def is_member(session: Session, actor: Actor, project: Project) -> bool:
    if actor.is_contact:
        return False
    row = session.get(ProjectMember, (project.id, actor.id))
    return row is not None or project.manager_id == actor.id


def can_view(session: Session, actor: Actor, project: Project) -> bool:
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
