"""One notification tick over a large workspace, and delivery throughput against the fakes.

    python -m benchmarks.bench_notify [--projects 10000] [--milestones 50000] [--people 2000]
                                      [--runs 5] [--deliveries 1000]

Builds a SQLite store with bulk inserts (projects, milestones over ±60 days, five tasks a
project, people on five projects each with four weeks of hours, one contact per client, 1 %
of projects overspent, most people and contacts with linked chat accounts), then times, on
a fresh copy per run, a tick at Monday 18:00 (digests, hours reminders, overdue nudges,
milestone, budget and forecast notices all due at once) and a repeated tick that finds
everything queued; medians are printed. Delivery: N rows through the Slack fake.
Figures and their reading: docs/notifications.md.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bot.migrate import upgrade
from bot.outbound.scheduler import tick
from domain.core import models as m
from domain.core.store import make_engine

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 18, 0, tzinfo=SH)  # a Monday evening


def build(engine, projects: int, milestones: int, people: int) -> None:  # type: ignore[no-untyped-def]
    """A firm in full swing: linked chat accounts, tasks, four weeks of hours, some overspend."""
    rng = random.Random(6)
    today = NOW.date()
    clients = projects // 5
    with engine.begin() as c:
        c.execute(insert(m.Person), [{"id": i, "handle": f"p{i}", "name": f"P {i}", "role": "member",
                                      "timezone": rng.choice(["Asia/Shanghai", "Europe/Berlin"]),
                                      "language": rng.choice(["en", "zh"]), "skills": [],
                                      "hourly_cost": 50}
                                     for i in range(1, people + 1)])
        c.execute(insert(m.Client), [{"id": i, "name": f"C{i}"} for i in range(1, clients + 1)])
        c.execute(insert(m.ClientContact), [{"id": i, "client_id": i, "handle": f"c{i}",
                                             "name": f"C {i}", "language": rng.choice(["en", "zh"])}
                                            for i in range(1, clients + 1)])
        c.execute(insert(m.Project), [{"id": i, "code": f"P{i}", "name": f"Project {i}",
                                       "client_id": 1 + i % clients, "manager_id": 1 + i % people,
                                       "start": today - timedelta(days=90), "budget": 100000,
                                       "budget_thresholds": [70, 90, 100],
                                       "client_sees_budget": i % 2 == 0}
                                      for i in range(1, projects + 1)])
        c.execute(insert(m.ProjectMember), [{"project_id": 1 + (p * 5 + k) % projects, "person_id": p}
                                            for p in range(1, people + 1) for k in range(5)])
        c.execute(insert(m.Milestone), [{"id": i, "project_id": 1 + i % projects, "name": f"M{i}",
                                         "due": today + timedelta(days=rng.randint(-60, 60))}
                                        for i in range(1, milestones + 1)])
        _activity(c, rng, projects, milestones, people)
        c.execute(insert(m.ChatIdentity), _accounts(people, clients))


def _activity(c, rng: random.Random, projects: int, milestones: int, people: int) -> None:  # type: ignore[no-untyped-def]
    """Five tasks a project, four weeks of weekday hours, and 1 % of projects overspent."""
    today = NOW.date()
    c.execute(insert(m.Task), [{"id": i, "project_id": 1 + i % projects, "title": f"T{i}",
                                "assignee_id": 1 + i % people, "milestone_id": 1 + i % milestones,
                                "status": rng.choice(["todo", "in_progress", "done", "done"]),
                                "priority": "normal", "estimate_hours": rng.choice([4, 8, 16]),
                                "due": today + timedelta(days=rng.randint(-20, 40))}
                               for i in range(1, 5 * projects + 1)])
    days = [today - timedelta(days=n) for n in range(1, 29) if (today - timedelta(days=n)).weekday() < 5]
    c.execute(insert(m.TimeEntry), [{"person_id": p, "project_id": 1 + (p * 5 + n % 5) % projects,
                                     "day": day, "hours": 6.0}
                                    for p in range(1, people + 1) for n, day in enumerate(days)])
    c.execute(insert(m.Expense), [{"project_id": pid, "day": today - timedelta(days=3),
                                   "amount": rng.choice([72000, 91000, 104000]), "currency": "CNY",
                                   "category": "procurement"} for pid in range(1, projects + 1, 100)])


def _accounts(people: int, clients: int) -> list[dict]:  # type: ignore[type-arg]
    """Nine in ten people on Slack (a quarter also on Telegram); four in five contacts on Telegram."""
    rows = []
    for i in range(1, people + 1):
        if i % 10:
            rows.append({"platform": "slack", "external_id": f"U{i}", "person_id": i,
                         "contact_id": None})
        if i % 4 == 0:
            rows.append({"platform": "telegram", "external_id": str(1000 + i), "person_id": i,
                         "contact_id": None})
    rows += [{"platform": "telegram", "external_id": str(900000 + i), "person_id": None,
              "contact_id": i}
             for i in range(1, clients + 1) if i % 5]
    return rows


def bench_tick(args: argparse.Namespace, folder: Path) -> None:
    """Median of `--runs` first and repeated ticks, each run on a fresh copy of the store."""
    base = folder / "base.db"
    engine = make_engine(f"sqlite:///{base}")
    upgrade(engine)
    build(engine, args.projects, args.milestones, args.people)
    engine.dispose()
    started = time.perf_counter()
    warm_up()
    print(f"once per process: message catalogue and holiday calendars in "
          f"{time.perf_counter() - started:.2f} s")
    firsts, repeats = [], []
    for run in range(args.runs):
        copy = folder / f"run{run}.db"
        shutil.copy(base, copy)
        engine = make_engine(f"sqlite:///{copy}")
        for label, times in (("first tick", firsts), ("repeated tick", repeats)):
            started = time.perf_counter()
            rows = tick(engine, NOW)
            times.append(time.perf_counter() - started)
            print(f"run {run + 1}: {label}: {len(rows)} new rows in {times[-1]:.2f} s")
        engine.dispose()
    print(f"median over {args.runs} runs: first tick {statistics.median(firsts):.2f} s, "
          f"repeated tick {statistics.median(repeats):.2f} s")


def warm_up() -> None:
    """What a `pmbot serve` process loads once, before its first tick: catalogue, calendars."""
    from domain.notices.due import is_working_day
    from intents.messages import catalogue

    catalogue()
    for country in ("CN", "DE"):
        is_working_day(NOW.date(), country)


def bench_delivery(count: int, folder: Path) -> None:
    from bot.outbound.delivery import DeliveryWorker, RateLimits, SlackSender, slack_client
    from tests.bot.fake_slack import FakeSlack

    engine = make_engine(f"sqlite:///{folder / 'deliver.db'}")
    upgrade(engine)
    with engine.begin() as c:
        c.execute(insert(m.OutboxMessage), [{
            "dedup_key": f"bench:{i}", "notice_key": f"bench:{i}", "kind": "bench", "subject": "",
            "handle": "x", "platform": "slack", "chat_id": f"U{i}", "lang": "en", "timezone": "UTC",
            "text": f"notice {i}", "buttons": [], "urgent": True, "status": "pending", "attempts": 0,
            "next_attempt_at": NOW, "created_at": NOW} for i in range(count)])
    fake = FakeSlack().start()
    try:
        worker = DeliveryWorker(engine, {"slack": SlackSender(slack_client("xoxb", fake.api_url))},
                                clock=lambda: NOW, limits=RateLimits(), batch=100)
        started = time.perf_counter()
        worker.drain()
        took = time.perf_counter() - started
    finally:
        fake.stop()
    print(f"delivery: {count} messages (distinct chats) in {took:.2f} s = {count / took:.0f}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--milestones", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--deliveries", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_tick(args, Path(folder))
        bench_delivery(args.deliveries, Path(folder))


if __name__ == "__main__":
    main()
