"""The reply to "who should take #N?": three people, each with the reasons, in the asker's language."""

from datetime import date

import pytest

from domain.core.errors import Forbidden
from domain.core.models import Person, ProjectMember, Task
from intents.conversation.assistant import Context
from intents.handlers.assign import handle_suggest_assignee
from intents.understanding.schema import Intent


@pytest.fixture
def checkout(session, world):
    for handle, skills in {"lin": ["react", "css"], "dave": ["react"], "bob": ["scrum"]}.items():
        session.get(Person, getattr(world, handle).id).skills = skills
    task = Task(project_id=world.web.id, title="Checkout page", estimate_hours=16,
                due=date(2026, 12, 11))
    session.add(task)
    session.commit()
    return task


def _ask(session, actor, now, lang="en", **slots):
    intent = Intent(intent="suggest_assignee", lang=lang, confidence=0.99, slots=slots)
    return handle_suggest_assignee(Context(session, actor, intent, lang, now))


def test_a_manager_gets_three_people_with_their_reasons(session, world, now, checkout):
    reply = _ask(session, world.bob, now, task=checkout.id, skills=["react"])
    lines = reply.text.splitlines()
    assert lines[0] == f"Who could take #{checkout.id} Checkout page (WEB):"
    assert len(lines) == 4
    assert lines[1].startswith("1. 林芳 (@lin): knows react; ")
    assert "h free until 2026-12-11" in lines[1]
    assert "new to WEB" in lines[2]  # dave: has react, not on the project yet


def test_a_chinese_speaker_gets_the_answer_in_chinese(session, world, now, checkout):
    reply = _ask(session, world.lin, now, lang="zh", task=checkout.id, skills=["react"])
    assert reply.text.splitlines()[0] == f"适合接手 #{checkout.id} Checkout page（WEB）的人选："
    assert "会 react" in reply.text and "空闲" in reply.text


def test_the_manager_gets_a_button_to_assign_each_person(session, world, now, checkout):
    reply = _ask(session, world.bob, now, task=checkout.id, skills=["react"])
    assert reply.buttons[0].label == "@lin"
    assert reply.buttons[0].value == f"assign #{checkout.id} to lin"


def test_a_member_who_asks_gets_no_assign_buttons(session, world, now, checkout):
    assert _ask(session, world.lin, now, lang="zh", task=checkout.id).buttons == []


def test_asking_about_skills_heads_the_answer_with_them(session, world, now, checkout):
    reply = _ask(session, world.bob, now, project="WEB", skills=["react"])
    assert reply.text.splitlines()[0] == "Who could take react work on WEB:"


def test_without_a_project_someone_on_several_is_asked_which(session, world, now, checkout):
    reply = _ask(session, world.bob, now)
    assert "GLX" in reply.text and "WEB" in reply.text
    assert [b.value for b in reply.buttons] == ["GLX", "WEB"]


def test_without_a_project_someone_on_one_gets_the_answer_for_it(session, world, now, checkout):
    reply = _ask(session, world.lin, now, lang="zh")
    assert reply.text.splitlines()[0] == "WEB 中还有余力的人选："


def test_a_busy_person_is_said_to_be_busy(session, world, now, checkout):
    session.add(Task(project_id=world.web.id, title="Rewrite", estimate_hours=200,
                     assignee_id=world.lin.id, due=date(2026, 12, 1)))
    session.commit()
    reply = _ask(session, world.bob, now, task=checkout.id, skills=["react"])
    assert reply.text.splitlines()[1].startswith("1. Dave Müller (@dave)")
    assert "busy: 210 h of open work, 0 h free until 2026-12-11" in reply.text


def test_nobody_to_suggest_is_said_plainly(session, world, now, checkout):
    session.query(ProjectMember).delete()
    session.commit()
    session.get(Person, world.bob.id).active = False
    session.commit()
    reply = _ask(session, world.alice, now, project="WEB", skills=["cobol"])
    assert reply.text == "I found nobody on WEB or with those skills to suggest."


def test_a_client_contact_is_refused(session, world, now, checkout):
    with pytest.raises(Forbidden):
        _ask(session, world.tom, now, project="WEB")
