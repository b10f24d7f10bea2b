"""Money in several currencies, on a world whose every figure is worked out by hand below.

Firm Bluepeak, base CNY. Rates: USD 7.0 from 2026-01-01, 8.0 from 2026-11-15; EUR 8.4.
Pacific (client) has two projects:

  USW (USD, 100 USD/h)  lin (200 CNY/h) 7 h on 11-10 → 1 400 CNY ÷ 7 = 200 USD
                        bob (400 CNY/h) 4 h on 11-20 → 1 600 CNY ÷ 8 = 200 USD
                        expense 100 EUR on 11-20 → 840 CNY ÷ 8 = 105 USD
      revenue 11 h × 100 = 1 100 USD; cost 400 + 105 = 505; margin 595 USD (54.09 %)
      in CNY: revenue 7×100×7 + 4×100×8 = 8 100; cost 1 400 + 1 600 + 840 = 3 840
  PCN (CNY, 500 CNY/h)  lin 2 h on 11-20 → cost 400, revenue 1 000

  Pacific (CNY) = revenue 9 100, cost 4 240, margin 4 860 (53.41 %)
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from sqlmodel import select

from bot.cli.main import main
from domain.core.actors import actor_for_handle, system_actor
from domain.core.errors import Forbidden, Invalid
from domain.core.models import ExchangeRate, Firm
from domain.insight.reports import build_report
from domain.insight.status import project_status
from domain.money.budget import budget_status
from domain.money.currency import MissingRate, base_currency, list_rates, set_rate
from domain.workspace.export import export_workspace
from domain.workspace.importing import import_workspace
from intents.messages.errors import render_error

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def workspace(**extra):  # type: ignore[no-untyped-def]
    people = [{"handle": "lin", "name": "林芳", "hourly_cost": 200},
              {"handle": "bob", "name": "Bob Li", "role": "pm", "hourly_cost": 400},
              {"handle": "ann", "name": "Ann Admin", "role": "admin"}]
    projects = [
        {"code": "USW", "name": "US web", "client": "Pacific", "manager": "bob",
         "members": ["lin", "bob"], "currency": "USD", "hourly_rate": 100, "budget": 5000},
        {"code": "PCN", "name": "China web", "client": "Pacific", "manager": "bob",
         "members": ["lin"], "currency": "CNY", "hourly_rate": 500}]
    return {
        "firm": {"name": "Bluepeak Digital", "base_currency": "CNY"},
        "exchange_rates": [{"currency": "USD", "rate": 7.0, "from": "2026-01-01"},
                           {"currency": "USD", "rate": 8.0, "from": "2026-11-15"},
                           {"currency": "EUR", "rate": 8.4, "from": "2026-01-01"}],
        "people": people, "clients": [{"name": "Pacific"}], "projects": projects,
        "time_entries": [{"person": "lin", "project": "USW", "date": "2026-11-10", "hours": 7},
                         {"person": "bob", "project": "USW", "date": "2026-11-20", "hours": 4},
                         {"person": "lin", "project": "PCN", "date": "2026-11-20", "hours": 2}],
        "expenses": [{"project": "USW", "date": "2026-11-20", "amount": 100, "currency": "EUR",
                      "category": "travel"}],
        **extra,
    }


@pytest.fixture
def firm(session):  # type: ignore[no-untyped-def]
    import_workspace(session, workspace(), now=NOW)
    session.commit()
    return session


def profit(session, **kw):  # type: ignore[no-untyped-def]
    return build_report(session, system_actor(), kind="profit", today=TODAY, **kw)


def test_a_usd_project_staffed_by_cny_costed_people_pays_each_day_at_that_days_rate(firm):
    usw = next(p for p in profit(firm).projects if p.code == "USW")
    assert (usw.currency, usw.revenue, usw.labour_cost) == ("USD", 1100, pytest.approx(400))
    assert usw.expense_cost == pytest.approx(105)
    assert usw.margin == pytest.approx(595)
    assert usw.margin_pct == pytest.approx(100 * 595 / 1100)


def test_an_expense_in_a_third_currency_is_converted_through_the_base(firm):
    budget = budget_status(firm, system_actor(), project="USW", today=TODAY)
    assert dict(budget.expenses_by_category)["travel"] == pytest.approx(105)
    assert budget.spent == pytest.approx(505)


def test_status_budget_and_profit_agree_on_what_a_project_spent(firm):
    status = project_status(firm, actor_for_handle(firm, "bob"), project="USW", today=TODAY)
    usw = next(p for p in profit(firm).projects if p.code == "USW")
    assert status.spent == pytest.approx(usw.cost)


def test_a_client_line_is_its_projects_converted_to_base_and_summed(firm):
    report = profit(firm)
    (pacific,) = report.clients
    assert (pacific.currency, pacific.revenue) == ("CNY", pytest.approx(9100))
    assert (pacific.cost, pacific.margin) == (pytest.approx(4240), pytest.approx(4860))
    assert pacific.revenue == pytest.approx(sum(p.revenue_base for p in report.projects))
    assert pacific.margin == pytest.approx(sum(p.margin_base for p in report.projects))


def test_a_project_scope_scopes_the_client_line_too(firm):
    (pacific,) = profit(firm, project="PCN").clients
    assert (pacific.projects, pacific.revenue, pacific.cost) == (("PCN",), 1000, 400)


def test_a_missing_rate_is_refused_naming_the_currency_and_the_day(firm):
    import_workspace(firm, {"time_entries": [
        {"person": "lin", "project": "USW", "date": "2025-12-01", "hours": 1}]}, now=NOW)
    firm.commit()
    with pytest.raises(MissingRate) as error:
        profit(firm)
    assert (error.value.params["currency"], error.value.params["day"]) == ("USD", "2025-12-01")
    english, chinese = render_error(error.value, "en"), render_error(error.value, "zh")
    assert "USD" in english and "2025-12-01" in english and "rates set USD" in english
    assert "USD" in chinese and "2025-12-01" in chinese and "汇率" in chinese


def test_a_workspace_without_a_firm_takes_the_most_common_project_currency_as_base(session):
    data = workspace()
    del data["firm"]
    data["projects"].append({"code": "EUX", "name": "Euro", "currency": "EUR"})
    data["projects"].append({"code": "EUY", "name": "Euro 2", "currency": "EUR"})
    data["exchange_rates"] = [{"currency": "USD", "rate": 0.9, "from": "2026-01-01"}]
    import_workspace(session, {**data, "expenses": []}, now=NOW)
    session.commit()
    assert base_currency(session) == "EUR"


def test_setting_a_rate_adds_a_period_and_resetting_the_same_day_corrects_it(firm):
    admin = actor_for_handle(firm, "ann")
    set_rate(firm, admin, currency="usd", rate=7.5, valid_from=date(2026, 12, 1), now=NOW)
    set_rate(firm, admin, currency="USD", rate=7.25, valid_from=date(2026, 12, 1), now=NOW)
    usd = [(p.rate, p.start, p.end) for p in list_rates(firm) if p.currency == "USD"]
    assert usd == [(7.0, date(2026, 1, 1), date(2026, 11, 14)),
                   (8.0, date(2026, 11, 15), date(2026, 11, 30)), (7.25, date(2026, 12, 1), None)]


@pytest.mark.parametrize(("currency", "rate", "key"), [
    ("CNY", 1.1, "money.rate_of_base"), ("dollars", 7, "money.bad_currency"),
    ("USD", 0, "money.bad_rate"), ("USD", -3, "money.bad_rate")])
def test_a_bad_rate_is_refused_and_nothing_is_written(firm, currency, rate, key):
    with pytest.raises(Invalid) as error:
        set_rate(firm, system_actor(), currency=currency, rate=rate, valid_from=TODAY, now=NOW)
    assert error.value.key == key
    assert len(firm.exec(select(ExchangeRate)).all()) == 3


def test_only_an_admin_sets_rates(firm):
    with pytest.raises(Forbidden):
        set_rate(firm, actor_for_handle(firm, "bob"), currency="USD", rate=7, valid_from=TODAY,
                 now=NOW)


def test_firm_and_rates_survive_export_and_import(firm, session):
    data = export_workspace(firm)
    assert data["firm"] == {"name": "Bluepeak Digital", "base_currency": "CNY"}
    assert data["exchange_rates"][1] == {"currency": "USD", "rate": 8.0, "from": "2026-11-15"}


def test_an_import_cannot_change_the_stores_base_currency(firm):
    with pytest.raises(Invalid) as error:
        import_workspace(firm, {"firm": {"name": "Other", "base_currency": "USD"}}, now=NOW)
    assert error.value.params["place"] == "firm"
    assert firm.exec(select(Firm.base_currency)).all() == ["CNY"]


def test_pmbot_rates_set_and_list_and_a_missing_rate_exits_1(db_url, firm):
    run = CliRunner().invoke
    out = run(main, ["rates", "set", "GBP", "9.1", "--from", "2026-06-01", "--db", db_url])
    assert out.exit_code == 0, out.output
    assert out.output.strip() == "1 GBP = 9.1 CNY from 2026-06-01"
    listed = run(main, ["rates", "list", "--db", db_url])
    assert "base currency: CNY" in listed.output and "1 USD = 8 CNY  2026-11-15 – …" in listed.output
    import_workspace(firm, {"expenses": [{"project": "PCN", "date": "2026-05-01", "amount": 5,
                                          "currency": "GBP"}]}, now=NOW)
    firm.commit()
    failed = run(main, ["report", "profit", "--format", "json", "--db", db_url])
    assert failed.exit_code == 1 and "GBP" in failed.output and "2026-05-01" in failed.output
