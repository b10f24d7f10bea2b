"""`pmbot webhook add|list|remove|test|deliveries` against a receiver on loopback."""
import json

from click.testing import CliRunner
from sqlmodel import Session, select

from bot.cli.main import main
from domain.core.models import WebhookEndpoint
from tests.bot.outbound.webhook_receiver import WebhookReceiver

NOW = "2026-11-27T10:00:00+08:00"


def run(db_url, *args):
    return CliRunner().invoke(main, ["webhook", *args, "--db", db_url])


def test_an_endpoint_is_added_tested_logged_and_removed(db_url, engine):
    with WebhookReceiver("whsec_cli-secret") as receiver:
        added = run(db_url, "add", receiver.url, "--events", "time.logged,milestone.reached",
                    "--secret", "whsec_cli-secret", "--json", "--now", NOW)
        assert added.exit_code == 0, added.output
        hook = json.loads(added.output)
        assert hook["events"] == ["milestone.reached", "time.logged"]
        tested = run(db_url, "test", str(hook["id"]))
        assert tested.exit_code == 0, tested.output
        assert "HTTP 200" in tested.output
        [got] = receiver.received
        assert got.signed_ok and got.event["type"] == "webhook.test"
    log = run(db_url, "deliveries", "--json")
    [attempt] = [json.loads(line) for line in log.output.splitlines()]
    assert (attempt["endpoint"], attempt["status"], attempt["type"]) == (
        hook["id"], 200, "webhook.test")
    listed = run(db_url, "list")
    assert receiver.url in listed.output and "whsec_cli-secret" not in listed.output
    assert run(db_url, "remove", str(hook["id"])).exit_code == 0
    assert run(db_url, "list").output == ""


def test_a_test_to_an_endpoint_that_fails_exits_1(db_url, engine):
    with WebhookReceiver("whsec_cli-secret", answers=[500]) as receiver:
        hook = json.loads(run(db_url, "add", receiver.url, "--events", "time.logged", "--secret",
                              "whsec_cli-secret",
                              "--json").output)
        tested = run(db_url, "test", str(hook["id"]))
    assert tested.exit_code == 1 and "HTTP 500" in tested.output


def test_an_unknown_event_or_url_is_refused_and_nothing_is_written(db_url, engine):
    bad_event = run(db_url, "add", "https://crm.example/hook", "--events", "time.loged")
    bad_url = run(db_url, "add", "crm.example/hook", "--events", "time.logged")
    assert (bad_event.exit_code, bad_url.exit_code) == (1, 1)
    assert "time.loged" in bad_event.output and "time.logged" in bad_event.output
    assert "crm.example/hook" in bad_url.output
    with Session(engine) as session:
        assert session.exec(select(WebhookEndpoint)).all() == []
    assert run(db_url, "remove", "42").exit_code == 1
