"""Forgetting someone reaches the outbox's copies addressed to others: webhook events
queued or already sent, and notices that mention them."""
import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from domain.core.models import OutboxMessage
from domain.notices.webhooks import add_endpoint
from domain.people.privacy import erasure_plan, forget
from domain.requests.approvals import decide
from domain.requests.leave_overtime import request_leave
from domain.work.time_entries import log_time

DAY = date(2026, 11, 26)


def webhook_events(session) -> list[dict]:
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.platform == "webhook")
                        .order_by(OutboxMessage.id)).all()
    return [json.loads(row.text) for row in rows]


@pytest.fixture
def hooked(session, now):
    add_endpoint(session, url="http://127.0.0.1:9/hook", events="time.logged,request.decided",
                 now=now)


@pytest.mark.parametrize("status", ["pending", "sent"])
def test_a_forgotten_members_webhook_events_keep_the_hours_but_lose_who_and_their_note(
        session, world, now, hooked, status):
    log_time(session, world.dave, hours=3, day=DAY, project="GLX", note="debugged the cart",
             now=now)
    for row in session.exec(select(OutboxMessage)).all():
        row.status = status
        session.add(row)
    dave = forget(session, world.alice, handle="dave", now=now)
    (event,) = webhook_events(session)
    assert event["type"] == "time.logged" and event["data"]["hours"] == 3
    assert (event["data"]["person"], event["data"]["note"]) == (dave.handle, None)
    text = session.exec(select(OutboxMessage.text)).one()
    assert not any(trace in text for trace in ("dave", "Dave", "Müller", "cart"))


def test_a_mention_in_someone_elses_webhook_event_becomes_the_placeholder(
        session, world, now, hooked):
    log_time(session, world.lin, hours=2, day=DAY, project="WEB",
             note="pairing with Dave Müller on checkout", now=now)
    dave = forget(session, world.alice, handle="dave", now=now)
    (event,) = webhook_events(session)
    assert event["data"]["person"] == "lin"
    assert event["data"]["note"] == f"pairing with {dave.name} on checkout"


def test_a_forgotten_deciders_handle_and_note_leave_the_request_decided_event(
        session, world, now, hooked):
    leave = request_leave(session, world.lin, start=DAY + timedelta(days=5),
                          end=DAY + timedelta(days=5), now=now)
    decide(session, world.bob, decision="approve", request=leave.approval_id,
           note="fine by Bob Li", now=now)
    bob = forget(session, world.alice, handle="bob", now=now)
    (event,) = webhook_events(session)
    assert event["data"]["requested_by"] == "lin" and event["data"]["status"] == "approved"
    assert (event["data"]["decided_by"], event["data"]["note"]) == (bob.handle, None)


def test_a_notice_to_someone_else_that_names_them_is_rewritten(session, world, now):
    session.add(OutboxMessage(dedup_key="weekly:alice", notice_key="weekly", kind="digest",
                              subject="林芳 is behind", person_id=world.alice.id, handle="alice",
                              text="林芳 logged no hours this week", next_attempt_at=now,
                              created_at=now))
    lin = forget(session, world.alice, handle="lin", now=now)
    row = session.exec(select(OutboxMessage)).one()
    assert (row.subject, row.text) == (f"{lin.name} is behind",
                                       f"{lin.name} logged no hours this week")


def test_the_erasure_plan_counts_the_outbox_copies_that_name_them(session, world, now, hooked):
    log_time(session, world.dave, hours=1, day=DAY, project="GLX", now=now)
    log_time(session, world.lin, hours=1, day=DAY, project="WEB", now=now)
    plan = erasure_plan(session, world.alice, handle="dave")
    assert plan.counts["outbox_messages_naming_them"] == 1
