"""Creating and changing tasks over the API, with chat's planning rules."""
from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from domain.core.models import AuditEvent, Task
from tests.bot.api.conftest import bearer


def tasks(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Task)).one()


@pytest.mark.parametrize(("handle", "body", "status", "code"), [
    ("ada", {"assignee": "sam"}, 201, None),
    ("mei", {"assignee": "sam"}, 201, None),
    ("sam", {"assignee": "sam"}, 201, None),
    ("sam", {"assignee": "mei"}, 403, "forbidden.not_manager"),
    ("tom", {}, 404, "project.not_found"),
    ("nina", {}, 403, "forbidden.client_write"),
    ("lihua", {}, 404, "project.not_found"),
    ("kai", {"assignee": "kai"}, 201, None),  # a partner's person plans their own work
    ("kai", {"assignee": "sam"}, 403, "forbidden.not_manager"),
])
def test_who_may_add_a_task_is_decided_as_in_chat(http, tokens, firm, handle, body, status, code):
    before = tasks(firm)
    answer = http.post("/api/v1/projects/NW-PORTAL/tasks", headers=bearer(tokens[handle]),
                       json={"title": "Write the API guide", "due": "2026-12-04"} | body)
    assert answer.status_code == status, answer.text
    if code is None:
        assert answer.json()["assignee"] == body["assignee"] and answer.json()["status"] == "todo"
        assert tasks(firm) == before + 1
    else:
        assert answer.json()["code"] == code and tasks(firm) == before


def test_adding_a_task_twice_with_one_idempotency_key_adds_it_once(http, tokens, firm):
    headers = bearer(tokens["mei"]) | {"Idempotency-Key": "task-guide"}
    first = http.post("/api/v1/projects/NW-PORTAL/tasks", headers=headers, json={"title": "Guide"})
    again = http.post("/api/v1/projects/NW-PORTAL/tasks", headers=headers, json={"title": "Guide"})
    assert first.status_code == again.status_code == 201 and first.content == again.content
    assert tasks(firm) == 7  # six imported (kai's "Icon set" among them), the one added


def test_a_member_marks_their_task_done_and_the_change_is_audited_with_the_channel(
        http, tokens, firm):
    answer = http.patch("/api/v1/tasks/1", json={"status": "done"}, headers=bearer(tokens["sam"]))
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    assert answer.json()["done_on"] == "2026-11-27"
    with Session(firm) as session:
        api = session.exec(select(AuditEvent).where(AuditEvent.action == "api.write")).one()
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "task.update")).first()
    assert api.payload["channel"].startswith("api:token:") and api.payload["changed"] == {"task": [1]}


def test_null_empties_a_field_and_an_absent_field_stays(http, tokens):
    answer = http.patch("/api/v1/tasks/1", json={"due": None}, headers=bearer(tokens["mei"]))
    assert answer.json()["due"] is None and answer.json()["assignee"] == "sam"


def test_a_task_of_another_clients_project_is_not_found_for_a_colleague_off_it(http, tokens,
                                                                              firm):
    with Session(firm) as session:  # QH-APP's, imported after NW-PORTAL's four
        other = str(session.exec(select(Task.id).where(Task.title == "登录页面")).one())
    hidden = http.patch(f"/api/v1/tasks/{other}", json={"status": "done"},
                        headers=bearer(tokens["tom"]))
    missing = http.patch("/api/v1/tasks/9999", json={"status": "done"}, headers=bearer(tokens["tom"]))
    assert hidden.status_code == missing.status_code == 404
    said = hidden.json()["detail"]
    assert other in said and hidden.json() | {"detail": said.replace(other, "9999")} == missing.json()


def test_a_member_cannot_change_a_colleagues_task(http, tokens, firm):
    answer = http.patch("/api/v1/tasks/3", json={"status": "todo"}, headers=bearer(tokens["sam"]))
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden.not_manager"


@pytest.mark.parametrize(("handle", "title", "status", "code"), [
    ("ada", "Icon set", 200, None), ("mei", "Icon set", 200, None),
    ("sam", "Icon set", 403, "forbidden.not_manager"), ("tom", "Icon set", 404, "task.not_found"),
    ("nina", "Icon set", 403, "forbidden.client_write"),
    ("lihua", "Icon set", 404, "task.not_found"),
    ("kai", "Icon set", 200, None),  # a partner's person updates the task assigned to him
    ("kai", "Sign-in flow", 404, "task.not_found"),  # and no one else's: it is unseen
])
def test_who_may_update_a_task_is_decided_as_in_chat(http, tokens, firm, handle, title, status,
                                                      code):
    with Session(firm) as session:
        task_id = session.exec(select(Task.id).where(Task.title == title)).one()
    answer = http.patch(f"/api/v1/tasks/{task_id}", json={"status": "blocked"},
                        headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    with Session(firm) as session:
        stored = session.get(Task, task_id).status
    if code is None:
        assert answer.json()["status"] == stored == "blocked"
    else:
        assert answer.json()["code"] == code and stored != "blocked"
