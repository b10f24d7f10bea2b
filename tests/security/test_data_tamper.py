"""Finding 6: tamper evidence for the data. `audit verify` compares the business rows with
their last audited state (imported rows included) and names table, row and field edited
behind pmbot's back; `audit head` + `verify --head` catch a chain whose tail was cut."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.cli.main import main
from domain.core.actors import actor_for_handle
from domain.core.store import unit_of_work
from domain.money.expenses import log_expense
from domain.work.tasks import update_task
from tests.security.conftest import NOW


@pytest.fixture
def worked(firm, now):  # type: ignore[no-untyped-def]
    """The imported firm plus writes made through pmbot (audited one by one)."""
    with unit_of_work(firm) as session:
        mei = actor_for_handle(session, "mei")
        log_expense(session, mei, amount=120, project="NW-PORTAL", category="travel",
                    day=now.date(), now=now)
        update_task(session, mei, task=1, status="blocked", now=now)
    return firm


def verify(db_url: str, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["audit", "verify", *extra, "--db", db_url])


def _edit(engine, sql: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(text(sql))


def test_an_untouched_workspace_verifies(worked, db_url):  # type: ignore[no-untyped-def]
    result = verify(db_url)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("sql, named", [
    ("UPDATE expense SET amount = 99999 WHERE id = 1", "expense #1 field amount"),
    ("UPDATE time_entry SET hours = 16 WHERE id = 1", "time_entry #1 field hours"),
    ("UPDATE task SET status = 'done' WHERE id = 1", "task #1 field status"),
    ("UPDATE person SET hourly_cost = 1 WHERE handle = 'sam'", "person #3 field hourly_cost"),
    ("DELETE FROM time_entry WHERE id = 2", "time_entry #2 field (deleted)"),
], ids=["expense amount", "imported hours", "task status", "hourly cost", "deleted row"])
def test_a_value_edited_in_the_database_is_named_by_table_row_and_field(
        worked, db_url, sql, named):  # type: ignore[no-untyped-def]
    _edit(worked, sql)
    result = verify(db_url)
    assert result.exit_code == 1 and named in result.output, result.output


def test_audit_head_prints_seq_and_hash(worked, db_url):  # type: ignore[no-untyped-def]
    head = CliRunner().invoke(main, ["audit", "head", "--db", db_url]).output.strip()
    seq, _, digest = head.partition(":")
    assert seq == "3" and len(digest) == 64


def test_a_cut_tail_passes_alone_but_is_caught_against_the_kept_head(worked, db_url, now):  # type: ignore[no-untyped-def]
    kept = CliRunner().invoke(main, ["audit", "head", "--db", db_url]).output.strip()
    _edit(worked, "DELETE FROM audit_event WHERE seq >= 2")
    assert verify(db_url, "--no-data").exit_code == 0  # what a chain alone cannot see
    result = verify(db_url, "--no-data", "--head", kept)
    assert result.exit_code == 1 and "event #3" in result.output and "truncated" in result.output


def test_a_malformed_head_is_a_usage_error(worked, db_url):  # type: ignore[no-untyped-def]
    assert verify(db_url, "--head", "nonsense").exit_code == 2


def test_say_writes_keep_the_data_verifiable(worked, db_url):  # type: ignore[no-untyped-def]
    said = CliRunner().invoke(main, ["say", "--as", "sam", "--now", NOW, "log 2h on NW-PORTAL today",
                                     "--db", db_url])
    assert said.exit_code == 0
    assert verify(db_url).exit_code == 0
