"""Finding 4: decisions and requests that hold under concurrency. Contenders are separate
processes released together; run with PMBOT_TEST_DATABASE_URL set for PostgreSQL (the
store where the review saw every contender "win"); on SQLite the same tests pass too."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import Session, select

from domain.core.actors import actor_for_handle
from domain.core.models import Approval, LeaveRequest, OvertimeRequest
from domain.core.store import unit_of_work
from domain.requests.leave_overtime import request_leave
from tests.security.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def race(db_url: str, tmp_path: Path, contenders: list[tuple[str, str, dict]]) -> list[dict]:  # type: ignore[type-arg]
    start = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "tests.security.racer", db_url, str(start),
                               who, action, json.dumps({**args, "now": NOW})],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                              cwd=ROOT)
             for who, action, args in contenders]
    time.sleep(1.5)  # every contender imported and connected, waiting for the signal
    start.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_concurrent_approve_and_reject_of_one_request_record_exactly_one_decision(
        firm, db_url, tmp_path, now):  # type: ignore[no-untyped-def]
    with unit_of_work(firm) as session:
        leave = request_leave(session, actor_for_handle(session, "sam"),
                              start=now.date().replace(day=30), end=now.date().replace(day=30),
                              now=now)
        request = leave.approval_id
    contenders = [("mei" if i % 2 else "ada", "decide",
                   {"decision": "approve" if i % 2 else "reject", "request": request})
                  for i in range(6)]
    results = race(db_url, tmp_path, contenders)
    winners = [(c, r) for c, r in zip(contenders, results, strict=True) if r["ok"]]
    losers = [r for r in results if not r["ok"]]
    assert len(winners) == 1
    assert {r["key"] for r in losers} == {"approval.already_decided"}
    with Session(firm) as session:
        stored = session.get(Approval, request)
        assert stored is not None
        won = winners[0][0]
        assert stored.status == ("approved" if won[2]["decision"] == "approve" else "rejected")
        assert all(r["params"]["status"] == stored.status for r in losers)
        assert all(f"@{won[0]}" in r["params"]["by"] for r in losers)


def test_six_identical_concurrent_leave_requests_make_one_request(firm, db_url, tmp_path):  # type: ignore[no-untyped-def]
    args = {"start": "2026-12-21", "end": "2026-12-23"}
    results = race(db_url, tmp_path, [("sam", "leave", args)] * 6)
    assert sum(r["ok"] for r in results) == 1
    assert {r["key"] for r in results if not r["ok"]} == {"leave.overlaps"}
    with Session(firm) as session:
        assert len(session.exec(select(LeaveRequest)).all()) == 1


def test_six_identical_concurrent_overtime_requests_make_one_request(firm, db_url, tmp_path):  # type: ignore[no-untyped-def]
    args = {"day": "2026-11-26", "hours": 3, "project": "NW-PORTAL"}
    results = race(db_url, tmp_path, [("sam", "overtime", args)] * 6)
    assert sum(r["ok"] for r in results) == 1
    assert {r["key"] for r in results if not r["ok"]} == {"request.repeated"}
    with Session(firm) as session:
        assert len(session.exec(select(OvertimeRequest)).all()) == 1
