"""Portal page render time on the large benchmark workspace: p50/p95 per page, in ms.

    python -m benchmarks.bench_portal [--db benchmarks/out/large.db] [--samples 200]
                                      [--time-entries 100000]

Without `--db` the large workspace (1,000 projects, 100,000 tasks) is generated and imported
into a temporary SQLite file, with fewer time entries than the full million to keep the run
short (the page's queries are indexed aggregates; `--time-entries 1000000` for the full one).
Each sample is one HTTP request through the whole ASGI app (session cookie, domain queries,
template) as a signed-in client contact, and as the project's manager, for a random project
of theirs; the first request is a warm-up and not counted. The Gantt image is a separate
request (a chart drawn per view) and is timed apart.
"""
from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from benchmarks.bench_queries import percentile


def build(folder: Path, time_entries: int) -> str:
    from benchmarks.bench_import import timed_import
    from benchmarks.generate_workspace import large_workspace

    path = folder / "portal.db"
    seconds, counts = timed_import(large_workspace(0, time_entries=time_entries), path)
    print(f"imported {counts} in {seconds:.1f} s")
    return f"sqlite:///{path}"


def signed_in_client(url: str, handle: str, folder: Path):  # type: ignore[no-untyped-def]
    import os

    from fastapi.testclient import TestClient

    from bot.bootstrap import build_app
    from bot.web.app import create_app
    from bot.web.links import sign_in_url
    from domain.core.store import unit_of_work
    from domain.people.signin import issue_link_for_handle

    os.environ.setdefault("PMBOT_DATA_DIR", str(folder / "data"))
    os.environ.setdefault("PMBOT_SECRET_KEY", "bench")
    app = build_app(database_url=url)
    web = create_app(app)
    client = TestClient(web, base_url="http://testserver")
    with unit_of_work(app.engine) as session:
        _, token = issue_link_for_handle(session, handle, now=datetime.now(UTC))
    confirm = client.get(sign_in_url("http://testserver", web.state.portal.secret, token))
    csrf = re.search(r'name="csrf" value="([^"]+)"', confirm.text).group(1)  # type: ignore[union-attr]
    t = re.search(r'name="t" value="([^"]+)"', confirm.text).group(1)  # type: ignore[union-attr]
    client.post("/portal/auth", data={"t": t, "csrf": csrf})
    return client, app


CPU: list[float] = []  # the CPU milliseconds of the process per request, beside wall time


def timed(client, paths: list[str], first_views: list[float] | None = None) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds per request (the warm-up dropped); the first request of each path is
    also put in `first_views` (a staff page scores its risks then, and caches them). The
    process's CPU time per request goes to `CPU`: on a shared machine under load the wall
    time mostly measures the queue for a core, the CPU time what a request costs."""
    timings, seen = [], set()
    CPU.clear()
    for path in paths:
        started, cpu = time.perf_counter(), time.process_time()
        answer = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        CPU.append((time.process_time() - cpu) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
        if first_views is not None and path not in seen and len(timings) > 1:
            first_views.append(timings[-1])
        seen.add(path)
    return timings[1:]


def report(name: str, timings: list[float], cpu: list[float] | None = None) -> None:
    spent = (f"; CPU p50 {percentile(cpu, 0.5):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms"
             if cpu else "")
    print(f"{name}: p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms "
          f"over {len(timings)} requests{spent}")


def main() -> None:
    from domain.core.models import ClientContact, Person, Project
    from domain.core.store import make_engine

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None, help="an imported large workspace (SQLite file)")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--charts", type=int, default=10)
    parser.add_argument("--time-entries", type=int, default=100_000)
    args = parser.parse_args()
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{args.db}" if args.db else build(folder, args.time_entries)
        engine = make_engine(url)
        with Session(engine) as session:
            contact = session.exec(select(ClientContact).order_by(ClientContact.id)).first()
            theirs = list(session.exec(select(Project.code).where(
                Project.client_id == contact.client_id)).all())
            pm = session.exec(select(Person).where(Person.role == "pm")).first()
            managed = list(session.exec(select(Project.code).where(
                Project.manager_id == pm.id)).all())
        engine.dispose()
        for label, handle, codes in (("client contact", contact.handle, theirs),
                                     ("project manager", pm.handle, managed)):
            client, app = signed_in_client(url, handle, folder)
            picks = [rng.choice(codes) for _ in range(args.samples + 1)]
            first: list[float] = []
            report(f"project page as {label} ({len(codes)} projects)",
                   timed(client, [f"/portal/projects/{c}" for c in picks], first), CPU[1:])
            report("  of which the first view of each project", first)
            report(f"project list as {label}",
                   timed(client, ["/portal/"] * (args.samples // 4 + 1)), CPU[1:])
            if args.charts:
                report(f"gantt image as {label}", timed(
                    client, [f"/portal/projects/{c}/gantt.png" for c in picks[:args.charts + 1]]))
            client.close()
            app.engine.dispose()


if __name__ == "__main__":
    main()
