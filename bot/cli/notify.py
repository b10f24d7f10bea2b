"""`pmbot notify [--now ISO] [--dry-run] [--json]`: one tick by hand.

Without `--dry-run` the new notices are queued in the outbox and delivered at once to every
configured platform (what is held by quiet hours, or not deliverable now, waits for
`pmbot serve`). `--json` prints one object per notification (as the contract says): the
recipient's handle, `platform` — the platform(s) it goes to, comma-separated
("slack,telegram"), or "none" when the recipient has no linked chat account — and
`platforms` (the same as a list, empty for none), `kind`, `subject`, `text`. With
PMBOT_SMTP_URL set, `email` is a platform: for recipients without a chat account, or who
prefer e-mail.
"""
from __future__ import annotations

import json
from typing import Any

import click

from bot.cli.main import db_option, main, now_option, opened, parse_now, user_errors


@main.command()
@now_option
@click.option("--dry-run", is_flag=True, help="Only list what would be sent; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per notification.")
@db_option
@user_errors
def notify(now: str | None, dry_run: bool, as_json: bool, db: str | None) -> None:
    """Compute and send (or only list) the notifications due now."""
    from bot.outbound.scheduler import tick

    moment = parse_now(now)
    with opened(db) as app:
        rows = tick(app.engine, moment, default_timezone=app.settings.timezone, dry_run=dry_run,
                    with_risk=True, with_email=bool(app.settings.smtp_url),
                    portal_url=app.settings.public_url)
        delivered = 0 if dry_run else _deliver(app, moment)
    notices = per_notification(rows)
    for notice in notices:
        if as_json:
            click.echo(json.dumps(notice, ensure_ascii=False))
        else:
            click.echo(f"{notice['kind']:<20} @{notice['recipient']:<12} {notice['platform']:<14} "
                       f"{notice['subject']}")
    if not as_json:
        verb = "would be queued" if dry_run else f"queued, {delivered} delivered"
        click.echo(f"{len(notices)} notification(s) {verb}", err=True)


def per_notification(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The outbox rows (one per chat account) folded into one entry per notification."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault((row["dedup_key"].rpartition("@")[0], row["handle"]), {
            "recipient": row["handle"], "platform": "none", "platforms": [],
            "kind": row["kind"], "subject": row["subject"], "text": row["text"]})
        if row["platform"] and row["platform"] not in entry["platforms"]:
            entry["platforms"] = sorted([*entry["platforms"], row["platform"]])
            entry["platform"] = ",".join(entry["platforms"])
    return list(found.values())


def _deliver(app, moment) -> int:  # type: ignore[no-untyped-def]
    from bot.outbound.delivery import DeliveryWorker, senders_from

    senders = senders_from(app.settings, app.engine)
    if not senders:
        return 0
    worker = DeliveryWorker(app.engine, senders, clock=lambda: moment)
    try:
        return worker.drain(max_rounds=50)
    finally:
        for sender in senders.values():
            close = getattr(sender, "close", None)
            if close:
                close()
