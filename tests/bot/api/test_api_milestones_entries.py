"""Milestones and time entries over the API, each caller seeing what chat shows them."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.bot.api.conftest import bearer

STAFF = ["Prototype", "Internal security review", "Pilot"]


@pytest.mark.parametrize(("handle", "status", "names"), [
    ("ada", 200, STAFF), ("mei", 200, STAFF), ("sam", 200, STAFF), ("tom", 404, None),
    ("nina", 200, ["Prototype", "Pilot"]), ("lihua", 404, None),
    ("kai", 200, ["Prototype", "Pilot"])])  # a partner's person: client-visible ones only
def test_each_caller_sees_the_milestones_chat_shows_them(http, tokens, handle, status, names):
    answer = http.get("/api/v1/projects/NW-PORTAL/milestones", headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    if names is not None:
        items = answer.json()["items"]
        assert [m["name"] for m in items] == names
        assert items[0]["state"] == "done"


def test_another_clients_milestones_answer_like_a_project_that_does_not_exist(http, tokens, firm):
    path = "/api/v1/projects/NW-PORTAL/milestones"
    hidden = http.get(path, headers=bearer(tokens["lihua"]))
    with firm.begin() as connection:
        connection.execute(text("UPDATE project SET code = 'GONE-1', name = 'Gone' "
                                "WHERE code = 'NW-PORTAL'"))
    missing = http.get(path, headers=bearer(tokens["lihua"]))
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content


@pytest.mark.parametrize(("handle", "status", "hours"), [
    ("ada", 200, [6.0]), ("mei", 200, [6.0]), ("sam", 200, [6.0]), ("tom", 404, None),
    ("nina", 403, None), ("lihua", 403, None),
    ("kai", 200, [])])  # a partner's person: their own hours only, none yet
def test_a_projects_time_entries_follow_the_timesheet_rules(http, tokens, handle, status, hours):
    answer = http.get("/api/v1/time-entries", params={"project": "NW-PORTAL"},
                      headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    if hours is not None:
        assert [e["hours"] for e in answer.json()["items"]] == hours
    elif status == 403:
        assert answer.json()["code"] == "forbidden.client_timesheet"


def test_without_filters_a_person_lists_their_own_hours_admins_and_managers_included(http, tokens):
    def listed(handle: str) -> list[tuple[str, str]]:
        body = http.get("/api/v1/time-entries", headers=bearer(tokens[handle])).json()
        return [(e["person"], e["project"]) for e in body["items"]]

    assert listed("sam") == [("sam", "NW-PORTAL"), ("sam", "QH-APP")]
    assert listed("mei") == [] and listed("ada") == []


def test_a_member_cannot_list_a_colleagues_hours_but_the_manager_can(http, tokens):
    asked = {"person": "sam", "from": "2026-11-24", "to": "2026-11-30"}
    manager = http.get("/api/v1/time-entries", params=asked, headers=bearer(tokens["mei"]))
    colleague = http.get("/api/v1/time-entries", params={"person": "sam"},
                         headers=bearer(tokens["tom"]))
    assert [e["date"] for e in manager.json()["items"]] == ["2026-11-24"]
    assert colleague.status_code == 403 and colleague.json()["code"] == "forbidden.timesheet_other"


def test_time_entries_come_in_pages_by_cursor(http, tokens):
    for day in ("2026-11-25", "2026-11-26"):
        made = http.post("/api/v1/time-entries", headers=bearer(tokens["sam"]),
                         json={"project": "NW-PORTAL", "date": day, "hours": 2})
        assert made.status_code == 201
    seen, cursor = [], None
    for _ in range(10):
        params = {"limit": "1", "project": "NW-PORTAL"} | ({"cursor": cursor} if cursor else {})
        body = http.get("/api/v1/time-entries", params=params, headers=bearer(tokens["mei"])).json()
        seen += [e["date"] for e in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["2026-11-23", "2026-11-25", "2026-11-26"]


def test_a_reversed_range_is_chats_problem(http, tokens):
    answer = http.get("/api/v1/time-entries", params={"from": "2026-11-30", "to": "2026-11-01"},
                      headers=bearer(tokens["sam"]))
    assert answer.status_code == 422 and answer.json()["code"] == "time.range_reversed"
