"""One task over the API, its ETag, and updates that refuse to overwrite a change unseen."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from domain.core.models import Task
from tests.bot.api.conftest import bearer


def task_id(engine, title: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Task.id).where(Task.title == title)).one()


@pytest.mark.parametrize(("handle", "title", "status"), [
    ("ada", "Sign-in flow", 200), ("mei", "Sign-in flow", 200), ("sam", "Sign-in flow", 200),
    ("tom", "Sign-in flow", 404), ("nina", "Sign-in flow", 200), ("lihua", "Sign-in flow", 404),
    ("nina", "Pen-test findings", 404),  # its milestone is hidden from the client
    ("kai", "Icon set", 200), ("kai", "Sign-in flow", 404),  # a partner: their own task only
])
def test_each_caller_reads_a_task_as_chat_would_show_it(http, tokens, firm, handle, title, status):
    answer = http.get(f"/api/v1/tasks/{task_id(firm, title)}", headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    if status == 200:
        assert answer.json()["title"] == title and answer.headers["etag"].startswith('"')
        assert (answer.json()["estimate_hours"] is None) == (handle == "nina")


def test_a_task_hidden_from_a_contact_answers_like_a_task_that_does_not_exist(http, tokens, firm):
    hidden = http.get(f"/api/v1/tasks/{task_id(firm, 'Pen-test findings')}",
                      headers=bearer(tokens["nina"]))
    missing = http.get("/api/v1/tasks/99999", headers=bearer(tokens["nina"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["code"] == missing.json()["code"] == "task.not_found"
    assert hidden.json()["detail"].replace(str(task_id(firm, "Pen-test findings")), "99999") \
        == missing.json()["detail"]


def test_an_update_with_the_current_etag_applies_and_answers_the_new_one(http, tokens, firm):
    url = f"/api/v1/tasks/{task_id(firm, 'Sign-in flow')}"
    read = http.get(url, headers=bearer(tokens["mei"]))
    changed = http.patch(url, json={"priority": "urgent"},
                         headers=bearer(tokens["mei"]) | {"If-Match": read.headers["etag"]})
    assert changed.status_code == 200 and changed.json()["priority"] == "urgent"
    assert changed.headers["etag"] != read.headers["etag"]
    assert http.get(url, headers=bearer(tokens["mei"])).headers["etag"] == changed.headers["etag"]


def test_an_update_with_a_stale_etag_is_refused_with_412_and_changes_nothing(http, tokens, firm):
    url = f"/api/v1/tasks/{task_id(firm, 'Sign-in flow')}"
    stale = http.get(url, headers=bearer(tokens["mei"])).headers["etag"]
    assert http.patch(url, json={"due": "2026-12-01"}, headers=bearer(tokens["sam"])).status_code == 200
    refused = http.patch(url, json={"priority": "low"},
                         headers=bearer(tokens["mei"]) | {"If-Match": stale})
    assert refused.status_code == 412
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "api.precondition_failed"
    assert "修改" in refused.json()["detail"]  # mei reads Chinese
    now = http.get(url, headers=bearer(tokens["mei"]))
    assert now.json()["priority"] == "high" and refused.headers["etag"] == now.headers["etag"]


@pytest.mark.parametrize("if_match", [None, "*"])
def test_without_if_match_or_with_a_star_the_update_applies(http, tokens, firm, if_match):
    headers = bearer(tokens["mei"]) | ({"If-Match": if_match} if if_match else {})
    answer = http.patch(f"/api/v1/tasks/{task_id(firm, 'Sign-in flow')}",
                        json={"status": "blocked"}, headers=headers)
    assert answer.status_code == 200 and answer.json()["status"] == "blocked"


def test_if_match_on_a_task_the_caller_may_not_see_is_a_404_not_a_412(http, tokens, firm):
    answer = http.patch(f"/api/v1/tasks/{task_id(firm, '登录页面')}", json={"priority": "low"},
                        headers=bearer(tokens["tom"]) | {"If-Match": '"nope"'})
    assert answer.status_code == 404
