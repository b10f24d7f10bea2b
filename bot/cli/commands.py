"""The data commands of `pmbot`: import, export, demo, parse, audit, forget."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.cli.main import as_option, db_option, main, now_option, opened, parse_now, user_errors


@main.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@db_option
@now_option
@user_errors
def import_(file: Path, db: str | None, now: str | None) -> None:
    """Load a workspace from JSON, YAML, XLSX or CSV; all-or-nothing."""
    from bot.files.workspace import import_file
    from domain.core.store import unit_of_work

    with opened(db, create=True) as app, unit_of_work(app.engine) as session:
        summary = import_file(session, file, now=parse_now(now))
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.as_dict().items() if n)
    click.echo(f"imported {file.name}: {counts}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", "xlsx", "csv"]), default="json")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@db_option
def export(fmt: str, output: Path | None, db: str | None) -> None:
    """Dump the whole workspace in the import format (stdout unless -o)."""
    from sqlmodel import Session

    from bot.files.workspace import write_workspace_file
    from domain.workspace.export import export_workspace

    with opened(db) as app, Session(app.engine) as session:
        data = export_workspace(session)
    if output is None:
        if fmt in ("xlsx", "csv"):
            raise click.UsageError(f"{fmt} needs -o FILE (a folder for csv)")
        click.echo(_dumps(data, fmt))
        return
    write_workspace_file(data, output, fmt)
    click.echo(f"wrote {output}", err=True)


def _dumps(data: dict, fmt: str) -> str:
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@main.command()
@db_option
@click.option("--no-chat", is_flag=True, help="Only seed the workspace; do not open the chat.")
@click.option("--as", "handle", default=None, metavar="HANDLE", help="Chat as this person.")
@now_option
@user_errors
def demo(db: str | None, no_chat: bool, handle: str | None, now: str | None) -> None:
    """Seed a realistic bilingual demo workspace and open the console chat."""
    from bot.demo.run import seed_demo

    with opened(db, create=True) as app:
        first = seed_demo(app.engine, now=parse_now(now))
        if no_chat:
            return
        from bot.console import run_console

        run_console(app, handle or first, now=parse_now(now) if now else None)


@main.command()
@click.option("--as", "handle", default=None, metavar="HANDLE",
              help="Speak as this person or contact (with --batch, a line's \"as\" wins).")
@now_option
@click.option("--batch", is_flag=True, help="Read one message per line on stdin.")
@click.argument("text", required=False)
@db_option
@user_errors
def parse(handle: str | None, now: str | None, batch: bool, text: str | None,
          db: str | None) -> None:
    """Print the understood intent as JSON; writes nothing."""
    from sqlmodel import Session

    from intents.understanding.parse import parse_lines

    if not batch and not text:
        raise click.UsageError("give TEXT or --batch")
    if not batch and not handle:
        raise click.UsageError("Missing option '--as'.")
    lines = sys.stdin if batch else [json.dumps({"text": text})]
    with opened(db) as app, Session(app.engine) as session:
        if not batch:  # one message: an unknown speaker is a user error (exit 1), not a line
            from domain.core.actors import actor_for_handle

            actor_for_handle(session, handle)
        for result in parse_lines(session, lines, default_as=handle, default_now=parse_now(now),
                                  default_timezone=app.settings.timezone):
            click.echo(json.dumps(result, ensure_ascii=False))


@main.group()
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command()
@db_option
def verify(db: str | None) -> None:
    """Walk the hash chain; exit 1 naming the first broken event."""
    from sqlmodel import Session

    from domain.core.audit import verify as verify_chain

    with opened(db) as app, Session(app.engine) as session:
        report = verify_chain(session)
    if report.ok:
        click.echo(f"audit chain intact: {report.events} events, head {report.head}")
        return
    click.echo(f"audit chain broken at event #{report.broken_seq} (id {report.broken_id}): "
               f"{report.problem}; {report.events} events before it verify", err=True)
    sys.exit(1)


@main.command()
@click.argument("handle")
@click.option("--as", "actor_handle", default=None, metavar="HANDLE",
              help="The admin carrying out the erasure (default: the system).")
@now_option
@db_option
@user_errors
def forget(handle: str, actor_handle: str | None, now: str | None, db: str | None) -> None:
    """Erase a person's or contact's personal data (GDPR), keeping anonymous aggregates."""
    from domain.core.actors import actor_for_handle, system_actor
    from domain.core.store import unit_of_work
    from domain.people.privacy import forget as forget_person

    with opened(db) as app, unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, actor_handle) if actor_handle else system_actor()
        forget_person(session, actor, handle=handle, now=parse_now(now))
    click.echo(f"forgot {handle}")


@main.command()
@as_option
@now_option
@click.argument("text")
@db_option
@user_errors
def say(handle: str, now: str | None, text: str, db: str | None) -> None:
    """Send one message as HANDLE and print the bot's reply (exit 0 even for error replies)."""
    from bot.console import say_once

    with opened(db) as app:
        click.echo(say_once(app, handle, text, now=parse_now(now)))


@main.command()
@as_option
@now_option
@db_option
@user_errors
def chat(handle: str, now: str | None, db: str | None) -> None:
    """Interactive console chat with the bot."""
    from bot.console import run_console

    with opened(db) as app:
        run_console(app, handle, now=parse_now(now) if now else None)


@main.command()
@click.argument("handle")
@now_option
@db_option
@user_errors
def invite(handle: str, now: str | None, db: str | None) -> None:
    """Print a one-time code that links a chat account to HANDLE (valid 7 days)."""
    from domain.core.actors import system_actor
    from domain.core.store import unit_of_work
    from domain.people.linking import create_invite

    with opened(db) as app, unit_of_work(app.engine) as session:
        code = create_invite(session, system_actor(), handle=handle, now=parse_now(now))
    click.echo(code)
    click.echo(f"Send it within 7 days: 'link {code}' in a Slack DM to pmbot, or "
               f"'/start {code}' to the Telegram bot. It works once.", err=True)
