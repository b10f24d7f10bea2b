"""Property tests: on any workspace, a figure shown in two places is the same number.

Hypothesis draws small firms (projects in CNY, USD or EUR; people costed in the base
currency; rates changing on random days; tasks, hours and expenses in any currency) and
checks that status, budget, earned value, the burn chart, the profit report, the burndown
and the utilisation report and chart agree with one another.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

import domain.core.models  # noqa: F401  (tables)
from domain.core.actors import system_actor
from domain.insight.charts.data import burndown_data
from domain.insight.charts.series import budget_burn_data, utilisation_grid
from domain.insight.reports import build_report
from domain.insight.status import project_status
from domain.money.budget import budget_status
from domain.workspace.importing import import_workspace

TODAY = date(2026, 11, 27)
MONDAY = TODAY - timedelta(days=TODAY.weekday())
FIRST = MONDAY - timedelta(weeks=7)  # the utilisation chart's 8 weeks start here
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
CURRENCIES = ["CNY", "USD", "EUR"]
ADMIN = system_actor()

days = st.integers(min_value=0, max_value=(TODAY - FIRST).days).map(lambda n: FIRST + timedelta(days=n))


@st.composite
def firms(draw):  # type: ignore[no-untyped-def]
    people = [{"handle": f"p{i}", "name": f"P {i}", "hourly_cost": draw(st.integers(50, 800)),
               "weekly_capacity_hours": draw(st.sampled_from([20, 32, 40]))}
              for i in range(draw(st.integers(1, 3)))]
    rates = []
    for cur in ("USD", "EUR"):
        starts = sorted(draw(st.sets(days, max_size=2)) | {date(2025, 1, 1)})
        rates += [{"currency": cur, "rate": draw(st.floats(0.5, 12).map(lambda r: round(r, 3))),
                   "from": d.isoformat()} for d in starts]
    projects = []
    for i in range(draw(st.integers(1, 3))):
        start = draw(days)
        end = start + timedelta(days=draw(st.integers(1, 120)))
        tasks = [{"title": f"t{j}", "estimate_hours": draw(st.one_of(st.none(), st.integers(1, 40))),
                  **({"status": "done", "done_on": draw(st.dates(start, TODAY)).isoformat()}
                     if start <= TODAY and draw(st.booleans())
                     else {"progress": draw(st.one_of(st.none(), st.integers(0, 99)))})}
                 for j in range(draw(st.integers(0, 5)))]
        projects.append({"code": f"P{i}", "name": f"Project {i}", "client": draw(st.sampled_from(["A", "B"])),
                         "currency": draw(st.sampled_from(CURRENCIES)), "budget": draw(st.integers(0, 90000)),
                         "hourly_rate": draw(st.integers(0, 900)), "start": start.isoformat(),
                         "end": end.isoformat(), "members": [p["handle"] for p in people],
                         "tasks": tasks})
    codes = [p["code"] for p in projects]
    entries = [{"person": draw(st.sampled_from(people))["handle"], "project": draw(st.sampled_from(codes)),
                "date": draw(days).isoformat(), "hours": draw(st.integers(1, 8))}
               for _ in range(draw(st.integers(0, 12)))]
    expenses = [{"project": draw(st.sampled_from(codes)), "date": draw(days).isoformat(),
                 "amount": draw(st.integers(1, 5000)), "currency": draw(st.sampled_from(CURRENCIES))}
                for _ in range(draw(st.integers(0, 4)))]
    return {"firm": {"name": "F", "base_currency": "CNY"}, "exchange_rates": rates,
            "people": people, "clients": [{"name": "A"}, {"name": "B"}], "projects": projects,
            "time_entries": entries, "expenses": expenses}


def loaded(data):  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})
    SQLModel.metadata.create_all(engine)
    session = Session(engine)
    import_workspace(session, data, now=NOW)
    session.commit()
    return session


# no shrinking: each example builds a database, and a failure prints its whole workspace
SETTINGS = settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(firms())
def test_spend_is_the_same_in_status_budget_earned_value_burn_chart_and_profit(data):
    session = loaded(data)
    profit = {p.code: p for p in build_report(session, ADMIN, kind="profit", today=TODAY).projects}
    variance = {v.project: v for v in build_report(session, ADMIN, kind="variance",
                                                   today=TODAY).projects}
    for code, line in profit.items():
        status = project_status(session, ADMIN, project=code, today=TODAY)
        budget = budget_status(session, ADMIN, project=code, today=TODAY)
        burn = budget_burn_data(session, ADMIN, project=code, today=TODAY)
        assert status.spent == pytest.approx(line.cost)
        assert budget.spent == pytest.approx(line.cost)
        assert variance[code].ac == pytest.approx(line.cost)
        assert (burn.spent[-1] if burn.spent else 0.0) == pytest.approx(line.cost)


@SETTINGS
@given(firms())
def test_a_client_line_is_the_sum_of_its_projects_in_base(data):
    report = build_report(loaded(data), ADMIN, kind="profit", today=TODAY)
    for client in report.clients:
        mine = [p for p in report.projects if p.client == client.client]
        assert client.revenue == pytest.approx(sum(p.revenue_base for p in mine))
        assert client.cost == pytest.approx(sum(p.cost_base for p in mine))
        assert client.margin == pytest.approx(sum(p.margin_base for p in mine))
        for p in mine:
            if p.currency == "CNY":
                assert (p.revenue_base, p.cost_base) == (pytest.approx(p.revenue), pytest.approx(p.cost))


@SETTINGS
@given(firms())
def test_progress_and_planned_share_agree_with_the_burndown(data):
    session = loaded(data)
    variance = {v.project: v for v in build_report(session, ADMIN, kind="variance",
                                                   today=TODAY).projects}
    for p in data["projects"]:
        status = project_status(session, ADMIN, project=p["code"], today=TODAY)
        burn = burndown_data(session, ADMIN, project=p["code"], today=TODAY)
        if not p["tasks"]:
            assert status.progress_pct is None
            continue
        done = burn.total - burn.remaining[-1] if burn.remaining else 0.0
        assert status.estimated_hours == pytest.approx(burn.total)
        assert status.estimated_hours_done == pytest.approx(done)
        assert status.progress_pct == pytest.approx(100 * done / burn.total)
        assert variance[p["code"]].earned_pct == pytest.approx(status.progress_pct)
        on_line = min(TODAY, burn.days[-1])
        ideal = burn.ideal[burn.days.index(on_line)]
        assert variance[p["code"]].planned_pct == pytest.approx(100 * (1 - ideal / burn.total))


@SETTINGS
@given(firms())
def test_the_utilisation_chart_weeks_add_up_to_the_utilisation_report(data):
    session = loaded(data)
    report = build_report(session, ADMIN, kind="utilization", today=TODAY, start=FIRST,
                          end=MONDAY + timedelta(days=6))
    people = {p["handle"]: p for p in data["people"]}
    for project in data["projects"]:
        grid = utilisation_grid(session, ADMIN, project=project["code"], today=TODAY)
        for handle, weeks in zip(grid.people, grid.pct, strict=True):
            line = next(u for u in report.people if u.person == handle)
            weekly = people[handle]["weekly_capacity_hours"]
            seen = sum((v or 0) * weekly / 100 for v in weeks)  # weeks the chart shows
            assert seen <= line.logged_hours + 1e-6
            if all(v is not None for v in weeks):
                assert seen == pytest.approx(line.logged_hours)
