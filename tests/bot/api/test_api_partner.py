"""A partner organisation's person over the API: the same permission rules as in chat.

The shared API firm's partner studio: its person `kai` is a member of NW-PORTAL with one task
of his own ("Icon set", under the client-visible Pilot); QH-APP is a project he is not on.
The permission matrices in the other files carry a `kai` row; these are his own behaviours.
"""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from domain.core.models import Task, TimeEntry
from tests.bot.api.conftest import bearer


@pytest.fixture
def kai(tokens) -> dict[str, str]:
    return bearer(tokens["kai"])


def _task_id(engine, title: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Task.id).where(Task.title == title)).one()


def test_another_project_answers_a_partner_like_one_that_does_not_exist(http, kai):
    other = http.get("/api/v1/projects/QH-APP", headers=kai)
    missing = http.get("/api/v1/projects/NO-SUCH", headers=kai)
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"].replace("QH-APP", "X") == missing.json()["detail"].replace(
        "NO-SUCH", "X")


def test_a_partner_sees_no_budget_spend_or_labour_cost(http, kai):
    status = http.get("/api/v1/projects/NW-PORTAL", headers=kai).json()
    for figure in ("budget", "spent", "labour_cost", "burn_pct", "currency", "hours_total"):
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
    mine = http.get("/api/v1/time-entries", params={"project": "NW-PORTAL"}, headers=kai).json()
    assert [(e["person"], e["hours"]) for e in mine["items"]] == [("kai", 2.0)]  # not sam's 6


@pytest.mark.parametrize("asked", ["Internal security review", "security review"])
def test_a_partners_new_task_neither_joins_nor_names_the_internal_milestone(http, kai, firm,
                                                                            asked):
    answer = http.post("/api/v1/projects/NW-PORTAL/tasks", headers=kai,
                       json={"title": "Sneak", "assignee": "kai", "milestone": asked})
    assert answer.status_code == 404 and answer.json()["code"] == "milestone.not_found"
    assert "Internal security review" not in answer.json()["detail"].replace(asked, "")
    with Session(firm) as session:
        assert session.exec(select(Task).where(Task.title == "Sneak")).all() == []
