"""Marking a milestone reached over the API: chat's `complete_milestone`, its rules and audit."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from domain.core.models import AuditEvent, Milestone
from tests.bot.api.conftest import bearer


def milestone_id(firm, name: str) -> int:
    with Session(firm) as session:
        return int(session.exec(select(Milestone.id).where(Milestone.name == name)).one() or 0)


def reached(http, firm, token: str, name: str, project: str = "NW-PORTAL", **headers: str):
    path = f"/api/v1/projects/{project}/milestones/{milestone_id(firm, name)}/reached"
    return http.post(path, headers=bearer(token) | headers)


def done(firm, name: str) -> bool:
    with Session(firm) as session:
        return bool(session.exec(select(Milestone.done).where(Milestone.name == name)).one())


@pytest.mark.parametrize(("handle", "status"), [
    ("ada", 200), ("mei", 200), ("sam", 403), ("tom", 404), ("nina", 403), ("lihua", 404),
    ("sam-read", 403), ("nina-read", 403),
    ("kai", 403)])  # a partner's person works on the project but does not manage it
def test_only_the_manager_and_admins_mark_a_milestone_reached(http, tokens, firm, handle, status):
    answer = reached(http, firm, tokens[handle], "Pilot")
    assert answer.status_code == status, answer.text
    assert done(firm, "Pilot") is (status == 200)
    if status == 200:
        body = answer.json()
        assert (body["name"], body["done"], body["state"]) == ("Pilot", True, "done")
        assert body["done_on"] is not None


def test_reaching_a_milestone_is_audited_by_the_domain_and_with_the_token_channel(
        http, tokens, firm):
    answer = reached(http, firm, tokens["mei"], "Pilot")
    assert answer.status_code == 200, answer.text
    with Session(firm) as session:
        domain = session.exec(select(AuditEvent).where(
            AuditEvent.action == "milestone.complete")).one()
        api = session.exec(select(AuditEvent).where(AuditEvent.action == "api.write")).one()
    assert domain.actor == "person:mei" and domain.payload["after"]["done"] is True
    assert api.payload["channel"].startswith("api:token:")
    assert api.payload["changed"] == {"milestone": [milestone_id(firm, "Pilot")]}


def test_a_milestone_already_reached_is_a_conflict_and_nothing_is_written(http, tokens, firm):
    answer = reached(http, firm, tokens["mei"], "Prototype")
    assert answer.status_code == 409, answer.text
    with Session(firm) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "api.write")).all() == []


def test_a_retry_with_the_same_idempotency_key_completes_once(http, tokens, firm):
    first = reached(http, firm, tokens["mei"], "Pilot", **{"Idempotency-Key": "pilot-done"})
    again = reached(http, firm, tokens["mei"], "Pilot", **{"Idempotency-Key": "pilot-done"})
    assert first.status_code == again.status_code == 200 and first.content == again.content
    with Session(firm) as session:
        assert len(session.exec(select(AuditEvent).where(
            AuditEvent.action == "milestone.complete")).all()) == 1


def test_another_projects_milestone_is_not_found_under_this_project(http, tokens, firm):
    answer = reached(http, firm, tokens["mei"], "内测版本", project="NW-PORTAL")
    assert answer.status_code == 404, answer.text
    assert not done(firm, "内测版本")


@pytest.mark.parametrize("handle", ["nina", "kai"])  # the client's contact, the partner's person
def test_a_client_hidden_milestone_is_not_found_for_the_clients_contact(http, tokens, firm,
                                                                         handle):
    answer = reached(http, firm, tokens[handle], "Internal security review")
    assert answer.status_code == 404, answer.text


def test_another_clients_milestone_answers_like_a_project_that_does_not_exist(
        http, tokens, firm):
    hidden = reached(http, firm, tokens["lihua"], "Pilot")
    pilot = milestone_id(firm, "Pilot")
    with firm.begin() as connection:
        connection.execute(text("UPDATE project SET code = 'GONE-1', name = 'Gone' "
                                "WHERE code = 'NW-PORTAL'"))
    missing = http.post(f"/api/v1/projects/NW-PORTAL/milestones/{pilot}/reached",
                        headers=bearer(tokens["lihua"]))
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content


def test_reaching_a_milestone_over_the_api_queues_the_milestone_reached_webhook(
        http, tokens, firm, now):
    import json

    from domain.core.models import OutboxMessage
    from domain.core.store import unit_of_work
    from domain.notices.webhooks import add_endpoint

    with unit_of_work(firm) as session:
        add_endpoint(session, url="http://127.0.0.1:9/hook", events="milestone.reached",
                     secret="a-long-enough-secret", now=now)
    assert reached(http, firm, tokens["ada"], "Pilot").status_code == 200
    with Session(firm) as session:
        [row] = session.exec(select(OutboxMessage).where(OutboxMessage.platform == "webhook")).all()
    event = json.loads(row.text)
    assert (event["type"], event["data"]["name"], event["data"]["project"]) == (
        "milestone.reached", "Pilot", "NW-PORTAL")
