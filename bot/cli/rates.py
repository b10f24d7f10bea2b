"""`pmbot rates`: the exchange rates money is converted at (CONTRACT.md, "Money").

    pmbot rates set CUR RATE --from DATE [--as HANDLE] [--now ISO]
    pmbot rates list [--json]

RATE is how many units of the base currency one unit of CUR is worth, from DATE on (until
the next rate of CUR). Setting a rate for an existing date corrects it. Without `--as` the
command runs with the operator's (admin) rights, like `pmbot import`.
"""
from __future__ import annotations

import json
from datetime import date

import click

from bot.cli.main import db_option, main, now_option, opened, parse_now, user_errors


@main.group()
def rates() -> None:
    """Exchange rates into the firm's base currency."""


@rates.command("set")
@click.argument("currency")
@click.argument("rate", type=float)
@click.option("--from", "start", required=True, metavar="DATE",
              help="The first day the rate is in force (YYYY-MM-DD).")
@click.option("--as", "handle", default=None, metavar="HANDLE", help="Act as this person.")
@now_option
@db_option
@user_errors
def set_(currency: str, rate: float, start: str, handle: str | None, now: str | None,
        db: str | None) -> None:
    """Record that 1 CURRENCY = RATE units of the base currency from --from on."""
    from domain.core.actors import actor_for_handle, system_actor
    from domain.core.store import unit_of_work
    from domain.money.currency import base_currency, set_rate

    try:
        first = date.fromisoformat(start)
    except ValueError as error:
        raise click.BadParameter(f"not a YYYY-MM-DD date: {start!r}", param_hint="--from") from error
    with opened(db) as app, unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, handle) if handle else system_actor()
        row = set_rate(session, actor, currency=currency, rate=rate, valid_from=first,
                       now=parse_now(now))
        base = base_currency(session)
        click.echo(f"1 {row.currency} = {row.rate:g} {base} from {row.valid_from.isoformat()}")


@rates.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: base and rates.")
@db_option
@user_errors
def list_(as_json: bool, db: str | None) -> None:
    """The base currency and every rate, with the dates it is in force."""
    from sqlmodel import Session

    from domain.money.currency import base_currency, list_rates

    with opened(db) as app, Session(app.engine) as session:
        base, periods = base_currency(session), list_rates(session)
    if as_json:
        click.echo(json.dumps({"base_currency": base, "rates": [
            {"currency": p.currency, "rate": p.rate, "from": p.start.isoformat(),
             "to": p.end.isoformat() if p.end else None} for p in periods]}, indent=2))
        return
    click.echo(f"base currency: {base}")
    for p in periods:
        until = p.end.isoformat() if p.end else "…"
        click.echo(f"1 {p.currency} = {p.rate:g} {base}  {p.start.isoformat()} – {until}")
    if not periods:
        click.echo("no exchange rates yet: pmbot rates set USD 7.2 --from 2026-01-01")
