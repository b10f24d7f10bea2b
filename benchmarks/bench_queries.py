"""Time the two hottest questions on the large workspace: project status and a weekly timesheet.

    python -m benchmarks.bench_queries --db benchmarks/out/large.db [--samples 200] [--runs 3]

The database is the one `benchmarks.bench_import --keep benchmarks/out` leaves behind
(imported once; this script only reads). Each sample is one service call in its own session,
as a chat message would make it; the first call of a run is a warm-up and is not counted.
Prints p50/p95 per run and the median of the runs' p95.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from sqlmodel import Session, select

from domain.core.actors import actor_for_handle
from domain.core.models import Person, Project, Role
from domain.core.store import make_engine
from domain.insight.status import project_status
from domain.work.time_entries import timesheet


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_calls(engine, calls) -> list[float]:  # type: ignore[no-untyped-def]
    timings = []
    for call in calls:
        with Session(engine) as session:
            started = time.perf_counter()
            call(session)
            timings.append((time.perf_counter() - started) * 1000)
    return timings[1:]


def status_calls(engine, rng: random.Random, samples: int, today: date):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        admin = session.exec(select(Person).where(Person.role == Role.admin)).first()
        codes = list(session.exec(select(Project.code)).all())
        actor = actor_for_handle(session, admin.handle)
    picks = [rng.choice(codes) for _ in range(samples + 1)]
    return [lambda s, c=c: project_status(s, actor, project=c, today=today) for c in picks]


def timesheet_calls(engine, rng: random.Random, samples: int, today: date):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        handles = list(session.exec(select(Person.handle)).all())
        actors = {h: actor_for_handle(session, h) for h in handles}
    monday = today - timedelta(days=today.weekday())
    calls = []
    for _ in range(samples + 1):
        handle = rng.choice(handles)
        week = monday - timedelta(weeks=rng.randrange(0, 40))
        calls.append(lambda s, h=handle, w=week: timesheet(
            s, actors[h], person=h, start=w, end=w + timedelta(days=6)))
    return calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="benchmarks/out/large.db")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", default=date.today().isoformat())
    args = parser.parse_args()
    engine = make_engine(f"sqlite:///{args.db}")
    today = date.fromisoformat(args.today)
    for name, factory in (("project status", status_calls), ("weekly timesheet", timesheet_calls)):
        p95s = []
        for run in range(args.runs):
            timings = time_calls(engine, factory(engine, random.Random(run), args.samples, today))
            p95s.append(percentile(timings, 0.95))
            print(f"{name} run {run + 1}: p50 {percentile(timings, 0.5):.2f} ms, "
                  f"p95 {p95s[-1]:.2f} ms over {len(timings)} calls")
        print(f"{name}: median p95 over {args.runs} runs = {statistics.median(p95s):.2f} ms")


if __name__ == "__main__":
    main()
