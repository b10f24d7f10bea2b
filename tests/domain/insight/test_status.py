"""Project status, portfolio and budget, with every number worked out by hand below.

WEB on Friday 2026-11-27 (week Mon 23 .. Sun 29), budget 100 000 CNY, 1 Nov .. 31 Dec:

  task          estimate  status       due     weight  done weight
  Login page       10     in_progress  30 Nov    10
  Design           20     done                   20       20
  API              30     todo         20 Nov    30                 overdue
  Docs              -     done         10 Nov     1        1        (no estimate: 1 h)
  Payments        100     todo                    -                 (has subtasks: not weighed)
    Stripe          5     done                    5        5
    Refunds         5     todo         26 Nov     5                 overdue
  progress = 26 / 71 = 36.62 %, 7 tasks, 3 done, 2 overdue

  hours: lin (200/h) 8 h Mon 23 + 4 h Fri 27; bob (400/h) 2 h Tue 24 + 5 h Fri 20 (last week)
  this week 14 h, total 19 h, labour cost 12×200 + 7×400 = 5 200
  expenses: travel 1 000 (no approval), software 500 (approved) → 1 500 counted;
            procurement 700 pending, other 300 and travel 50 USD rejected: not counted
            (conversion of foreign-currency expenses: tests/domain/money/test_currency.py)
  spent 6 700, burn 6.7 %; forecast 6 700 × 61 days / 27 days elapsed = 15 137.04
"""

from datetime import date

import pytest
from sqlmodel import select

from domain.core.errors import Forbidden, NotFound
from domain.core.models import (
    Approval,
    AuditEvent,
    ExchangeRate,
    Expense,
    Milestone,
    Project,
    Task,
    TimeEntry,
)
from domain.insight.status import ClientStatus, ProjectStatus, portfolio_status, project_status
from domain.money.budget import budget_status, linear_forecast

TODAY = date(2026, 11, 27)


@pytest.fixture
def web(session, world, now):
    w = world
    tasks = [
        ("Design", 20, "done", None),
        ("API", 30, "todo", date(2026, 11, 20)),
        ("Docs", None, "done", date(2026, 11, 10)),
        ("Payments", 100, "todo", None),
    ]
    rows = {
        t: Task(project_id=w.web.id, title=t, estimate_hours=e, status=s, due=d)
        for t, e, s, d in tasks
    }
    session.add_all(rows.values())
    session.flush()
    session.add_all(
        [
            Task(
                project_id=w.web.id,
                title="Stripe",
                estimate_hours=5,
                status="done",
                parent_id=rows["Payments"].id,
            ),
            Task(
                project_id=w.web.id,
                title="Refunds",
                estimate_hours=5,
                status="todo",
                due=date(2026, 11, 26),
                parent_id=rows["Payments"].id,
            ),
            Milestone(project_id=w.web.id, name="Kickoff", due=date(2026, 11, 5), done=True),
            Milestone(project_id=w.web.id, name="Launch", due=None),
        ]
    )
    for person, day, hours in [
        (w.lin, date(2026, 11, 23), 8),
        (w.lin, TODAY, 4),
        (w.bob, date(2026, 11, 24), 2),
        (w.bob, date(2026, 11, 20), 5),
        (w.dave, date(2026, 11, 25), 3),
    ]:
        project = w.glx if person is w.dave else w.web
        session.add(TimeEntry(person_id=person.id, project_id=project.id, day=day, hours=hours))
    _expenses(session, w, now)
    session.add(ExchangeRate(currency="EUR", rate=7.5, valid_from=date(2026, 1, 1)))
    session.commit()
    return w


def _expenses(session, w, now):
    def approval(status):
        row = Approval(kind="expense", status=status, created_at=now, project_id=w.web.id)
        session.add(row)
        session.flush()
        return row.id

    for amount, currency, category, state in [
        (1000, "CNY", "travel", None),
        (500, "CNY", "software", "approved"),
        (700, "CNY", "procurement", "pending"),
        (300, "CNY", "other", "rejected"),
        (50, "USD", "travel", "rejected"),
    ]:
        session.add(
            Expense(
                project_id=w.web.id,
                day=TODAY,
                amount=amount,
                currency=currency,
                category=category,
                approval_id=approval(state) if state else None,
            )
        )
    session.add(
        Expense(project_id=w.glx.id, day=TODAY, amount=999, currency="EUR", category="travel")
    )


# ---------------------------------------------------------------- one project
def test_progress_weighs_tasks_by_estimate(session, web):
    status = project_status(session, web.bob, project="WEB", today=TODAY)
    assert isinstance(status, ProjectStatus)
    assert status.progress_pct == pytest.approx(100 * 26 / 71)
    assert (status.tasks_total, status.tasks_done) == (7, 3)


def test_overdue_counts_open_tasks_due_before_today(session, web):
    assert project_status(session, web.bob, project="WEB", today=TODAY).overdue_tasks == 2


def test_the_next_milestone_is_the_earliest_open_one(session, web):
    status = project_status(session, web.bob, project="WEB", today=TODAY)
    assert (status.next_milestone.name, status.next_milestone.due) == (
        "Internal review",
        date(2026, 12, 1),
    )


def test_hours_this_week_run_monday_to_sunday(session, web):
    status = project_status(session, web.bob, project="WEB", today=TODAY)
    assert (status.week_start, status.week_end) == (date(2026, 11, 23), date(2026, 11, 29))
    assert (status.hours_this_week, status.hours_total) == (14, 19)


def test_burn_is_labour_cost_plus_counted_expenses_over_budget(session, web):
    status = project_status(session, web.bob, project="WEB", today=TODAY)
    assert (status.labour_cost, status.expenses, status.spent) == (5200, 1500, 6700)
    assert status.burn_pct == pytest.approx(6.7)


def test_a_project_without_tasks_or_budget_has_no_progress_and_no_burn(session, world):
    bare = Project(code="NEW", name="New thing", manager_id=world.bob.id)
    session.add(bare)
    session.commit()
    status = project_status(session, world.bob, project="NEW", today=TODAY)
    assert (status.progress_pct, status.burn_pct, status.next_milestone, status.spent) == (
        None,
        None,
        None,
        0,
    )


def test_reading_a_status_writes_nothing(session, web):
    project_status(session, web.bob, project="WEB", today=TODAY)
    assert session.exec(select(AuditEvent)).all() == []


# ---------------------------------------------------------------- the client's view
def test_a_client_sees_progress_and_only_client_visible_milestones(session, web):
    status = project_status(session, web.tom, project="WEB", today=TODAY)
    assert isinstance(status, ClientStatus)
    assert status.progress_pct == pytest.approx(100 * 26 / 71)
    assert status.next_milestone.name == "Beta"


def test_a_client_sees_no_money_unless_the_project_shares_its_budget(session, web):
    status = project_status(session, web.tom, project="WEB", today=TODAY)
    assert (status.budget, status.spent, status.burn_pct) == (None, None, None)


def test_a_client_sees_the_burn_when_the_project_shares_its_budget(session, web):
    web.web.client_sees_budget = True
    session.add(web.web)
    session.commit()
    status = project_status(session, web.tom, project="WEB", today=TODAY)
    assert (status.currency, status.budget, status.spent) == ("CNY", 100000, 6700)


def test_another_clients_project_is_not_found(session, web):
    with pytest.raises(NotFound):
        project_status(session, web.gina, project="WEB", today=TODAY)


# ---------------------------------------------------------------- portfolio
def test_a_portfolio_lists_every_active_project_the_actor_sees(session, web):
    closed = Project(code="OLD", name="Old site", manager_id=web.bob.id, status="closed")
    session.add(closed)
    session.commit()
    statuses = portfolio_status(session, web.bob, today=TODAY)
    assert [s.project for s in statuses] == ["GLX", "WEB"]


def test_a_portfolio_gives_each_project_its_own_numbers(session, web):
    by_code = {s.project: s for s in portfolio_status(session, web.alice, today=TODAY)}
    assert by_code["WEB"].spent == 6700 and by_code["WEB"].overdue_tasks == 2
    assert (by_code["GLX"].hours_total, by_code["GLX"].spent, by_code["GLX"].progress_pct) == (
        3,
        3 * 300 / 7.5 + 999,  # dave's cost is in CNY, the base; 1 EUR = 7.5 CNY
        None,
    )


def test_a_members_portfolio_holds_only_their_projects(session, web):
    assert [s.project for s in portfolio_status(session, web.lin, today=TODAY)] == ["WEB"]


def test_a_clients_portfolio_holds_client_views_of_their_projects(session, web):
    statuses = portfolio_status(session, web.gina, today=TODAY)
    assert [(type(s), s.project) for s in statuses] == [(ClientStatus, "GLX")]


def test_someone_on_no_project_has_an_empty_portfolio(session, world):
    from domain.core.actors import from_person
    from tests.factories import person

    nobody = from_person(person(session, "nora", "Nora"))
    assert portfolio_status(session, nobody, today=TODAY) == []


# ---------------------------------------------------------------- budget
def test_budget_status_splits_spend_by_category(session, web):
    budget = budget_status(session, web.bob, project="WEB", today=TODAY)
    assert dict(budget.expenses_by_category) == {
        "labor": 0,
        "travel": 1000,
        "procurement": 0,
        "software": 500,
        "other": 0,
    }
    assert (budget.labour_hours, budget.labour_cost, budget.spent, budget.remaining) == (
        19,
        5200,
        6700,
        93300,
    )


def test_budget_status_reports_pending_expenses_apart(session, web):
    budget = budget_status(session, web.bob, project="WEB", today=TODAY)
    assert budget.pending_expenses == 700


def test_budget_forecast_extends_the_spend_linearly_to_the_end_date(session, web):
    budget = budget_status(session, web.bob, project="WEB", today=TODAY)
    assert budget.forecast_at_end == pytest.approx(6700 * 61 / 27)
    assert budget.forecast_burn_pct == pytest.approx(6700 * 61 / 27 / 1000)


def test_budget_names_the_highest_threshold_crossed(session, web):
    web.web.budget = 7000
    session.add(web.web)
    session.commit()
    budget = budget_status(session, web.bob, project="WEB", today=TODAY)
    assert (round(budget.burn_pct, 1), budget.crossed_threshold) == (95.7, 90)


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 10, 1), 100.0),  # before the start: only what is spent
        (date(2026, 11, 1), 6100.0),  # first day: 1 of 61 days
        (date(2027, 1, 15), 100.0),  # after the end: what was spent
    ],
)
def test_the_forecast_at_the_edges_of_the_project(today, expected):
    assert linear_forecast(100.0, date(2026, 11, 1), date(2026, 12, 31), today) == pytest.approx(
        expected
    )


def test_a_project_without_dates_has_no_forecast():
    assert linear_forecast(100.0, None, date(2026, 12, 31), TODAY) is None


def test_a_client_cannot_read_the_budget_even_when_shared(session, web):
    web.web.client_sees_budget = True
    session.add(web.web)
    session.commit()
    with pytest.raises(Forbidden) as error:
        budget_status(session, web.tom, project="WEB", today=TODAY)
    assert error.value.key == "forbidden.client_internal"


def _statements(engine, call) -> int:
    """How many SQL statements a call sends to the database."""
    from sqlalchemy import event

    sent = []

    def count(*_args):
        sent.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def test_a_portfolio_asks_the_same_few_questions_however_many_projects_it_holds(
    session, engine, web
):
    few = _statements(engine, lambda: portfolio_status(session, web.alice, today=TODAY))
    for n in range(20):
        session.add(Project(code=f"P{n}", name=f"Project {n}", budget=1000))
    session.commit()
    many = _statements(engine, lambda: portfolio_status(session, web.alice, today=TODAY))
    assert len(portfolio_status(session, web.alice, today=TODAY)) == 22
    assert many == few <= 7  # tasks, milestones, hours, partners (one probe), expenses, …
