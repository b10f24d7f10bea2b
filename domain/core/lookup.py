"""Finding things by what people call them: codes, names, aliases, handles, #ids.

Every lookup is scoped to what the actor may see, and a miss raises `NotFound` with the
closest visible names, so that "acme web" gets "did you mean ACME-WEB?" and a client never
learns the names of another client's projects.
"""
from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, func, select

from domain.core.actors import Actor
from domain.core.errors import NotFound
from domain.core.matching import closest, fold
from domain.core.models import ClientContact, Milestone, Person, Project, ProjectAlias, Task
from domain.core.permissions import sight_for, tasks_seen_by, visible_project_ids

MILESTONE_ID = re.compile(r"#m(\d{1,9})", re.IGNORECASE)


def find_project(session: Session, actor: Actor, ref: str | Project) -> Project:
    if isinstance(ref, Project):
        ref = ref.code
    visible = visible_project_ids(session, actor)
    wanted = ref.strip().lower()
    by_code = select(Project).where(func.lower(Project.code) == wanted, Project.id.in_(visible))  # type: ignore[union-attr]
    project = session.exec(by_code).first()
    if project is not None:
        return project
    return _project_by_name(session, ref, visible)


def _project_by_name(session: Session, ref: str, visible: Any) -> Project:
    rows = session.exec(
        select(Project).where(Project.id.in_(visible))  # type: ignore[union-attr]
    ).all()
    aliases = session.exec(
        select(ProjectAlias).where(ProjectAlias.project_id.in_(visible))  # type: ignore[attr-defined]
    ).all()
    wanted = fold(ref)
    by_id = {p.id: p for p in rows}
    for project in rows:
        if wanted in (fold(project.name), fold(project.code)):
            return project
    for alias in aliases:
        if fold(alias.alias) == wanted:
            return by_id[alias.project_id]
    names = [p.code for p in rows] + [p.name for p in rows] + [a.alias for a in aliases]
    suggestions = [_code_for(s, rows, aliases) for s in closest(ref, names)]
    raise NotFound("project.not_found", query=ref, matches=list(dict.fromkeys(suggestions)))


def _code_for(name: str, projects: list[Project], aliases: list[ProjectAlias]) -> str:
    for p in projects:
        if name in (p.code, p.name):
            return p.code
    codes = {p.id: p.code for p in projects}
    return next(codes[a.project_id] for a in aliases if a.alias == name)


def find_person(session: Session, ref: str, actor: Actor | None = None) -> Person:
    """A person of the firm by handle, name or first name; with `actor`, only among the
    people the actor may see, so a client is never offered (or confirmed) staff handles."""
    wanted = ref.strip().lstrip("@")
    people = list(session.exec(select(Person).where(Person.forgotten == False)).all())  # noqa: E712
    if actor is not None:
        sight = sight_for(session, actor)
        people = [p for p in people if sight.sees_person(p.id)]
    for p in people:
        if p.handle.lower() == wanted.lower():
            return p
    for p in people:
        if fold(p.name) == fold(wanted) or fold(p.name.split()[0]) == fold(wanted):
            return p
    choices = [p.handle for p in people] + [p.name for p in people]
    handles = {p.name: p.handle for p in people} | {p.handle: p.handle for p in people}
    suggestions = list(dict.fromkeys(handles[c] for c in closest(wanted, choices)))
    raise NotFound("person.not_found", query=ref, matches=suggestions)


def find_contact(session: Session, ref: str) -> ClientContact:
    wanted = ref.strip().lstrip("@").lower()
    contact = session.exec(
        select(ClientContact).where(func.lower(ClientContact.handle) == wanted)
    ).first()
    if contact is None:
        handles = session.exec(select(ClientContact.handle)).all()
        raise NotFound("contact.not_found", query=ref, matches=closest(ref, handles))
    return contact


def find_task(session: Session, actor: Actor, ref: int | str, project: Project | None = None) -> Task:
    """A task by id ("#12", 12) or by its title within a project, among visible projects."""
    visible = visible_project_ids(session, actor)
    text = str(ref).strip().lstrip("#")
    seen = tasks_seen_by(actor)  # a task the actor may not see does not exist for them
    if text.isdigit():
        by_id = select(Task).where(Task.id == int(text), Task.project_id.in_(visible), seen)  # type: ignore[attr-defined]
        task = session.exec(by_id).first()
        if task is None:
            raise NotFound("task.not_found", query=str(ref), matches=[])
        return task
    query = select(Task).where(Task.project_id.in_(visible), seen)  # type: ignore[attr-defined]
    if project is not None:
        query = query.where(Task.project_id == project.id)
    tasks = session.exec(query).all()
    for task in tasks:
        if fold(task.title) == fold(text):
            return task
    raise NotFound("task.not_found", query=str(ref), matches=closest(text, [t.title for t in tasks]))


def find_milestone(session: Session, project: Project, ref: str,
                   actor: Actor | None = None) -> Milestone:
    """A milestone of `project` by name or by id ("#m5"), among those `actor` may see.

    A milestone the actor may not see (client-hidden, or another project's id) is not
    found, and suggestions come only from the visible ones.
    """
    milestones = session.exec(select(Milestone).where(Milestone.project_id == project.id)).all()
    if actor is not None:
        sight = sight_for(session, actor)
        milestones = [m for m in milestones if sight.sees_milestone(m)]
    by_id = MILESTONE_ID.fullmatch(ref.strip())
    if by_id is not None:
        for milestone in milestones:
            if milestone.id == int(by_id.group(1)):
                return milestone
        raise NotFound("milestone.not_found", query=ref, project=project.code, matches=[])
    for milestone in milestones:
        if fold(milestone.name) == fold(ref):
            return milestone
    raise NotFound(
        "milestone.not_found", query=ref, project=project.code,
        matches=closest(ref, [m.name for m in milestones]),
    )
