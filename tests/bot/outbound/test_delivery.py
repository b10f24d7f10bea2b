"""Delivery through the local Slack and Telegram fakes: retries, rate limits, edits, crashes.

The clock is a fixed, movable moment; the fakes record every platform call.
"""
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.outbound.delivery import (
    DeliveryWorker,
    RateLimits,
    SlackSender,
    TelegramSender,
    slack_client,
)
from bot.outbound.scheduler import tick
from domain.core.models import Approval, ChatIdentity, OutboxMessage
from domain.requests.approvals import decide
from tests.bot.fake_slack import FakeSlack
from tests.bot.fake_telegram import FakeTelegram

SH = ZoneInfo("Asia/Shanghai")
FRIDAY_6PM = datetime(2026, 11, 27, 18, 0, tzinfo=SH)
TOKEN = "123456:TEST-TOKEN"
ROOT = Path(__file__).resolve().parents[3]


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def telegram():
    with FakeTelegram() as fake:
        yield fake


def link(session, person_id, platform, external):
    session.add(ChatIdentity(platform=platform, external_id=external, person_id=person_id))
    session.commit()


def unlimited():
    """Rate limits whose clock jumps ten seconds at every look: never in the way."""
    ticks = iter(range(0, 10**6, 10))
    return RateLimits(clock=lambda: float(next(ticks)))


def statuses(engine):
    with Session(engine) as s:
        return {(r.handle, r.platform): r.status for r in s.exec(select(OutboxMessage))}


def test_a_500_then_a_429_is_retried_and_delivered_once_after_the_wait(engine, session, world, slack):
    link(session, world.lin.id, "slack", "ULIN")
    tick(engine, FRIDAY_6PM)
    slack.fail_next("chat.postMessage", status=500, retry_after=None)
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    clock = Clock(FRIDAY_6PM)
    worker = DeliveryWorker(engine, {"slack": SlackSender(slack_client("xoxb-t", slack.api_url))},
                            clock=clock)
    worker.run_once()  # 500: back off 30 s
    clock.now += timedelta(seconds=29)
    assert worker.run_once() == 0
    clock.now += timedelta(seconds=1)
    worker.run_once()  # 429: wait the 7 s it asks
    clock.now += timedelta(seconds=6)
    assert worker.run_once() == 0
    clock.now += timedelta(seconds=1)
    worker.run_once()
    assert [c.method for c in slack.calls] == ["chat.postMessage!500", "chat.postMessage!429",
                                               "chat.postMessage"]
    assert statuses(engine)[("lin", "slack")] == "sent"


def test_telegram_gets_the_reminder_in_the_persons_language(engine, session, world, telegram):
    link(session, world.lin.id, "telegram", "701")
    tick(engine, FRIDAY_6PM)
    DeliveryWorker(engine, {"telegram": TelegramSender(TOKEN, telegram.url)},
                   clock=Clock(FRIDAY_6PM)).drain()
    sent = telegram.delivered("sendMessage")
    assert [(str(c.params["chat_id"]), c.params["text"][:14]) for c in sent] == [
        ("701", "您今天（2026-11-27")]


def test_a_decision_rewrites_the_approval_on_every_platform(engine, session, world, slack, telegram):
    link(session, world.bob.id, "slack", "UBOB")
    link(session, world.bob.id, "telegram", "702")
    session.add(Approval(kind="overtime", requested_by_id=world.lin.id, approver_id=world.bob.id,
                         project_id=world.web.id, created_at=FRIDAY_6PM))
    session.commit()
    clock = Clock(FRIDAY_6PM)
    worker = DeliveryWorker(engine, {"slack": SlackSender(slack_client("xoxb-t", slack.api_url)),
                                     "telegram": TelegramSender(TOKEN, telegram.url)}, clock=clock,
                            limits=unlimited())
    tick(engine, clock.now)
    worker.drain()
    posted = slack.calls_to("chat.postMessage")[0]
    assert [e["value"] for e in posted.args["blocks"][1]["elements"]] == ["approve #1", "reject #1"]
    assert "reply_markup" in telegram.delivered("sendMessage")[0].params
    decide(session, world.bob, decision="approve", request=1, now=clock.now)
    session.commit()
    clock.now += timedelta(minutes=1)
    tick(engine, clock.now)
    worker.drain()
    update = slack.calls_to("chat.update")[0].args
    assert (update["ts"], "approved by @bob" in update["text"]) == (posted.result["ts"], True)
    edit = telegram.delivered("editMessageText")[0].params
    assert str(edit["message_id"]) == str(telegram.delivered("sendMessage")[0].result["message_id"])


def test_a_second_message_to_the_same_chat_waits_a_second(engine, session, world, telegram):
    link(session, world.bob.id, "telegram", "702")
    for _ in range(2):
        session.add(Approval(kind="overtime", requested_by_id=world.lin.id,
                             approver_id=world.bob.id, project_id=world.web.id,
                             created_at=FRIDAY_6PM))
    session.commit()
    tick(engine, FRIDAY_6PM)
    ticks = iter(float(n) / 10 for n in range(1000))
    limits = RateLimits(clock=lambda: next(ticks))
    clock = Clock(FRIDAY_6PM)
    worker = DeliveryWorker(engine, {"telegram": TelegramSender(TOKEN, telegram.url)},
                            clock=clock, limits=limits)
    worker.run_once()
    assert len(telegram.delivered("sendMessage")) == 1
    with Session(engine) as s:
        held = s.exec(select(OutboxMessage).where(OutboxMessage.status == "pending",
                                                  OutboxMessage.platform == "telegram")).all()
    assert len(held) >= 2  # the second request (and bob's other notices) wait for the chat
    assert all(FRIDAY_6PM < r.next_attempt_at <= FRIDAY_6PM + timedelta(seconds=1) for r in held)


def test_the_overall_telegram_limit_is_thirty_a_second():
    now = [0.0]
    limits = RateLimits(clock=lambda: now[0])
    for n in range(30):
        limits.record("telegram", str(n))
    assert limits.overall_wait("telegram") == pytest.approx(1.0)
    assert limits.overall_wait("slack") == 0
    now[0] = 1.0
    assert limits.overall_wait("telegram") == 0


# ---------------------------------------------------------------- processes
WORKER = r"""
import os, sqlite3, sys
from datetime import datetime, timedelta
from bot.outbound.delivery import DeliveryWorker
from domain.core.store import make_engine
url, ledger, mode, now = sys.argv[1], sys.argv[2], sys.argv[3], datetime.fromisoformat(sys.argv[4])

class LedgerPlatform:
    '''A platform that records each send in a shared ledger; "keyed" ones ignore a repeat.'''
    platform = "telegram"
    def send(self, row):
        db = sqlite3.connect(ledger, timeout=30)
        verb = "INSERT OR IGNORE" if mode.startswith("keyed") else "INSERT"
        db.execute(f"{verb} INTO sends(key, worker) VALUES (?, ?)", (row.dedup_key, os.getpid()))
        db.commit()
        if mode.endswith("crash"):
            os._exit(9)  # killed between the send and the mark
        return "ref"
    def edit(self, row, ref):
        pass

worker = DeliveryWorker(make_engine(url), {"telegram": LedgerPlatform()}, clock=lambda: now, batch=5)
worker.limits.chat_wait = lambda platform, chat: 0.0
worker.drain()
"""


def _ledger(tmp_path, keyed):
    path = tmp_path / "ledger.db"
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE IF NOT EXISTS sends(id INTEGER PRIMARY KEY, key TEXT"
               f"{' UNIQUE' if keyed else ''}, worker INTEGER)")
    db.commit()
    return path


def _run(db_url, ledger, mode, now, wait=True):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", WORKER, db_url, str(ledger), mode, now.isoformat()]
    process = subprocess.Popen(args, env=env)
    if wait:
        process.wait(timeout=120)
    return process


def _sends(ledger):
    db = sqlite3.connect(ledger)
    return [key for (key,) in db.execute("SELECT key FROM sends ORDER BY id")]


def _link_many(session, person_id, count):
    for n in range(count):
        session.add(ChatIdentity(platform="telegram", external_id=f"{person_id}{n:03d}",
                                 person_id=person_id))
    session.commit()


@pytest.mark.parametrize("keyed", [True, False])
def test_a_worker_killed_after_sending_loses_nothing_and_a_keyed_send_is_not_doubled(
        engine, db_url, session, world, tmp_path, keyed):
    link(session, world.lin.id, "telegram", "701")
    tick(engine, FRIDAY_6PM)
    ledger = _ledger(tmp_path, keyed)
    crashed = _run(db_url, ledger, ("keyed" if keyed else "plain") + "-crash", FRIDAY_6PM)
    assert crashed.returncode == 9
    assert statuses(engine)[("lin", "telegram")] == "pending"
    _run(db_url, ledger, "keyed" if keyed else "plain", FRIDAY_6PM + timedelta(minutes=6))
    assert statuses(engine)[("lin", "telegram")] == "sent"
    assert len(_sends(ledger)) == (1 if keyed else 2)


def test_two_worker_processes_deliver_every_notice_exactly_once(engine, db_url, session, world,
                                                                tmp_path):
    _link_many(session, world.lin.id, 40)
    _link_many(session, world.bob.id, 40)
    tick(engine, FRIDAY_6PM)
    ledger = _ledger(tmp_path, keyed=False)
    workers = [_run(db_url, ledger, "plain", FRIDAY_6PM, wait=False) for _ in range(2)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    sends = _sends(ledger)
    with Session(engine) as s:
        keys = s.exec(select(OutboxMessage.dedup_key).where(OutboxMessage.platform == "telegram")).all()
    assert len(keys) >= 80
    assert sorted(sends) == sorted(keys)  # each one, once
