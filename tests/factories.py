"""A small world for permission and validation tests, built row by row (no importer).

    alice  admin                      (on no project, sees everything)
    bob    pm, manager of WEB
    lin    member of WEB
    dave   member of GLX only (a non-member for WEB)
    tom    contact of Acme (WEB's client)
    gina   contact of Globex (GLX's client)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from domain.core.actors import Actor, from_contact, from_person
from domain.core.models import (
    Client,
    ClientContact,
    Milestone,
    Person,
    Project,
    ProjectMember,
    Task,
)


@dataclass
class World:
    alice: Actor
    bob: Actor
    lin: Actor
    dave: Actor
    tom: Actor
    gina: Actor
    web: Project
    glx: Project
    beta: Milestone
    internal_review: Milestone
    login_task: Task


def person(session: Session, handle: str, name: str, role: str = "member", **kw) -> Person:
    row = Person(handle=handle, name=name, role=role, email=f"{handle}@firm.example",
                 timezone=kw.pop("timezone", "Asia/Shanghai"), hourly_cost=kw.pop("hourly_cost", 300),
                 **kw)
    session.add(row)
    session.flush()
    return row


def build_world(session: Session) -> World:
    alice = person(session, "alice", "Alice Wang", "admin")
    bob = person(session, "bob", "Bob Li", "pm", hourly_cost=400)
    lin = person(session, "lin", "林芳", language="zh", hourly_cost=200)
    dave = person(session, "dave", "Dave Müller", timezone="Europe/Berlin")
    acme, globex = Client(name="Acme Retail"), Client(name="Globex")
    session.add_all([acme, globex])
    session.flush()
    tom = ClientContact(client_id=acme.id, handle="tom", name="Tom Harris")
    gina = ClientContact(client_id=globex.id, handle="gina", name="Gina Rossi")
    web = Project(code="WEB", name="Acme Website", client_id=acme.id, manager_id=bob.id,
                  start=date(2026, 11, 1), end=date(2026, 12, 31), budget=100000,
                  currency="CNY", hourly_rate=650)
    glx = Project(code="GLX", name="Globex Portal", client_id=globex.id, manager_id=bob.id,
                  budget=50000, currency="EUR", hourly_rate=90)
    session.add_all([tom, gina, web, glx])
    session.flush()
    session.add_all([ProjectMember(project_id=web.id, person_id=p.id) for p in (bob, lin)])
    session.add_all([ProjectMember(project_id=glx.id, person_id=p.id) for p in (bob, dave)])
    beta = Milestone(project_id=web.id, name="Beta", due=date(2026, 12, 4), client_visible=True)
    review = Milestone(project_id=web.id, name="Internal review", due=date(2026, 12, 1),
                       client_visible=False)
    session.add_all([beta, review])
    session.flush()
    login = Task(project_id=web.id, title="Login page", assignee_id=lin.id, milestone_id=beta.id,
                 due=date(2026, 11, 30), estimate_hours=10, status="in_progress")
    session.add(login)
    session.commit()
    return World(from_person(alice), from_person(bob), from_person(lin), from_person(dave),
                 from_contact(tom), from_contact(gina), web, glx, beta, review, login)
