from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import Approval, AuditEvent, Expense
from domain.money.expenses import approved_expenses, log_expense
from domain.requests.approvals import decide

TODAY = date(2026, 11, 27)


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def rows_written(session) -> tuple[int, int, int]:
    return count(session, Expense), count(session, Approval), count(session, AuditEvent)


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("alice", None),  # admin, on no project
        ("bob", None),  # manager
        ("lin", None),  # member
        ("dave", NotFound),  # not on WEB: the project stays invisible
        ("tom", Forbidden),  # contact of WEB's client: reads, never spends
        ("gina", NotFound),  # contact of another client
    ],
)
def test_who_may_log_an_expense_on_web(session, world, now, who, outcome):
    actor = getattr(world, who)
    if outcome is None:
        expense = log_expense(session, actor, project="WEB", amount=120, day=TODAY, now=now)
        assert expense.id is not None
    else:
        with pytest.raises(outcome):
            log_expense(session, actor, project="WEB", amount=120, day=TODAY, now=now)
        assert rows_written(session) == (0, 0, 0)


def test_a_small_expense_is_approved_at_once_and_audited(session, world, now):
    expense = log_expense(
        session,
        world.lin,
        project="WEB",
        amount=300,
        day=TODAY,
        category="travel",
        note="taxi to Acme",
        now=now,
    )
    assert expense.approval_id is None
    assert (expense.person_id, expense.category, expense.note) == (
        world.lin.id,
        "travel",
        "taxi to Acme",
    )
    event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.entity_id) == ("expense.log", str(expense.id))
    assert event.payload["before"] is None and event.payload["after"]["amount"] == 300


def test_an_expense_defaults_to_the_project_currency_and_category_other(session, world, now):
    expense = log_expense(session, world.dave, project="GLX", amount=80, day=TODAY, now=now)
    assert (expense.currency, expense.category) == ("EUR", "other")


def test_a_lowercase_currency_code_is_understood(session, world, now):
    expense = log_expense(
        session, world.lin, project="WEB", amount=80, day=TODAY, currency="cny", now=now
    )
    assert expense.currency == "CNY"


def test_a_large_expense_waits_for_the_projects_manager(session, world, now):
    expense = log_expense(session, world.lin, project="WEB", amount=8000, day=TODAY, now=now)
    approval = session.get(Approval, expense.approval_id)
    assert (approval.kind, approval.status, approval.approver_id) == (
        "expense",
        "pending",
        world.bob.id,
    )
    assert approval.requested_by_id == world.lin.id


def test_the_managers_own_large_expense_goes_to_an_admin(session, world, now):
    expense = log_expense(session, world.bob, project="WEB", amount=8000, day=TODAY, now=now)
    assert session.get(Approval, expense.approval_id).approver_id == world.alice.id


def test_an_expense_of_exactly_the_threshold_needs_no_approval(session, world, now):
    expense = log_expense(session, world.lin, project="WEB", amount=5000, day=TODAY, now=now)
    assert expense.approval_id is None


def test_an_expense_in_a_foreign_currency_goes_to_the_manager(session, world, now):
    expense = log_expense(
        session, world.lin, project="WEB", amount=50, currency="USD", day=TODAY, now=now
    )
    assert session.get(Approval, expense.approval_id).approver_id == world.bob.id


@pytest.mark.parametrize("amount", [-50, 0, float("nan"), True])
def test_an_amount_that_is_not_above_zero_is_refused_and_nothing_is_written(
    session, world, now, amount
):
    with pytest.raises(Invalid) as caught:
        log_expense(session, world.lin, project="WEB", amount=amount, day=TODAY, now=now)
    assert caught.value.key == "expense.bad_amount"
    assert rows_written(session) == (0, 0, 0)


@pytest.mark.parametrize("currency", ["EURO", "€", "U1D"])
def test_a_currency_that_is_not_an_iso_code_is_refused(session, world, now, currency):
    with pytest.raises(Invalid) as caught:
        log_expense(
            session, world.lin, project="WEB", amount=10, currency=currency, day=TODAY, now=now
        )
    assert caught.value.key == "expense.bad_currency"
    assert rows_written(session) == (0, 0, 0)


def test_a_category_outside_the_closed_set_is_refused_with_the_choices(session, world, now):
    with pytest.raises(Invalid) as caught:
        log_expense(
            session, world.lin, project="WEB", amount=10, category="lunch", day=TODAY, now=now
        )
    assert caught.value.key == "expense.bad_category"
    assert "travel" in caught.value.params["options"]
    assert rows_written(session) == (0, 0, 0)


def test_an_expense_dated_tomorrow_is_refused(session, world, now):
    with pytest.raises(Invalid) as caught:
        log_expense(session, world.lin, project="WEB", amount=10, day=date(2026, 11, 28), now=now)
    assert caught.value.key == "expense.future_day"
    assert rows_written(session) == (0, 0, 0)


def test_tomorrow_is_judged_in_the_spenders_own_timezone(session, world, now):
    late_evening_utc = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # 04:00 on the 28th in Shanghai
    expense = log_expense(
        session, world.lin, project="WEB", amount=10, day=date(2026, 11, 28), now=late_evening_utc
    )
    assert expense.day == date(2026, 11, 28)
    with pytest.raises(Invalid):  # still the 27th in Berlin
        log_expense(
            session,
            world.dave,
            project="GLX",
            amount=10,
            day=date(2026, 11, 28),
            now=late_evening_utc,
        )


def test_only_approved_expenses_count_towards_spend(session, world, now):
    log_expense(session, world.lin, project="WEB", amount=100, day=TODAY, now=now)
    approved = log_expense(session, world.lin, project="WEB", amount=6000, day=TODAY, now=now)
    rejected = log_expense(session, world.lin, project="WEB", amount=7000, day=TODAY, now=now)
    log_expense(session, world.lin, project="WEB", amount=9000, day=TODAY, now=now)
    decide(session, world.bob, decision="approve", request=approved.approval_id, now=now)
    decide(session, world.bob, decision="reject", request=rejected.approval_id, now=now)
    total = session.exec(select(func.sum(Expense.amount)).where(approved_expenses())).one()
    assert total == 6100
