"""Which slot an intent still needs before it can be carried out, and the choices to offer.

What an intent requires, and whether it needs a project, is its registry entry's to say.

Context defaults live here too (the contract keeps them out of `pmbot parse`): a person on
exactly one project logs to it without naming it; a client contact's only project is theirs.
"""
from __future__ import annotations

from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.models import Milestone, Project, ProjectStatus
from domain.core.permissions import visible_project_ids
from intents.understanding.registry import spec
from intents.understanding.schema import Intent

CHOICES = {"decision": ["approve", "reject"], "score": ["1", "2", "3", "4", "5"]}


DATE_SLOTS = ("date", "due", "start", "end")


def missing_slot(session: Session, actor: Actor, intent: Intent) -> tuple[str, list[str]] | None:
    """A date we could not read ("Feb 30") is asked again rather than guessed or defaulted."""
    slots = intent.slots
    if intent.is_write:
        for slot in DATE_SLOTS:
            if slot in intent.unresolved and not slots.get(slot):
                return slot, []
    for slot in spec(intent.intent).required:
        if slots.get(slot) in (None, "") and slot not in intent.unresolved:
            return slot, _choices(session, actor, slot)
    if spec(intent.intent).needs_project and not _has_project(intent) and not _refused_anyway(intent):
        codes = my_project_codes(session, actor)
        if len(codes) == 1:
            slots["project"] = codes[0]
        elif codes:
            return "project", codes
    return None


def _refused_anyway(intent: Intent) -> bool:
    """A negative score ("rate -2") is refused whatever it is about: no question first."""
    score = intent.slots.get("score")
    return intent.intent == "feedback" and isinstance(score, (int, float)) and score < 0


def _has_project(intent: Intent) -> bool:
    return bool(intent.slots.get("project") or intent.slots.get("task")
                or "project" in intent.unresolved
                or (intent.intent == "feedback" and intent.slots.get("milestone")))


def _choices(session: Session, actor: Actor, slot: str) -> list[str]:
    if slot == "milestone":
        rows = session.exec(
            select(Milestone.name).where(col(Milestone.done).is_(False),
                                         col(Milestone.project_id).in_(visible_project_ids(session, actor)))
            .order_by(col(Milestone.due))
        ).all()
        return list(dict.fromkeys(rows))[:5]
    return list(CHOICES.get(slot, []))


def my_project_codes(session: Session, actor: Actor) -> list[str]:
    """Active projects the actor works on (a contact: their client's), by code."""
    visible = visible_project_ids(session, actor)
    if actor.is_admin:
        from domain.core.models import ProjectMember

        visible = select(ProjectMember.project_id).where(ProjectMember.person_id == actor.id)
    rows = session.exec(
        select(Project.code).where(col(Project.id).in_(visible),
                                   Project.status == ProjectStatus.active).order_by(Project.code)
    ).all()
    return list(rows)
