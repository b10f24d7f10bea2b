"""REST API latency on the large benchmark workspace, over real HTTP (uvicorn on loopback).

    python -m benchmarks.bench_api [--db FILE.db] [--samples 200] [--time-entries 100000]
                                   [--batches 3]

Without `--db` the large workspace (1,000 projects, 100,000 tasks) is generated and imported
into a temporary SQLite file, with fewer time entries than the full million to keep the run
short (`--time-entries 1000000` for the full one). Measured, each through the whole stack
(bearer token lookup, rate limit, domain service, JSON):

- `GET /api/v1/projects/{code}` as a project manager, a random project of theirs per
  request (the first request is a warm-up and not counted): p50 / p95 in ms;
- `POST /api/v1/time-entries` with a list of 500 entries (all-or-nothing, `log_times`:
  `log_time`'s checks for each entry, one multi-row insert, one `time.log` event per entry
  chained together), `--batches` times: seconds per batch.

The machine's load average is printed with the figures: on a shared machine the wall-clock
figures follow it; the CPU time this process spent (client and server share it: uvicorn runs
on a thread) varies much less and says what the work itself costs.
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from benchmarks.bench_queries import percentile

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # after the generated year: days free to log


def serve(url: str):  # type: ignore[no-untyped-def]
    """The portal app with the API mounted, under uvicorn on a free port; (base url, stop)."""
    import uvicorn

    from bot.api import api_router
    from bot.api.limits import TokenRateLimit
    from bot.bootstrap import build_app
    from bot.web.app import create_app

    os.environ.setdefault("PMBOT_SECRET_KEY", "benchmark")
    app = build_app(database_url=url)
    asgi = create_app(app, routers=[api_router(app, clock=lambda: NOW,
                                               limit=TokenRateLimit(10**9, 60))])
    server = uvicorn.Server(uvicorn.Config(asgi, host="127.0.0.1", port=0, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        app.engine.dispose()
    return f"http://127.0.0.1:{port}", stop


def setup(url: str) -> tuple[str, list[str], str, str]:
    """A manager's token and projects, and a member's token and one active project of theirs."""
    from domain.core.models import Person, Project, ProjectMember
    from domain.core.store import make_engine, unit_of_work
    from domain.people.tokens import create_token

    engine = make_engine(url)
    with unit_of_work(engine) as session:
        pm = session.exec(select(Person).where(Person.role == "pm").order_by(col(Person.id))).first()
        managed = list(session.exec(select(Project.code).where(Project.manager_id == pm.id)).all())
        member = session.exec(select(Person).where(Person.role == "member")
                              .order_by(col(Person.id))).first()
        project = session.exec(
            select(Project.code).join(ProjectMember, col(ProjectMember.project_id) == Project.id)
            .where(ProjectMember.person_id == member.id, Project.status == "active",
                   col(Project.start) <= date(2026, 11, 27))
            .order_by(col(Project.code))).first()
        pm_token = create_token(session, pm.handle, now=NOW)[1]
        member_token = create_token(session, member.handle, now=NOW)[1]
    engine.dispose()
    return pm_token, managed, member_token, str(project)


def batch(project: str, number: int) -> list[dict[str, object]]:
    """500 quarter-hours, 25 a day on 20 days of their own (6.25 h a day)."""
    first = date(2026, 11, 27) + timedelta(days=20 * number)
    return [{"project": project, "date": (first + timedelta(days=i // 25)).isoformat(),
             "hours": 0.25, "note": f"bench {number}.{i}"} for i in range(500)]


def main() -> None:
    import httpx

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None, help="an imported large workspace (SQLite file)")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--time-entries", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            url = f"sqlite:///{args.db}"
        else:
            from benchmarks.bench_portal import build

            url = build(Path(tmp), args.time_entries)
        pm_token, managed, member_token, project = setup(url)
        base, stop = serve(url)
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                timings, cpu = [], time.process_time()
                for code in [rng.choice(managed) for _ in range(args.samples + 1)]:
                    started = time.perf_counter()
                    answer = client.get(f"/api/v1/projects/{code}",
                                        headers={"Authorization": f"Bearer {pm_token}"})
                    timings.append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200, answer.text
                cpu = (time.process_time() - cpu) * 1000 / len(timings)
                timings = timings[1:]
                print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
                print(f"GET /api/v1/projects/{{code}} as a manager ({len(managed)} projects), "
                      f"{len(timings)} requests: p50 {percentile(timings, 0.5):.1f} ms, "
                      f"p95 {percentile(timings, 0.95):.1f} ms; CPU {cpu:.1f} ms a request "
                      "(client and server, this process)")
                for number in range(args.batches):
                    started, cpu = time.perf_counter(), time.process_time()
                    answer = client.post("/api/v1/time-entries", json=batch(project, number),
                                         headers={"Authorization": f"Bearer {member_token}"})
                    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                    assert answer.status_code == 201, answer.text[:300]
                    print(f"POST /api/v1/time-entries, 500 entries on {project}: {seconds:.2f} s "
                          f"(CPU {cpu:.2f} s)")
                print(f"load average {os.getloadavg()[0]:.2f}")
        finally:
            stop()


if __name__ == "__main__":
    main()
