"""Status asked of several projects at once: each one named is answered, no more, no fewer."""
from __future__ import annotations

from domain.core.models import Project, ProjectMember
from intents.conversation.assistant import Context
from intents.handlers.status import handle_project_status
from intents.understanding.schema import Intent


def _asked(session, actor, now, choices: dict | None = None, **slots) -> str:
    intent = Intent(intent="project_status", lang="en", slots=slots, choices=choices or {})
    return handle_project_status(Context(session, actor, intent, "en", now)).text


def test_two_projects_named_together_get_a_status_each_and_no_other(session, world, now) -> None:
    ops = Project(code="OPS", name="Back office", manager_id=world.bob.id)
    session.add(ops)
    session.flush()
    session.add(ProjectMember(project_id=ops.id, person_id=world.bob.id))
    session.commit()
    text = _asked(session, world.bob, now, choices={"project": ["WEB", "GLX"]})
    assert "WEB" in text and "GLX" in text
    assert "OPS" not in text
    assert "OPS" in _asked(session, world.bob, now)  # nothing named: the whole portfolio


def test_one_project_named_is_answered_alone_whatever_the_choices(session, world, now) -> None:
    text = _asked(session, world.bob, now, choices={"project": ["WEB", "GLX"]}, project="WEB")
    assert "WEB" in text and "GLX" not in text
