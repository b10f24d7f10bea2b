"""Management reports on a small world whose numbers are worked out by hand below.

WEB (Acme, CNY, rate 650, budget 100 000, 2026-11-01 – 12-31), managed by bob:
  hours: lin 10 h (cost 200/h) + bob 5 h (400/h) → 15 h, labour 4 000; expense 1 000
  revenue 15 × 650 = 9 750; cost 5 000; margin 4 750 = 48.7 %
  Acme's contract: 120 000 over 2026-11-01 – 12-30 (60 days); November = 30/60 → 60 000
GLX (Globex, EUR, rate 90): dave 8 h × 300 CNY = 2 400 CNY = 300 EUR at 1 EUR = 8 CNY;
  revenue 720 EUR; margin 420 EUR. Base currency (no firm: the most common one, a tie
  broken alphabetically) is CNY: Globex = 5 760 revenue − 2 400 cost = 3 360 CNY.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from domain.clients.feedback import give_feedback
from domain.core.errors import Forbidden, NotFound
from domain.core.models import (
    Approval,
    Contract,
    ExchangeRate,
    Expense,
    LeaveRequest,
    Milestone,
    Task,
    TimeEntry,
)
from domain.insight.reports import build_report
from domain.insight.reports.satisfaction import nps_class
from domain.insight.status import project_status

TODAY = date(2026, 11, 27)
NOV = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


@pytest.fixture
def firm(session, world, now):
    ids = {a.handle: a.id for a in (world.alice, world.bob, world.lin, world.dave)}
    session.add_all([
        TimeEntry(person_id=ids["lin"], project_id=world.web.id, day=date(2026, 11, 20), hours=10),
        TimeEntry(person_id=ids["bob"], project_id=world.web.id, day=date(2026, 11, 21), hours=5),
        TimeEntry(person_id=ids["dave"], project_id=world.glx.id, day=date(2026, 11, 23), hours=8),
        Expense(project_id=world.web.id, day=date(2026, 11, 22), amount=1000, currency="CNY"),
        Contract(client_id=world.web.client_id, title="SOW", value=120000, currency="CNY",
                 start=date(2026, 11, 1), end=date(2026, 12, 30)),
        Task(project_id=world.web.id, title="Wireframes", estimate_hours=6, due=date(2026, 11, 10),
             status="done", done_on=date(2026, 11, 12)),
        Task(project_id=world.web.id, title="Specs", estimate_hours=4, due=date(2026, 11, 20)),
        Milestone(project_id=world.web.id, name="Kickoff", due=date(2026, 11, 5), done=True,
                  done_on=date(2026, 11, 7)),
        Milestone(project_id=world.web.id, name="Design", due=date(2026, 11, 20)),
        ExchangeRate(currency="EUR", rate=8.0, valid_from=date(2026, 1, 1)),
    ])
    leave = Approval(kind="leave", requested_by_id=ids["lin"], status="approved", created_at=now)
    session.add(leave)
    session.flush()
    session.add(LeaveRequest(person_id=ids["lin"], start=date(2026, 11, 24), end=date(2026, 11, 25),
                             approval_id=leave.id))
    session.commit()
    return world


def line(lines, name):
    return next(item for item in lines if item.name == name)


def test_profit_of_a_project_is_billed_hours_times_rate_minus_labour_and_expenses(session, firm):
    report = build_report(session, firm.alice, kind="profit", today=TODAY)
    web = line(report.projects, "WEB")
    assert (web.hours, web.revenue, web.labour_cost, web.expense_cost) == (15, 9750, 4000, 1000)
    assert web.margin == 4750
    assert web.margin_pct == pytest.approx(48.72, abs=0.01)


def test_profit_of_a_client_shows_its_contracts_pro_rata_beside_the_revenue_it_earned(session, firm):
    report = build_report(session, firm.alice, kind="profit", today=TODAY, **NOV)
    acme = line(report.clients, "Acme Retail")
    assert (acme.revenue, acme.cost, acme.contracted) == (9750, 5000, 60000)


def test_profit_of_a_client_is_in_base_currency_and_sums_its_projects_converted(session, firm):
    report = build_report(session, firm.alice, kind="profit", today=TODAY)
    glx, globex = line(report.projects, "GLX"), line(report.clients, "Globex")
    assert (glx.currency, glx.revenue, glx.labour_cost, glx.margin) == ("EUR", 720, 300, 420)
    assert (globex.currency, globex.revenue, globex.cost, globex.margin) == ("CNY", 5760, 2400, 3360)


def test_profit_window_leaves_out_hours_outside_it(session, firm):
    report = build_report(session, firm.alice, kind="profit", today=TODAY,
                          start=date(2026, 11, 21), end=date(2026, 11, 30))
    assert line(report.projects, "WEB").hours == 5


def test_variance_reports_slipped_and_overdue_milestones_in_days(session, firm):
    report = build_report(session, firm.bob, kind="variance", project="WEB", today=TODAY)
    slips = {m.milestone: (m.slip_days, m.late) for m in report.milestones}
    assert slips["Kickoff"] == (2, True)
    assert slips["Design"] == (7, True)
    assert slips["Beta"] == (None, False)
    assert report.late_milestones == 2


def test_earned_value_gives_spi_and_cpi_from_estimates_budget_and_cost(session, firm):
    # planned = days elapsed on the burndown's ideal line: 11-01 → 11-27 of 11-01 … 12-31 = 26/60;
    # earned = done weight 6 of 10 (login) + 6 (done) + 4 = 20
    value = build_report(session, firm.bob, kind="variance", project="WEB", today=TODAY).projects[0]
    assert (value.planned_pct, value.earned_pct) == (pytest.approx(100 * 26 / 60), 30)
    assert (value.pv, value.ev, value.ac) == (pytest.approx(100000 * 26 / 60), 30000, 5000)
    assert value.spi == pytest.approx(0.3 / (26 / 60))
    assert value.cpi == pytest.approx(6.0)


def test_earned_value_today_counts_the_said_progress_of_open_work_as_status_does(session, firm):
    specs = session.exec(select(Task).where(Task.title == "Specs")).one()
    specs.progress = 50  # half of its 4 h: earned 6 + 2 of 20
    session.commit()
    value = build_report(session, firm.bob, kind="variance", project="WEB", today=TODAY).projects[0]
    status = project_status(session, firm.bob, project="WEB", today=TODAY)
    assert value.earned_pct == pytest.approx(40) == status.progress_pct


def test_earned_value_for_a_past_date_leaves_out_todays_progress(session, firm):
    specs = session.exec(select(Task).where(Task.title == "Specs")).one()
    specs.progress = 50
    session.commit()
    value = build_report(session, firm.bob, kind="variance", project="WEB", today=TODAY,
                         start=date(2026, 11, 1), end=date(2026, 11, 20)).projects[0]
    assert value.earned_pct == pytest.approx(30)  # only Wireframes, done on 11-12


def test_utilisation_is_logged_hours_over_capacity_less_approved_leave(session, firm):
    report = build_report(session, firm.lin, kind="utilization", today=TODAY,
                          start=date(2026, 11, 16), end=date(2026, 11, 27))
    (lin,) = report.people
    assert (lin.person, lin.leave_days, lin.capacity_hours, lin.logged_hours) == ("lin", 2, 64, 10)
    assert lin.utilisation_pct == pytest.approx(15.625)
    assert lin.billable_pct == 100


def test_a_manager_sees_the_people_of_their_projects(session, firm):
    report = build_report(session, firm.bob, kind="utilization", today=TODAY)
    assert [u.person for u in report.people] == ["bob", "dave", "lin"]
    assert line_of(report, "dave").logged_hours == 8


def line_of(report, handle):
    return next(u for u in report.people if u.person == handle)


def test_a_member_gets_only_their_own_utilisation(session, firm):
    report = build_report(session, firm.dave, kind="utilization", today=TODAY)
    assert [u.person for u in report.people] == ["dave"]


@pytest.mark.parametrize("kind", ["profit", "variance", "satisfaction"])
def test_a_member_may_not_see_management_reports(session, firm, kind):
    with pytest.raises(Forbidden):
        build_report(session, firm.lin, kind=kind, today=TODAY)


@pytest.mark.parametrize("kind", ["profit", "variance", "utilization"])
def test_a_client_contact_sees_nothing_internal(session, firm, kind):
    with pytest.raises(Forbidden):
        build_report(session, firm.tom, kind=kind, today=TODAY)


def test_a_manager_asking_for_another_managers_project_is_told_it_does_not_exist(session, firm):
    with pytest.raises(NotFound):
        build_report(session, firm.dave, kind="profit", project="WEB", today=TODAY)


def test_nps_reads_a_five_point_score_as_promoter_passive_or_detractor():
    assert [nps_class(s) for s in (5, 4.6, 4, 3.8, 3.4, 3, 1)] == [
        "promoter", "promoter", "passive", "passive", "detractor", "detractor", "detractor"]


@pytest.fixture
def rated(session, firm, now):
    give_feedback(session, firm.tom, project="WEB", score=9, scale=10, now=now)  # 4.6 promoter
    give_feedback(session, firm.tom, project="WEB", score=7, scale=10, now=now)  # 3.8 passive
    give_feedback(session, firm.tom, project="WEB", score=3, now=now)  # detractor
    give_feedback(session, firm.gina, project="GLX", score=10, scale=10, now=now)  # 5 promoter
    session.commit()
    return firm


def test_satisfaction_gives_average_and_nps_per_project(session, rated):
    report = build_report(session, rated.alice, kind="satisfaction", today=TODAY)
    web = line(report.projects, "WEB")
    assert (web.responses, web.promoters, web.passives, web.detractors) == (3, 1, 1, 1)
    assert web.average == pytest.approx(3.8)
    assert web.nps == 0
    assert report.overall.nps == 25


def test_a_client_contact_sees_the_satisfaction_of_their_own_projects_only(session, rated):
    report = build_report(session, rated.tom, kind="satisfaction", today=TODAY)
    assert [p.name for p in report.projects] == ["WEB"]
    assert report.overall.responses == 3


def test_satisfaction_window_counts_only_feedback_given_inside_it(session, rated):
    report = build_report(session, rated.alice, kind="satisfaction", today=TODAY,
                          start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert report.overall.responses == 0
    assert report.overall.nps is None

