"""Whole conversations, as a person types them into the console (same core as Slack/Telegram)."""
import pytest
from sqlmodel import Session, func, select

from domain.core.models import AuditEvent, Task, TimeEntry


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_logging_time_in_english_is_recorded_and_shows_in_the_timesheet(chat_as):
    sam = chat_as("sam")
    assert "Logged 3 h on NW-PORTAL for 2026-11-26" in sam.say("log 3h on the portal yesterday")
    assert "9 h" in sam.say("how many hours did I log this week?")


def test_creating_a_task_without_a_project_asks_which_and_takes_the_answer(chat_as, engine):
    sam = chat_as("sam")
    question = sam.say("add a task: export orders to csv, due next friday")
    assert "Which project?" in question and "NW-OPS" in question and "NW-PORTAL" in question
    assert [b.value for b in sam.replies[-1].buttons] == ["NW-OPS", "NW-PORTAL"]
    created = sam.say("the second")
    if created.startswith("Just to be sure"):
        created = sam.say("yes")
    assert "Created #4 export orders to csv in NW-PORTAL" in created
    with Session(engine) as session:
        task = session.get(Task, 4)
        assert task.due.isoformat() == "2026-12-04"


def test_a_status_answer_carries_the_numbers_a_manager_wants(chat_as):
    answer = chat_as("ada").say("how is NW-PORTAL going?")
    # progress: done 10 h of 60 h estimated; overdue: Sign-in flow (due 11-25, open)
    for fragment in ("NW-PORTAL", "17% of estimated hours done", "10 of 60 h", "1 of 3 tasks",
                     "Pilot", "2026-12-11", "1 overdue",
                     "10 h this week", "budget 3% used", "3,200 of 100,000 CNY"):
        assert fragment in answer, (fragment, answer)


def test_undo_reverts_the_last_write_and_says_so(chat_as, engine):
    sam = chat_as("sam")
    sam.say("log 2h on NW-OPS today")
    assert _count(engine, TimeEntry) == 3
    assert "Undone: the 2 h on NW-OPS for 2026-11-27 are removed" in sam.say("undo")
    assert _count(engine, TimeEntry) == 2
    assert "nothing of yours to undo" in sam.say("undo")
    assert _count(engine, TimeEntry) == 2


def test_a_chinese_conversation_end_to_end(chat_as, engine):
    mei = chat_as("mei")
    assert "已登记" in mei.say("昨天客户门户做了两个半小时")
    with Session(engine) as session:
        entry = session.exec(select(TimeEntry).order_by(TimeEntry.id.desc())).first()
        assert (entry.hours, entry.day.isoformat()) == (2.5, "2026-11-26")
    status = mei.say("客户门户进度怎么样？")
    assert "NW-PORTAL" in status and "逾期 1 项" in status
    assert "已" in mei.say("#2 完成了")


def test_a_mixed_language_message_is_understood(chat_as, engine):
    sam = chat_as("sam")
    assert "Logged 1.5 h on NW-OPS" in sam.say("今天 NW-OPS 做了 1.5h")


def test_bad_input_gets_a_clear_reply_and_writes_nothing(chat_as, engine):
    sam = chat_as("sam")
    before = (_count(engine, TimeEntry), _count(engine, Task), _count(engine, AuditEvent))
    for text in ["", "   ", "x" * 10_000, "🙂🙂🙂", "**bold** _it_ `code`",
                 "'; DROP TABLE person; --", "log 3h on NW-PORTAL on Feb 30"]:
        reply = sam.say(text)
        assert reply and "Traceback" not in reply
    assert (_count(engine, TimeEntry), _count(engine, Task), _count(engine, AuditEvent)) == before


def test_a_client_contact_cannot_log_time_and_is_told_why(chat_as, engine):
    reply = chat_as("nina").say("log 3h on NW-PORTAL yesterday")
    assert reply.startswith("Client contacts cannot log time")
    assert _count(engine, TimeEntry) == 2


def test_an_unknown_project_gets_a_suggestion(chat_as):
    reply = chat_as("sam").say("log 2h on NW-PORTL yesterday")
    assert "NW-PORTAL" in reply


def test_a_comment_on_a_document_is_stored_and_shown_with_it(chat_as, engine, now):
    from domain.clients.documents import register_document
    from domain.core.actors import actor_for_handle
    from domain.core.store import unit_of_work

    with unit_of_work(engine) as session:
        register_document(session, actor_for_handle(session, "mei"), project="NW-PORTAL",
                          file_name="sow.md", title="SOW", content_hash="0" * 64,
                          visibility="internal", readers=[], now=now)
    sam = chat_as("sam")
    stored = sam.say("comment on the SOW: the pilot scope excludes payments")
    assert "SOW" in stored
    listed = sam.say("comments on the SOW")
    assert "the pilot scope excludes payments" in listed and "sam" in listed


def test_a_reached_milestone_notice_offers_0_to_10_buttons_that_land_as_feedback(chat_as, engine):
    from bot.outbound.scheduler import render_notice
    from domain.core.models import Feedback, Milestone
    from domain.notices.due import Notice, Recipient

    with Session(engine) as session:
        prototype = session.exec(select(Milestone).where(Milestone.name == "Prototype")).one()
    nina = Recipient("contact", 1, "nina", "en", "Europe/Berlin")
    notice = Notice("milestone_reached", f"milestone_reached:{prototype.id}:c1", nina,
                    "NW-PORTAL / Prototype",
                    (("notice.milestone_reached", {"milestone": "Prototype", "project": "NW-PORTAL",
                                                   "due": "2026-11-20"}),),
                    asks_rating=("NW-PORTAL", prototype.id))
    text, buttons = render_notice(notice)
    assert "Prototype" in text and [b["label"] for b in buttons] == [str(n) for n in range(11)]
    chat_as("nina").say(buttons[9]["value"])
    with Session(engine) as session:
        feedback = session.exec(select(Feedback)).one()
    assert feedback.milestone_id == prototype.id and feedback.score == pytest.approx(4.6)
