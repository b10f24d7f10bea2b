"""Time the insight features: a 300-task Gantt, and every report over the large workspace.

    python -m benchmarks.bench_insight [--db benchmarks/out/bench.db] [--runs 3]

The Gantt is drawn for a fresh 300-task project (60 phases of 5 tasks, with dependencies,
collapsed to WBS level 1 as a phone would get it) in a throwaway SQLite file; the reports
run as an admin over the whole large workspace (1,000 projects, 1M time entries), read
only. Targets: Gantt < 1.5 s, each report < 2 s. Prints each run and the worst one; the
first Gantt of a process also pays matplotlib's import and the font load, shown apart.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from domain.core.actors import actor_for_handle, system_actor
from domain.core.models import Milestone, Person, Project, Role, Task, TaskDependency
from domain.core.store import make_engine

GANTT_TARGET_S, REPORT_TARGET_S = 1.5, 2.0


def big_project(folder: Path, today: date) -> tuple[object, str]:
    from bot.migrate import upgrade

    engine = make_engine(f"sqlite:///{folder / 'gantt.db'}")
    upgrade(engine)
    with Session(engine) as session:
        project = Project(code="BIG", name="大型项目 Big rollout", start=today - timedelta(90),
                          end=today + timedelta(120))
        session.add(project)
        session.flush()
        session.add_all([Milestone(project_id=project.id, name=f"M{n}", due=today + timedelta(30 * n - 60))
                         for n in range(6)])
        previous = None
        for phase in range(60):
            parent = Task(project_id=project.id, title=f"阶段 Phase {phase + 1}")
            session.add(parent)
            session.flush()
            for step in range(4):
                due = today + timedelta(days=phase * 3 + step - 90)
                task = Task(project_id=project.id, parent_id=parent.id, title=f"Step {step + 1}",
                            due=due, estimate_hours=8 + step * 4,
                            status="done" if due < today - timedelta(10) else "todo")
                session.add(task)
                session.flush()
                if previous is not None:
                    session.add(TaskDependency(task_id=task.id, depends_on_id=previous))
                previous = task.id
        session.commit()
    return engine, "BIG"


def time_gantt(folder: Path, today: date, runs: int) -> list[float]:
    from bot.charts.render import render_chart
    from domain.insight.charts.data import gantt_data

    engine, code = big_project(folder, today)
    timings = []
    for run in range(runs):
        started = time.perf_counter()
        with Session(engine) as session:
            data = gantt_data(session, system_actor(), project=code, today=today)
        render_chart("gantt", data, folder / f"gantt-{run}.png", lang="zh")
        timings.append(time.perf_counter() - started)
    engine.dispose()
    return timings


def time_reports(db: str, today: date, runs: int) -> dict[str, list[float]]:
    from domain.insight.reports import REPORT_KINDS, build_report

    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        admin = session.exec(select(Person).where(Person.role == Role.admin)).first()
        actor = actor_for_handle(session, admin.handle) if admin else system_actor()
    out: dict[str, list[float]] = {}
    for kind in REPORT_KINDS:
        for _ in range(runs):
            with Session(engine) as session:
                started = time.perf_counter()
                build_report(session, actor, kind=kind, today=today)
                out.setdefault(kind, []).append(time.perf_counter() - started)
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="benchmarks/out/bench.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", default=datetime.now(UTC).date().isoformat())
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    with tempfile.TemporaryDirectory() as folder:
        gantt = time_gantt(Path(folder), today, args.runs)
    warm = gantt[1:] or gantt
    print(f"gantt, 300 tasks: cold start (matplotlib import, font load) {gantt[0]:.2f} s; warm "
          + ", ".join(f"{t:.2f} s" for t in warm)
          + f" (worst warm {max(warm):.2f} s, target < {GANTT_TARGET_S} s)")
    for kind, timings in time_reports(args.db, today, args.runs).items():
        print(f"report {kind}: " + ", ".join(f"{t:.2f} s" for t in timings)
              + f" (worst {max(timings):.2f} s, target < {REPORT_TARGET_S} s)")


if __name__ == "__main__":
    main()
