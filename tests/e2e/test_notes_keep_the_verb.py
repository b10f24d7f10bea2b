"""A note keeps what the person wrote, verb and all: only the hours, the day and the
project's name are taken out of it ("昨天写SQL 3小时" is "写SQL", not "SQL")."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from domain.core.models import Project, TimeEntry


def _last(engine) -> tuple:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        entry = session.exec(select(TimeEntry).order_by(TimeEntry.id.desc())).first()  # type: ignore[union-attr]
        project = session.get(Project, entry.project_id)
        return entry.hours, entry.day.isoformat(), project.code, entry.note


@pytest.mark.parametrize(("text", "stored"), [
    ("昨天客户门户写SQL 3小时", (3, "2026-11-26", "NW-PORTAL", "写SQL")),
    ("客户门户 2小时 做首页设计", (2, "2026-11-27", "NW-PORTAL", "做首页设计")),
    ("今天运维看板搞部署 1.5小时", (1.5, "2026-11-27", "NW-OPS", "搞部署")),
    ("昨天客戶門戶寫測試 2小時", (2, "2026-11-26", "NW-PORTAL", "寫測試")),
    ("前天在客户门户上花了一个半小时整理需求", (1.5, "2026-11-25", "NW-PORTAL", "整理需求")),
])
def test_a_chinese_note_keeps_its_leading_verb(chat_as, engine, text, stored) -> None:
    reply = chat_as("mei").say(text)
    if "确认" in reply:
        chat_as("mei").say("是")
    assert _last(engine) == stored, reply


@pytest.mark.parametrize(("text", "stored"), [
    ("3h on NW-PORTAL writing tests", (3, "2026-11-27", "NW-PORTAL", "writing tests")),
    ("yesterday 2h on NW-OPS, fixing the login bug", (2, "2026-11-26", "NW-OPS", "fixing the login bug")),
    ("reviewing wireframes 1h NW-PORTAL", (1, "2026-11-27", "NW-PORTAL", "reviewing wireframes")),
])
def test_an_english_note_keeps_its_verb(chat_as, engine, text, stored) -> None:
    reply = chat_as("sam").say(text)
    if "Just to be sure" in reply:
        chat_as("sam").say("yes")
    assert _last(engine) == stored, reply


def test_a_note_without_a_project_keeps_its_verb_after_the_project_is_asked(chat_as, engine) -> None:
    mei = chat_as("mei")
    assert "哪个项目" in mei.say("昨天写SQL 3小时")
    if "确认" in mei.say("客户门户"):  # the project's alias answers the question
        mei.say("是")
    assert _last(engine) == (3, "2026-11-26", "NW-PORTAL", "写SQL")
