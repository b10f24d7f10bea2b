"""`pmbot webhook add|list|remove|test|deliveries`: events out to the firm's other systems.

`add` prints the endpoint's id and its signing secret (made up when `--secret` is not
given: it is shown then and by `list --secrets`, since pmbot must keep it to sign).
`test` queues a `webhook.test` event for one endpoint and delivers it at once through the
outbox, like any event; `deliveries` is the log of attempts, newest first.
"""
from __future__ import annotations

import json

import click

from bot.cli.main import db_option, main, now_option, opened, parse_now, user_errors

EVENTS_HELP = ("Comma-separated: milestone.reached, budget.crossed, request.decided, "
               "task.overdue, time.logged.")


@main.group()
def webhook() -> None:
    """Signed webhooks out to other systems (OA, CRM, finance)."""


@webhook.command("add")
@click.argument("url")
@click.option("--events", required=True, metavar="TYPE[,TYPE…]", help=EVENTS_HELP)
@click.option("--secret", default=None, help="The signing secret (default: a new random one).")
@click.option("--json", "as_json", is_flag=True, help="Print the endpoint as one JSON object.")
@now_option
@db_option
@user_errors
def add(url: str, events: str, secret: str | None, as_json: bool, now: str | None,
        db: str | None) -> None:
    """Send the chosen events to URL, signed with the secret."""
    from domain.core.store import unit_of_work
    from domain.notices.webhooks import add_endpoint

    with opened(db) as app, unit_of_work(app.engine) as session:
        row = add_endpoint(session, url=url, events=events, secret=secret, now=parse_now(now))
        shown = {"id": row.id, "url": row.url, "events": row.events, "secret": row.secret}
    if as_json:
        click.echo(json.dumps(shown))
        return
    click.echo(f"webhook {shown['id']} → {shown['url']} ({','.join(row.events)})")
    click.echo(f"secret: {shown['secret']}")


@webhook.command("list")
@click.option("--all", "with_removed", is_flag=True, help="Include removed endpoints.")
@click.option("--secrets", is_flag=True, help="Show the signing secrets too.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per endpoint.")
@db_option
def list_(with_removed: bool, secrets: bool, as_json: bool, db: str | None) -> None:
    """Every endpoint: id, URL, events, state."""
    from sqlmodel import Session

    from domain.notices.webhooks import list_endpoints

    with opened(db) as app, Session(app.engine) as session:
        rows = list_endpoints(session, with_removed=with_removed)
    for row in rows:
        state = f"removed {row.removed_at:%Y-%m-%d}" if row.removed_at else "active"
        if as_json:
            shown = {"id": row.id, "url": row.url, "events": row.events, "state": state,
                     "created_at": row.created_at.isoformat()}
            click.echo(json.dumps(shown | ({"secret": row.secret} if secrets else {})))
            continue
        tail = f"\t{row.secret}" if secrets else ""
        click.echo(f"{row.id}\t{row.url}\t{','.join(row.events)}\t{state}{tail}")


@webhook.command("remove")
@click.argument("endpoint_id", type=int)
@now_option
@db_option
@user_errors
def remove(endpoint_id: int, now: str | None, db: str | None) -> None:
    """Stop sending to an endpoint (what is still queued for it is given up)."""
    from domain.core.store import unit_of_work
    from domain.notices.webhooks import remove_endpoint

    with opened(db) as app, unit_of_work(app.engine) as session:
        remove_endpoint(session, endpoint_id, now=parse_now(now))
    click.echo(f"webhook {endpoint_id} removed", err=True)


@webhook.command("test")
@click.argument("endpoint_id", type=int)
@now_option
@db_option
@user_errors
def test(endpoint_id: int, now: str | None, db: str | None) -> None:
    """Send a signed `webhook.test` event to one endpoint now; exit 1 if it was not taken."""
    from bot.outbound.delivery import DeliveryWorker
    from bot.outbound.webhooks import WebhookSender
    from domain.core.store import unit_of_work
    from domain.notices.webhooks import TEST_EVENT, deliveries, emit, event_id

    moment = parse_now(now)
    key = f"{TEST_EVENT}:{endpoint_id}:{moment.isoformat()}"
    with opened(db) as app:
        with unit_of_work(app.engine) as session:
            emit(session, event_type=TEST_EVENT, key=key, endpoint_id=endpoint_id, now=moment,
                 data={"endpoint": endpoint_id, "message": "pmbot webhook test"})
        sender = WebhookSender(app.engine)
        try:
            DeliveryWorker(app.engine, {"webhook": sender}, clock=lambda: moment).drain()
        finally:
            sender.close()
        with unit_of_work(app.engine) as session:
            tried = [d for d in deliveries(session, endpoint_id=endpoint_id, limit=200)
                     if d.event_id == event_id(key)]
    if not tried:
        raise click.ClickException("the test event was not sent")
    last = tried[0]
    outcome = f"HTTP {last.status_code}" if last.status_code is not None else last.error
    click.echo(f"webhook {endpoint_id}: {outcome} in {last.duration_ms} ms")
    if last.status_code is None or not 200 <= last.status_code < 300:
        raise SystemExit(1)


@webhook.command("deliveries")
@click.option("--endpoint", "endpoint_id", type=int, default=None, help="Only this endpoint.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per attempt.")
@db_option
def deliveries_(endpoint_id: int | None, limit: int, as_json: bool, db: str | None) -> None:
    """The delivery log: every attempt, newest first."""
    from sqlmodel import Session

    from domain.notices.webhooks import deliveries

    with opened(db) as app, Session(app.engine) as session:
        rows = deliveries(session, endpoint_id=endpoint_id, limit=limit)
    for row in rows:
        shown = {"id": row.id, "endpoint": row.endpoint_id, "event_id": row.event_id,
                 "type": row.event_type, "attempt": row.attempt, "status": row.status_code,
                 "error": row.error, "duration_ms": row.duration_ms, "at": row.at.isoformat()}
        if as_json:
            click.echo(json.dumps(shown))
            continue
        outcome = str(row.status_code) if row.status_code is not None else (row.error or "-")
        click.echo(f"{row.at:%Y-%m-%d %H:%M:%S}\t{row.endpoint_id}\t{row.event_type}\t"
                   f"{row.event_id}\t#{row.attempt}\t{outcome}\t{row.duration_ms} ms")
