"""`pmbot notify --json`: one object per notification, naming where it goes."""
import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from bot.cli.main import main
from domain.core.models import Approval, ChatIdentity

FRIDAY_6PM = "2026-11-27T18:00:00+08:00"


@pytest.fixture
def notify(db_url, world, session):
    def run(*args: str):
        result = CliRunner().invoke(main, ["notify", "--now", FRIDAY_6PM, "--json", *args,
                                           "--db", db_url])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.output.splitlines()]
    return run


def test_a_recipient_without_a_linked_account_is_listed_with_platform_none(notify):
    lin = next(n for n in notify("--dry-run") if n["recipient"] == "lin")
    assert (lin["kind"], lin["platform"], lin["platforms"]) == ("hours_reminder", "none", [])


def test_a_notice_to_someone_on_two_platforms_is_listed_once_naming_both(notify, session, world):
    session.add(ChatIdentity(platform="telegram", external_id="702", person_id=world.bob.id))
    session.add(ChatIdentity(platform="slack", external_id="UBOB", person_id=world.bob.id))
    session.add(Approval(kind="overtime", requested_by_id=world.lin.id, approver_id=world.bob.id,
                         project_id=world.web.id,
                         created_at=datetime.fromisoformat(FRIDAY_6PM)))
    session.commit()
    asks = [n for n in notify() if n["kind"] == "approval_request"]
    assert [(n["recipient"], n["platform"], n["platforms"]) for n in asks] == [
        ("bob", "slack,telegram", ["slack", "telegram"])]


def test_a_dry_run_queues_nothing(notify):
    assert notify("--dry-run") == notify("--dry-run") != []
