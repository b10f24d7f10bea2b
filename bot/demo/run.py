"""`pmbot demo`: seed the bilingual demo workspace once, then hand over to the console."""
from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select


def seed_demo(engine: Engine, *, now: datetime) -> str:
    """Import the demo workspace into an empty store; return the handle to chat as."""
    from domain.core.models import Person, Role
    from domain.core.store import unit_of_work

    with Session(engine) as session:
        people = session.exec(select(func.count()).select_from(Person)).one()
    if people == 0:
        from bot.demo.workspace import demo_workspace
        from domain.workspace.importing import import_workspace

        with unit_of_work(engine) as session:
            summary = import_workspace(session, demo_workspace(now.date()), now=now, source="demo")
        from bot.demo.documents import seed_documents

        documents = seed_documents(engine, now=now)
        click.echo(f"demo workspace ready: {summary}, {len(documents)} documents", err=True)
    else:
        click.echo("the store already holds a workspace; opening it as it is", err=True)
    with Session(engine) as session:
        pm = session.exec(select(Person).where(Person.role == Role.pm).order_by(Person.id)).first()
        return pm.handle if pm else session.exec(select(Person.handle)).first() or "admin"
