"""Projects over the API, for every kind of caller, as they would see them in chat."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.bot.api.conftest import bearer

EVERYONE = {"ada": ["NW-PORTAL", "QH-APP"], "mei": ["NW-PORTAL", "QH-APP"],
            "sam": ["NW-PORTAL", "QH-APP"], "tom": [], "nina": ["NW-PORTAL"], "lihua": ["QH-APP"],
            "kai": ["NW-PORTAL"]}  # the partner's person: only the project they work on


@pytest.mark.parametrize("handle", list(EVERYONE))
def test_each_caller_lists_exactly_the_projects_they_may_see(http, tokens, handle):
    answer = http.get("/api/v1/projects", headers=bearer(tokens[handle]))
    assert answer.status_code == 200
    assert [p["code"] for p in answer.json()["items"]] == EVERYONE[handle]


@pytest.mark.parametrize(("handle", "status", "view", "tasks"), [
    ("ada", 200, "internal", 4), ("mei", 200, "internal", 4), ("sam", 200, "internal", 4),
    ("tom", 404, None, None),
    ("nina", 200, "client", 3),  # the client's count leaves out the pen-test
    ("lihua", 404, None, None),
    ("kai", 200, "client", 3)])  # the partner's person: the client's view, without the budget
def test_a_projects_status_answers_each_caller_as_chat_would(http, tokens, handle, status, view,
                                                             tasks):
    answer = http.get("/api/v1/projects/NW-PORTAL", headers=bearer(tokens[handle]))
    assert answer.status_code == status
    if view is not None:
        assert answer.json()["view"] == view and answer.json()["tasks_total"] == tasks


def test_the_manager_sees_labour_cost_a_member_does_not_and_a_client_sees_no_hours(http, tokens):
    def status(handle: str) -> dict:
        return http.get("/api/v1/projects/NW-PORTAL", headers=bearer(tokens[handle])).json()

    manager, member, client = status("mei"), status("sam"), status("nina")
    assert manager["labour_cost"] == 6 * 200 and manager["hours_total"] == 6
    assert member["labour_cost"] == 0 and member["hours_total"] == 6
    assert client["hours_total"] is None and client["labour_cost"] is None
    assert client["next_milestone"]["name"] == "Pilot"  # the internal review stays hidden
    assert manager["next_milestone"]["name"] == "Internal security review"


def test_a_client_sees_only_tasks_of_client_visible_milestones_without_estimates(http, tokens):
    staff = http.get("/api/v1/projects/NW-PORTAL/tasks", headers=bearer(tokens["mei"])).json()
    client = http.get("/api/v1/projects/NW-PORTAL/tasks", headers=bearer(tokens["nina"])).json()
    assert [t["title"] for t in staff["items"]] == ["Sign-in flow", "Pen-test findings", "Icon set"]
    assert [t["title"] for t in client["items"]] == ["Sign-in flow", "Icon set"]
    assert [t["estimate_hours"] for t in client["items"]] == [None, None]


def test_tasks_filter_by_status_and_assignee(http, tokens):
    def titles(**params: str) -> list[str]:
        answer = http.get("/api/v1/projects/NW-PORTAL/tasks", params=params,
                          headers=bearer(tokens["ada"]))
        return [t["title"] for t in answer.json()["items"]]

    assert titles(status="done") == ["Wireframes"]
    assert titles(assignee="sam", status="todo") == ["Pen-test findings"]
    assert titles(assignee="mei") == []


def test_a_bad_task_status_is_a_problem_with_chats_words(http, tokens):
    answer = http.get("/api/v1/projects/NW-PORTAL/tasks", params={"status": "finished"},
                      headers=bearer(tokens["ada"]))
    assert answer.status_code == 422
    assert answer.json()["code"] == "task.bad_status" and "finished" in answer.json()["detail"]


def test_projects_and_tasks_come_in_pages_that_follow_their_cursors(http, tokens):
    def walk(path: str) -> list[str]:
        seen, cursor = [], None
        for _ in range(10):
            params = {"limit": "1"} | ({"cursor": cursor} if cursor else {})
            body = http.get(path, params=params, headers=bearer(tokens["ada"])).json()
            seen += [item.get("code") or item.get("title") for item in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                return seen
        raise AssertionError("the cursor never ended")

    assert walk("/api/v1/projects") == ["NW-PORTAL", "QH-APP"]
    assert walk("/api/v1/projects/NW-PORTAL/tasks") == ["Sign-in flow", "Pen-test findings",
                                                        "Icon set"]


def test_a_made_up_cursor_is_a_bad_request(http, tokens):
    answer = http.get("/api/v1/projects", params={"cursor": "not-ours!"},
                      headers=bearer(tokens["ada"]))
    assert answer.status_code == 400 and answer.json()["code"] == "api.bad_cursor"


@pytest.mark.parametrize("path", ["/api/v1/projects/NW-PORTAL", "/api/v1/projects/NW-PORTAL/tasks"])
def test_another_clients_project_answers_byte_for_byte_like_a_project_that_does_not_exist(
        http, tokens, firm, path):
    hidden = http.get(path, headers=bearer(tokens["lihua"]))
    with firm.begin() as connection:  # now NW-PORTAL exists nowhere
        connection.execute(text("UPDATE project SET code = 'GONE-1', name = 'Gone' "
                                "WHERE code = 'NW-PORTAL'"))
    missing = http.get(path, headers=bearer(tokens["lihua"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.headers["content-type"] == missing.headers["content-type"] == "application/problem+json"


def test_a_colleague_off_the_project_gets_the_same_404_as_for_a_nonexistent_code(http, tokens):
    hidden = http.get("/api/v1/projects/QH-APP", headers=bearer(tokens["tom"]))
    missing = http.get("/api/v1/projects/QH-APQ", headers=bearer(tokens["tom"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(b"QH-APP", b"QH-APQ") == missing.content
