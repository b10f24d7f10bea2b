"""Expenses, leave and overtime over the API: chat's rules, the approver alone decides."""
from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from domain.core.models import Approval, AuditEvent, Expense
from tests.bot.api.conftest import bearer

EXPENSE = {"project": "NW-PORTAL", "amount": 120, "date": "2026-11-26", "category": "travel"}
LEAVE = {"start": "2026-12-07", "end": "2026-12-08", "type": "annual", "note": "family"}


def count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize(("handle", "status", "code"), [
    ("ada", 201, None), ("mei", 201, None), ("sam", 201, None), ("tom", 404, "project.not_found"),
    ("nina", 403, "forbidden.client_write"), ("lihua", 404, "project.not_found"),
    ("kai", 201, None)])  # a partner's person logs their own expenses on their project
def test_who_may_log_an_expense_is_decided_as_in_chat(http, tokens, firm, handle, status, code):
    answer = http.post("/api/v1/expenses", json=EXPENSE, headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    if code is None:
        assert answer.json()["status"] == "approved" and answer.json()["person"] == handle
        assert count(firm, Expense) == 1
    else:
        assert answer.json()["code"] == code and count(firm, Expense) == 0


def test_a_large_expense_waits_for_the_managers_approval(http, tokens):
    answer = http.post("/api/v1/expenses", json=EXPENSE | {"amount": 9000},
                       headers=bearer(tokens["sam"]))
    assert answer.status_code == 201 and answer.json()["status"] == "pending"


@pytest.mark.parametrize(("handle", "status", "people"), [
    ("ada", 200, ["sam", "mei"]), ("mei", 200, ["sam", "mei"]), ("sam", 200, ["sam"]),
    ("tom", 404, None), ("nina", 403, None), ("lihua", 404, None),
    ("kai", 403, None)])  # a project's expense list is internal to a partner's person
def test_a_projects_expenses_are_the_managers_and_each_members_own(http, tokens, handle, status,
                                                                     people):
    for who in ("sam", "mei"):
        assert http.post("/api/v1/expenses", json=EXPENSE,
                         headers=bearer(tokens[who])).status_code == 201
    answer = http.get("/api/v1/expenses", params={"project": "NW-PORTAL"},
                      headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    if people is not None:
        assert [e["person"] for e in answer.json()["items"]] == people


def test_an_expense_retried_with_its_idempotency_key_is_logged_once(http, tokens, firm):
    headers = bearer(tokens["sam"]) | {"Idempotency-Key": "taxi-26"}
    first = http.post("/api/v1/expenses", json=EXPENSE, headers=headers)
    again = http.post("/api/v1/expenses", json=EXPENSE, headers=headers)
    assert first.content == again.content and count(firm, Expense) == 1


def leave(http, tokens) -> int:
    answer = http.post("/api/v1/leave-requests", json=LEAVE, headers=bearer(tokens["sam"]))
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "pending" and answer.json()["requester"] == "sam"
    return answer.json()["id"]


@pytest.mark.parametrize(("handle", "status", "code"), [
    ("ada", 200, None), ("mei", 200, None), ("sam", 403, "approval.own_request"),
    ("tom", 404, "approval.not_found"), ("nina", 404, "approval.not_found"),
    ("lihua", 404, "approval.not_found"), ("kai", 404, "approval.not_found")])
def test_only_an_approver_decides_a_leave_request(http, tokens, firm, handle, status, code):
    request_id = leave(http, tokens)
    answer = http.post(f"/api/v1/requests/{request_id}/decision", json={"decision": "approve"},
                       headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    with Session(firm) as session:
        state = session.get(Approval, request_id).status
    if code is None:
        assert answer.json()["status"] == state == "approved"
        assert answer.json()["decided_by"] == handle
    else:
        assert answer.json()["code"] == code and state == "pending"


@pytest.mark.parametrize(("handle", "status"), [
    ("ada", 200), ("mei", 200), ("sam", 200), ("tom", 404), ("nina", 404), ("lihua", 404),
    ("kai", 404)])
def test_a_request_is_read_by_its_requester_and_its_deciders_only(http, tokens, handle, status):
    request_id = leave(http, tokens)
    hidden = http.get(f"/api/v1/requests/{request_id}", headers=bearer(tokens[handle]))
    assert hidden.status_code == status
    if status == 404:
        missing = http.get("/api/v1/requests/9999", headers=bearer(tokens[handle]))
        assert hidden.json()["code"] == missing.json()["code"] == "approval.not_found"
        assert hidden.json()["detail"].replace(f"#{request_id}", "#9999") == missing.json()["detail"]


def test_a_decision_on_a_request_changed_since_it_was_read_is_refused(http, tokens, firm):
    request_id = leave(http, tokens)
    seen = http.get(f"/api/v1/requests/{request_id}", headers=bearer(tokens["ada"]))
    first = http.post(f"/api/v1/requests/{request_id}/decision", json={"decision": "reject"},
                      headers=bearer(tokens["mei"]) | {"If-Match": seen.headers["etag"]})
    late = http.post(f"/api/v1/requests/{request_id}/decision", json={"decision": "approve"},
                     headers=bearer(tokens["ada"]) | {"If-Match": seen.headers["etag"]})
    assert first.status_code == 200 and late.status_code == 412
    assert late.json()["code"] == "api.precondition_failed"
    with Session(firm) as session:
        assert session.get(Approval, request_id).status == "rejected"
        api = session.exec(select(AuditEvent).where(AuditEvent.action == "api.write")).all()
    assert api[-1].payload["changed"] == {"approval": [request_id]}


def test_overtime_is_asked_for_and_a_contact_cannot_ask(http, tokens):
    body = {"date": "2026-11-26", "hours": 3, "project": "NW-PORTAL"}
    asked = http.post("/api/v1/overtime-requests", json=body, headers=bearer(tokens["sam"]))
    contact = http.post("/api/v1/overtime-requests", json=body, headers=bearer(tokens["nina"]))
    assert asked.status_code == 201 and asked.json()["kind"] == "overtime"
    assert asked.json()["approver"] == "mei" and asked.json()["project"] == "NW-PORTAL"
    assert contact.status_code in (403, 404) and "code" in contact.json()


def test_leave_over_a_past_day_is_refused_with_chats_words(http, tokens):
    answer = http.post("/api/v1/leave-requests", headers=bearer(tokens["sam"]),
                       json={"start": "2026-12-09", "end": "2026-12-01"})
    assert answer.status_code == 422 and answer.json()["detail"]


@pytest.mark.parametrize(("handle", "waiting", "mine"), [
    ("ada", ["sam"], []), ("mei", ["sam"], []), ("sam", [], ["sam"]), ("tom", [], []),
    ("nina", [], []), ("lihua", [], []), ("kai", [], [])])
def test_each_caller_lists_their_own_requests_and_those_waiting_for_them(http, tokens, handle,
                                                                         waiting, mine):
    request_id = leave(http, tokens)

    def listed(**params: str) -> list[str]:
        answer = http.get("/api/v1/requests", params=params, headers=bearer(tokens[handle]))
        assert answer.status_code == 200, answer.text
        assert all(r["id"] == request_id for r in answer.json()["items"])
        return [r["requester"] for r in answer.json()["items"]]

    assert listed(waiting="me") == waiting
    assert listed() == mine
