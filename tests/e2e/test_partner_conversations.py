"""A partner organisation's person in chat: works on their own task, sees nothing internal.

The small firm of tests/e2e/workspace.yaml, plus a partner studio (paid in USD) whose person
`kai` is a member of NW-PORTAL with one task of his own.
"""
from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlmodel import Session, select

from domain.core.actors import actor_for_handle
from domain.core.models import Partner, Person, Task, TimeEntry
from domain.core.store import unit_of_work
from domain.insight.reports import build_report
from domain.workspace.export import export_workspace
from domain.workspace.importing import import_workspace
from intents.conversation.assistant import Assistant
from tests.e2e.conftest import WORKSPACE, Chat

PARTNERS = [{"name": "Pixel Forge Studio", "currency": "USD", "people": [
    {"handle": "kai", "name": "Kai Lin", "email": "kai@pixelforge.example", "language": "en",
     "timezone": "Asia/Shanghai", "rate": 40}]}]


def partner_workspace() -> dict:
    data = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))
    data["firm"] = {"name": "Studio", "base_currency": "CNY"}
    data["exchange_rates"] = [{"currency": "USD", "rate": 7.0, "from": "2026-01-01"}]
    data["partners"] = PARTNERS
    portal = data["projects"][0]
    portal["members"].append("kai")
    portal["milestones"].append({"name": "Internal QA", "due": "2026-12-05",
                                 "client_visible": False})
    portal["tasks"].append({"title": "Icon set", "assignee": "kai", "due": "2026-12-04",
                            "status": "in_progress", "estimate_hours": 12, "milestone": "Pilot"})
    return data


@pytest.fixture
def studio(engine, now):
    with unit_of_work(engine) as session:
        import_workspace(session, partner_workspace(), now=now)
    return Assistant(engine)


@pytest.fixture
def kai(studio, now):
    return Chat(studio, "kai", now)


def _entries(engine, handle):
    with Session(engine) as session:
        return session.exec(select(TimeEntry.hours, Task.title).select_from(TimeEntry)
                            .join(Person, Person.id == TimeEntry.person_id)
                            .outerjoin(Task, Task.id == TimeEntry.task_id)
                            .where(Person.handle == handle)).all()


def test_a_partners_person_logs_hours_on_their_own_task(kai, engine):
    assert "Logged 3 h on NW-PORTAL for 2026-11-27 · #4 Icon set" in kai.say(
        "log 3h on Icon set today")
    assert _entries(engine, "kai") == [(3.0, "Icon set")]
    assert "NW-PORTAL: 3 h" in kai.say("how many hours did I log this week?")


def test_a_partners_person_sees_only_their_own_tasks(kai):
    listed = kai.say("list tasks on NW-PORTAL")
    assert "Icon set" in listed
    for other in ("Sign-in flow", "Order history page", "Wireframes"):
        assert other not in listed
    assert "#1" in kai.say("is #1 done?") and "No task" in kai.replies[-1].text


def test_another_persons_task_is_a_name_that_exists_nowhere_for_a_partner(kai, engine):
    before = _entries(engine, "kai")
    answer = kai.say("is Sign-in flow done?")
    assert "Sign-in" not in answer and "in progress" not in answer and "@sam" not in answer
    kai.say("log 1h on Sign-in flow today")
    assert _entries(engine, "kai") == before


def test_a_partners_person_never_reads_the_budget_or_margin(kai):
    for question in ("what's the budget of NW-PORTAL?", "what's the margin on NW-PORTAL?",
                     "show NW-PORTAL burndown"):
        answer = kai.say(question)
        assert "100,000" not in answer and "3,200" not in answer, (question, answer)
    status = kai.say("how is NW-PORTAL going?")
    assert "Pilot" in status and "budget" not in status.lower()
    assert "100,000" not in status


def test_a_partners_person_sees_client_visible_milestones_only(kai, studio, now):
    from domain.core.lookup import find_milestone, find_project

    with Session(studio.engine) as session:
        actor = actor_for_handle(session, "kai")
        portal = find_project(session, actor, "NW-PORTAL")
        assert find_milestone(session, portal, "Pilot", actor).name == "Pilot"
        with pytest.raises(Exception, match="milestone.not_found"):
            find_milestone(session, portal, "Internal QA", actor)


def test_another_project_is_unknown_to_a_partners_person(kai):
    assert "No project 'NW-OPS'" in kai.say("how is NW-OPS going?")
    assert "Logged" not in kai.say("log 2h on NW-OPS today")


def test_partner_hours_are_subcontract_cost_in_the_profit_report(kai, studio, now):
    kai.say("log 3h on Icon set today")
    with Session(studio.engine) as session:
        ada = actor_for_handle(session, "ada")
        report = build_report(session, ada, kind="profit", project="NW-PORTAL",
                              today=date(2026, 11, 27))
    [line] = report.projects
    assert line.subcontract_cost == pytest.approx(3 * 40 * 7.0)  # 40 USD/h at 7 CNY
    assert line.labour_cost == pytest.approx(6 * 200 + 4 * 250)  # staff only
    assert line.cost == pytest.approx(line.labour_cost + line.expense_cost + 840)
    [client] = report.clients
    assert client.subcontract_cost == pytest.approx(840)


def test_the_profit_report_refuses_a_partners_person(kai, studio):
    from domain.core.errors import DomainError

    with Session(studio.engine) as session:
        actor = actor_for_handle(session, "kai")
        with pytest.raises(DomainError):
            build_report(session, actor, kind="profit", project="NW-PORTAL",
                         today=date(2026, 11, 27))


def test_partners_come_back_from_an_export_as_they_were_imported(studio, engine, now):
    with Session(engine) as session:
        exported = export_workspace(session)
        assert session.exec(select(Partner.name, Partner.currency)).all() == [
            ("Pixel Forge Studio", "USD")]
    [partner] = exported["partners"]
    [person] = partner["people"]
    assert (person["handle"], person["rate"]) == ("kai", 40.0)
    assert "kai" not in {p["handle"] for p in exported["people"]}
    assert "kai" in exported["projects"][0]["members"]


def test_a_partners_person_is_reminded_like_the_team(studio):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from domain.notices.due import due

    friday_evening = datetime(2026, 11, 27, 18, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with Session(studio.engine) as session:
        kinds = {n.kind for n in due(session, friday_evening) if n.recipient.handle == "kai"}
    assert "hours_reminder" in kinds


def test_partner_hours_burn_the_budget_as_the_profit_report_counts_them(kai, studio, now):
    """Budget, status and the profit report read one subcontract sum: the partner's 840 CNY
    is spent from the budget, not only shown in the report."""
    from domain.insight.status import project_status
    from domain.money.budget import budget_status
    from domain.money.project_figures import project_costs

    with Session(studio.engine) as session:
        mei = actor_for_handle(session, "mei")
        before = budget_status(session, mei, project="NW-PORTAL", today=date(2026, 11, 27))
    kai.say("log 3h on Icon set today")
    with Session(studio.engine) as session:
        mei = actor_for_handle(session, "mei")
        after = budget_status(session, mei, project="NW-PORTAL", today=date(2026, 11, 27))
        status = project_status(session, mei, project="NW-PORTAL", today=date(2026, 11, 27))
        report = build_report(session, actor_for_handle(session, "ada"), kind="profit",
                              project="NW-PORTAL", today=date(2026, 11, 27))
        [costs] = project_costs(session, [_portal_id(session)]).values()
    assert after.spent - before.spent == pytest.approx(840)
    assert status.spent == pytest.approx(after.spent)
    [line] = report.projects
    assert after.spent == pytest.approx(line.cost) == pytest.approx(costs)


def _portal_id(session: Session) -> int:
    from domain.core.models import Project

    return session.exec(select(Project.id).where(Project.code == "NW-PORTAL")).one()
