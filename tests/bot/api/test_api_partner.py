"""A partner organisation's person over the API: the same permission rules as in chat.

The API tests' firm plus a partner studio whose person `kai` is a member of NW-PORTAL with one
task of his own ("Icon set"); QH-APP is another project he is not on.
"""
from __future__ import annotations

from datetime import datetime

import pytest
import yaml
from sqlmodel import Session, select

from domain.core.models import Task, TimeEntry
from domain.core.store import unit_of_work
from domain.workspace.importing import import_workspace
from tests.bot.api.conftest import WORKSPACE, bearer


@pytest.fixture
def firm(engine, now: datetime):
    data = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))
    data["partners"] = [{"name": "Pixel Forge Studio", "currency": "CNY", "people": [
        {"handle": "kai", "name": "Kai Lin", "email": "kai@pixelforge.example",
         "timezone": "Asia/Shanghai", "rate": 280}]}]
    data["projects"][0]["members"].append("kai")
    data["projects"][0]["tasks"].append({"title": "Icon set", "assignee": "kai",
                                         "status": "in_progress", "milestone": "Pilot"})
    with unit_of_work(engine) as session:
        import_workspace(session, data, now=now)
    return engine


@pytest.fixture
def kai(firm, now: datetime) -> dict[str, str]:
    from domain.people.tokens import create_token

    with unit_of_work(firm) as session:
        return bearer(create_token(session, "kai", now=now)[1])


def _task_id(engine, title: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Task.id).where(Task.title == title)).one()


def test_a_partner_lists_only_the_project_they_work_on(http, kai):
    answer = http.get("/api/v1/projects", headers=kai)
    assert [p["code"] for p in answer.json()["items"]] == ["NW-PORTAL"]


def test_another_project_answers_a_partner_like_one_that_does_not_exist(http, kai):
    other = http.get("/api/v1/projects/QH-APP", headers=kai)
    missing = http.get("/api/v1/projects/NO-SUCH", headers=kai)
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"].replace("QH-APP", "X") == missing.json()["detail"].replace(
        "NO-SUCH", "X")


def test_a_partner_sees_no_budget_spend_or_labour_cost(http, kai):
    status = http.get("/api/v1/projects/NW-PORTAL", headers=kai).json()
    for figure in ("budget", "spent", "labour_cost", "burn_pct"):
        assert status.get(figure) in (None, 0, 0.0), (figure, status)
    assert status["next_milestone"]["name"] == "Pilot"  # the internal review stays hidden


def test_a_partner_lists_their_own_task_and_no_one_elses(http, kai):
    tasks = http.get("/api/v1/projects/NW-PORTAL/tasks", headers=kai).json()
    assert [t["title"] for t in tasks["items"]] == ["Icon set"]


def test_a_colleagues_task_is_not_found_for_a_partner(http, kai, firm):
    answer = http.patch(f"/api/v1/tasks/{_task_id(firm, 'Sign-in flow')}",
                        json={"status": "done"}, headers=kai)
    assert answer.status_code == 404


def test_a_partner_logs_hours_on_their_task(http, kai, firm):
    answer = http.post("/api/v1/time-entries", headers=kai, json={
        "project": "NW-PORTAL", "date": "2026-11-26", "hours": 2, "task": "Icon set"})
    assert answer.status_code == 201, answer.text
    with Session(firm) as session:
        [entry] = session.exec(select(TimeEntry).where(TimeEntry.task_id == _task_id(
            firm, "Icon set"))).all()
    assert entry.hours == 2
