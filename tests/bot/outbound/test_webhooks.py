"""Webhooks out, delivered to a real receiver on loopback through the outbox.

The receiver verifies each signature with the standard library; the worker's clock is a
fixed, movable moment, so backoff and leases are tested by moving it.
"""
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.outbound.delivery import DeliveryWorker
from bot.outbound.scheduler import tick
from bot.outbound.webhooks import WebhookSender
from domain.core.models import OutboxMessage, Task, WebhookDelivery
from domain.core.store import unit_of_work
from domain.notices.outbox import LEASE
from domain.notices.webhooks import add_endpoint, remove_endpoint
from domain.requests.approvals import decide
from domain.requests.leave_overtime import request_leave
from domain.work.milestones import complete_milestone
from domain.work.time_entries import log_time
from tests.bot.outbound.webhook_receiver import WebhookReceiver

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SH)
SECRET = "s3cret-for-tests"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def receiver():
    with WebhookReceiver(SECRET) as fake:
        yield fake


def endpoint(engine, url, events="time.logged", secret=SECRET):
    with unit_of_work(engine) as session:
        return add_endpoint(session, url=url, events=events, secret=secret, now=NOW).id


def log_hours(engine, world, hours=2.0, day=date(2026, 11, 27), note="login form"):
    with unit_of_work(engine) as session:
        return log_time(session, world.lin, hours=hours, day=day, project="WEB", note=note,
                        now=NOW).id


def deliver(engine, at):
    sender = WebhookSender(engine)
    try:
        return DeliveryWorker(engine, {"webhook": sender}, clock=lambda: at).drain()
    finally:
        sender.close()


def webhook_rows(engine):
    with Session(engine) as session:
        return session.exec(select(OutboxMessage).where(OutboxMessage.platform == "webhook")
                            .order_by(OutboxMessage.id)).all()


def log_rows(engine):
    with Session(engine) as session:
        return session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


# ---------------------------------------------------------------- signing and content
def test_logged_hours_reach_the_endpoint_signed_with_the_shared_secret(engine, world, receiver):
    endpoint(engine, receiver.url)
    entry = log_hours(engine, world, hours=2.5)
    assert deliver(engine, NOW) == 1
    [got] = receiver.received
    assert got.signed_ok and got.status == 200
    assert abs(int(got.headers["x-pmbot-timestamp"]) - time.time()) < 60
    event = got.event
    assert event["type"] == "time.logged" and got.headers["x-pmbot-event-id"] == event["id"]
    assert event["data"] == {"id": entry, "person": "lin", "project": "WEB", "task": None,
                             "date": "2026-11-27", "hours": 2.5, "note": "login form"}
    assert datetime.fromisoformat(event["time"]) == NOW
    assert [(r.status, r.message_ref) for r in webhook_rows(engine)] == [("sent", "200")]
    [attempt] = log_rows(engine)
    assert (attempt.status_code, attempt.event_id, attempt.attempt) == (200, event["id"], 1)


def test_a_receiver_with_another_secret_refuses_and_the_event_stays_queued(engine, world):
    with WebhookReceiver("not-the-same-secret") as other:
        endpoint(engine, other.url)
        log_hours(engine, world)
        deliver(engine, NOW)
        assert [r.signed_ok for r in other.received] == [False]
    [row] = webhook_rows(engine)
    assert row.status == "pending" and row.attempts == 1 and "401" in (row.last_error or "")


def test_an_endpoint_hears_only_the_events_it_chose(engine, world, receiver):
    endpoint(engine, receiver.url, events="milestone.reached")
    log_hours(engine, world)
    with unit_of_work(engine) as session:
        complete_milestone(session, world.bob, milestone="Beta", project="WEB", now=NOW)
    deliver(engine, NOW)
    assert [r.event["type"] for r in receiver.received] == ["milestone.reached"]
    assert receiver.received[0].event["data"]["name"] == "Beta"


def test_a_decided_request_is_told_with_handles_not_row_ids(engine, world, receiver):
    endpoint(engine, receiver.url, events="request.decided")
    with unit_of_work(engine) as session:
        leave = request_leave(session, world.lin, start=date(2026, 12, 7), end=date(2026, 12, 8),
                              now=NOW)
        approval_id = leave.approval_id
    with unit_of_work(engine) as session:
        decide(session, world.bob, decision="approve", request=approval_id, now=NOW)
    deliver(engine, NOW)
    [got] = receiver.received
    data = got.event["data"]
    assert (data["kind"], data["status"], data["requested_by"], data["decided_by"]) == (
        "leave", "approved", "lin", "bob")


def test_the_tick_finds_an_overdue_task_and_a_crossed_budget_once(engine, world, receiver):
    endpoint(engine, receiver.url, events="task.overdue,budget.crossed")
    with unit_of_work(engine) as session:
        web = session.get(type(world.web), world.web.id)
        web.budget = 1000  # lin costs 200 an hour: 4.5 hours is 90 %
        session.add(web)
    log_hours(engine, world, hours=4.5)
    later = datetime(2026, 12, 1, 10, 0, tzinfo=SH)  # the login task was due 30 Nov
    for minute in range(3):
        tick(engine, later + timedelta(minutes=minute))
    deliver(engine, later + timedelta(minutes=5))
    events = sorted((r.event["type"], r.event["data"].get("id") or r.event["data"]["project"])
                    for r in receiver.received)
    assert events == [("budget.crossed", "WEB"), ("task.overdue", world.login_task.id)]
    crossed = next(r.event["data"] for r in receiver.received if r.event["type"] == "budget.crossed")
    assert crossed["threshold"] == 90 and crossed["percent"] == 90.0


def test_a_task_done_before_the_tick_is_not_overdue(engine, world, receiver):
    endpoint(engine, receiver.url, events="task.overdue")
    with unit_of_work(engine) as session:
        task = session.get(Task, world.login_task.id)
        task.status = "done"
        session.add(task)
    tick(engine, datetime(2026, 12, 1, 10, 0, tzinfo=SH))
    assert webhook_rows(engine) == []


# ---------------------------------------------------------------- retries
def test_a_500_is_retried_after_the_backoff_with_the_same_body(engine, world, receiver):
    receiver.answers = [500]
    endpoint(engine, receiver.url)
    log_hours(engine, world)
    deliver(engine, NOW)
    [row] = webhook_rows(engine)
    assert row.status == "pending" and row.next_attempt_at > NOW
    deliver(engine, NOW + timedelta(seconds=5))  # not due yet
    assert len(receiver.received) == 1
    deliver(engine, row.next_attempt_at)
    first, second = receiver.received
    assert (first.status, second.status) == (500, 200)
    assert first.body == second.body and second.signed_ok
    assert webhook_rows(engine)[0].status == "sent"
    assert [(a.attempt, a.status_code) for a in log_rows(engine)] == [(1, 500), (2, 200)]


def test_an_endpoint_down_for_a_day_is_given_up_after_24_hours(engine, world, receiver):
    receiver.answers = [503] * 1000
    endpoint(engine, receiver.url)
    log_hours(engine, world)
    moment = NOW
    while (row := webhook_rows(engine)[0]).status == "pending":
        moment = row.next_attempt_at
        deliver(engine, moment)
    assert row.status == "failed"
    assert moment - NOW <= timedelta(hours=24)
    assert len(receiver.received) > 8  # more tries than a chat message gets
    assert len({r.event["id"] for r in receiver.received}) == 1


def test_a_removed_endpoint_gets_no_new_events_and_its_queue_is_given_up(engine, world, receiver):
    hook = endpoint(engine, receiver.url)
    log_hours(engine, world)
    with unit_of_work(engine) as session:
        remove_endpoint(session, hook, now=NOW)
    log_hours(engine, world, hours=1)
    deliver(engine, NOW)
    assert receiver.received == []
    assert [r.status for r in webhook_rows(engine)] == ["failed"]


# ---------------------------------------------------------------- kills and replicas
WORKER = r"""
import sys
from datetime import datetime
from bot.outbound.delivery import DeliveryWorker
from bot.outbound.webhooks import WebhookSender
from domain.core.store import make_engine
engine = make_engine(sys.argv[1])
now = datetime.fromisoformat(sys.argv[2])
worker = DeliveryWorker(engine, {"webhook": WebhookSender(engine)}, clock=lambda: now, batch=5)
worker.drain()
"""


def _worker_process(db_url, at):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", WORKER, db_url, at.isoformat()], env=env)


def test_a_worker_killed_mid_delivery_loses_its_lease_and_the_event_is_redelivered(
        engine, db_url, world):
    with WebhookReceiver(SECRET, hold_first=True) as receiver:
        endpoint(engine, receiver.url)
        log_hours(engine, world)
        process = _worker_process(db_url, NOW)
        assert receiver.first_arrived.wait(timeout=60)
        process.kill()  # killed while the receiver still holds the request
        process.wait(timeout=30)
        receiver.release()
        [row] = webhook_rows(engine)
        assert row.status == "pending" and row.claimed_at is not None
        deliver(engine, NOW + LEASE - timedelta(seconds=1))  # the lease still holds
        assert len(receiver.received) == 1
        deliver(engine, NOW + LEASE + timedelta(seconds=1))
        assert webhook_rows(engine)[0].status == "sent"
        first, again = receiver.received
        assert first.event["id"] == again.event["id"] and again.signed_ok


def test_two_worker_processes_deliver_each_event_once_per_endpoint(engine, db_url, world):
    with WebhookReceiver(SECRET, delay=0.01) as one, WebhookReceiver(SECRET, delay=0.01) as two:
        endpoint(engine, one.url)
        endpoint(engine, two.url)
        for n in range(30):
            log_hours(engine, world, hours=0.25, note=f"entry {n}")
        workers = [_worker_process(db_url, NOW) for _ in range(2)]
        assert [w.wait(timeout=180) for w in workers] == [0, 0]
        for receiver in (one, two):
            assert len(receiver.ids()) == 30 and len(set(receiver.ids())) == 30
            assert all(r.signed_ok for r in receiver.received)
        assert sorted(one.ids()) == sorted(two.ids())  # the same event, the same id
    assert {r.status for r in webhook_rows(engine)} == {"sent"}
