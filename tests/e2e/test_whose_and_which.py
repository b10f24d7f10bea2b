"""Writes for another person, two names for one slot, and ratings with integrity."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from domain.core.models import Feedback, Person, Task, TimeEntry


def _entries(engine) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    from domain.core.models import Project

    with Session(engine) as session:
        rows = session.exec(select(Person.handle, Project.code, TimeEntry.hours)
                            .join(Person, Person.id == TimeEntry.person_id)
                            .join(Project, Project.id == TimeEntry.project_id)
                            .where(TimeEntry.id > 2).order_by(TimeEntry.id)).all()
    return [tuple(r) for r in rows]


def test_a_manager_logs_hours_for_a_team_member_and_they_are_the_members(chat_as, engine) -> None:
    reply = chat_as("mei").say("log 3h for sam on NW-PORTAL yesterday")
    assert "@sam" in reply
    assert _entries(engine) == [("sam", "NW-PORTAL", 3)]


def test_a_manager_logs_hours_for_someone_in_chinese(chat_as, engine) -> None:
    assert "@sam" in chat_as("mei").say("帮sam登记客户门户昨天2小时")
    assert _entries(engine) == [("sam", "NW-PORTAL", 2)]


def test_a_member_cannot_log_for_a_colleague_and_nothing_is_booked_to_anyone(chat_as, engine) -> None:
    reply = chat_as("sam").say("log 2h for ravi on NW-PORTAL yesterday")
    assert "manager" in reply
    reply_zh = chat_as("ravi").say("帮sam记2小时客户门户")
    assert "manager" in reply_zh or "经理" in reply_zh
    assert _entries(engine) == []


def test_hours_on_two_projects_at_once_ask_which_and_the_answer_books_them_once(chat_as, engine) -> None:
    sam = chat_as("sam")
    question = sam.say("3h on NW-PORTAL and NW-OPS yesterday")
    assert "NW-PORTAL" in question and "NW-OPS" in question
    assert _entries(engine) == []
    sam.say("NW-OPS")
    assert _entries(engine) == [("sam", "NW-OPS", 3)]


def test_a_task_for_two_people_asks_which_one_in_both_languages(chat_as, engine) -> None:
    mei = chat_as("mei")
    question = mei.say("#2 交给sam和ravi")
    assert "sam" in question and "ravi" in question
    mei.say("cancel")
    question = chat_as("ada").say("assign #2 to sam and ravi")
    assert "one assignee" in question
    chat_as("ada").say("sam")
    with Session(engine) as session:
        task = session.get(Task, 2)
        assert session.get(Person, task.assignee_id).handle == "sam"


def _ratings(engine) -> list[tuple[float, int | None]]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return [(f.score, f.milestone_id) for f in session.exec(select(Feedback)).all()]


def test_rating_a_milestone_in_free_words_stores_the_score_on_that_milestone(chat_as, engine) -> None:
    chat_as("nina").say("rate Prototype 9/10")
    assert _ratings(engine) == [(4.5, 1)]  # 9 of 10 on the stored 1–5 scale


def test_a_digit_in_a_milestone_name_is_not_the_score(engine, now) -> None:
    from domain.core.actors import actor_for_handle
    from domain.core.store import unit_of_work
    from domain.workspace.importing import import_workspace
    from intents.understanding.understand import understand

    with unit_of_work(engine) as session:
        import_workspace(session, {"clients": [{"name": "C", "contacts": [{"handle": "cc", "name": "C C"}]}],
                                   "projects": [{"code": "P1", "name": "P one", "client": "C",
                                                 "milestones": [{"name": "Dashboard v1", "done": True}]}]},
                         now=now)
        intent = understand(session, text="rate Dashboard v1 9/10", actor=actor_for_handle(session, "cc"), now=now)
    assert (intent.intent, intent.slots["score"], intent.slots["milestone"]) == ("feedback", 4.5, "Dashboard v1")


def test_a_second_rating_of_a_milestone_replaces_the_first_and_says_so(chat_as, engine) -> None:
    nina = chat_as("nina")
    nina.say("give the Prototype milestone a 9")
    reply = nina.say("rate Prototype 2/5")
    assert "replaces" in reply
    assert _ratings(engine) == [(2, 1)]


def test_an_unreached_milestone_a_negative_score_and_staff_ratings_are_refused(chat_as, engine) -> None:
    assert "not reached yet" in chat_as("nina").say("rate Pilot 9/10")
    assert chat_as("nina").say("rate -3")
    assert "client" in chat_as("ada").say("rate Prototype 9/10")
    assert "客户" in chat_as("mei").say("Prototype 打9分")
    assert _ratings(engine) == []


@pytest.mark.parametrize("text", ["rate -2", "rate Prototype -2", "give Prototype a -3", "rate it −2/10",
                                  "rate NW-PORTAL -2"])
def test_a_negative_rating_in_english_is_refused_with_the_range_and_never_stored_as_positive(
        chat_as, engine, text) -> None:
    nina = chat_as("nina")
    reply = nina.say(text)
    nina.say("yes")
    assert "from 0 to 10" in reply and "not -" in reply, reply
    assert _ratings(engine) == []


@pytest.mark.parametrize("text", ["Prototype 打-2分", "打-2分", "给Prototype打负3分", "Prototype 评分 -1"])
def test_a_negative_rating_in_chinese_is_refused_with_the_range_and_never_stored_as_positive(
        chat_as, engine, text) -> None:
    from domain.core.models import ClientContact

    with Session(engine) as session:  # nina reads Chinese for this test
        row = session.exec(select(ClientContact).where(ClientContact.handle == "nina")).one()
        row.language = "zh"
        session.add(row)
        session.commit()
    nina = chat_as("nina")
    reply = nina.say(text)
    nina.say("是")
    assert "0 到 10" in reply and "-" in reply, reply
    assert _ratings(engine) == []


def test_a_rating_button_value_with_a_minus_is_refused_not_stripped(chat_as, engine) -> None:
    reply = chat_as("nina").say("rate NW-PORTAL -2 #m1")
    assert "from 0 to 10" in reply and "-2" in reply
    assert _ratings(engine) == []
    assert "9" in chat_as("nina").say("rate NW-PORTAL 9 #m1")
    assert _ratings(engine) == [(4.6, 1)]
