"""One notification tick over a large workspace, and delivery throughput against the fakes.

    python -m benchmarks.bench_notify [--projects 10000] [--milestones 50000] [--people 2000]

Builds a fresh SQLite store with bulk inserts (projects, milestones spread over ±60 days,
people each on five projects, one contact per client), then times `due(now)` + enqueue at
a Monday 18:00 (digests, hours reminders, milestone notices all due at once), and a second
tick that finds everything already queued. Delivery: N rows through the Slack fake.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bot.migrate import upgrade
from bot.scheduler import tick
from domain import models as m
from domain.store import make_engine

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 18, 0, tzinfo=SH)  # a Monday evening


def build(engine, projects: int, milestones: int, people: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(6)
    today = NOW.date()
    clients = projects // 5
    with engine.begin() as c:
        c.execute(insert(m.Person), [{"id": i, "handle": f"p{i}", "name": f"P {i}", "role": "member",
                                      "timezone": rng.choice(["Asia/Shanghai", "Europe/Berlin"]),
                                      "language": rng.choice(["en", "zh"]), "skills": []}
                                     for i in range(1, people + 1)])
        c.execute(insert(m.Client), [{"id": i, "name": f"C{i}"} for i in range(1, clients + 1)])
        c.execute(insert(m.ClientContact), [{"id": i, "client_id": i, "handle": f"c{i}",
                                             "name": f"C {i}", "language": "en"}
                                            for i in range(1, clients + 1)])
        c.execute(insert(m.Project), [{"id": i, "code": f"P{i}", "name": f"Project {i}",
                                       "client_id": 1 + i % clients, "manager_id": 1 + i % people,
                                       "start": today - timedelta(days=90), "budget": 100000,
                                       "budget_thresholds": [70, 90, 100]}
                                      for i in range(1, projects + 1)])
        c.execute(insert(m.ProjectMember), [{"project_id": 1 + (p * 5 + k) % projects, "person_id": p}
                                            for p in range(1, people + 1) for k in range(5)])
        c.execute(insert(m.Milestone), [{"id": i, "project_id": 1 + i % projects, "name": f"M{i}",
                                         "due": today + timedelta(days=rng.randint(-60, 60))}
                                        for i in range(1, milestones + 1)])


def bench_tick(args: argparse.Namespace, folder: Path) -> None:
    engine = make_engine(f"sqlite:///{folder / 'notify.db'}")
    upgrade(engine)
    build(engine, args.projects, args.milestones, args.people)
    for label in ("first tick", "second tick"):
        started = time.perf_counter()
        rows = tick(engine, NOW)
        print(f"{label}: {len(rows)} new rows in {time.perf_counter() - started:.2f} s")


def bench_delivery(count: int, folder: Path) -> None:
    from bot.delivery import DeliveryWorker, RateLimits, SlackSender, slack_client
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_tick(args, Path(folder))
        bench_delivery(args.deliveries, Path(folder))


if __name__ == "__main__":
    main()
