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
@click.option("--head", "expected_head", default=None, metavar="SEQ:HASH",
              help="A head kept elsewhere (`pmbot audit head`): the chain must still reach it.")
@click.option("--data/--no-data", default=True, show_default=True,
              help="Also compare the business rows with their last audited state.")
@db_option
def verify(expected_head: str | None, data: bool, db: str | None) -> None:
    """Walk the hash chain; exit 1 naming the first broken event (or edited row)."""
    from sqlmodel import Session

    from domain.core.audit import verify as verify_chain

    if expected_head is not None and not _is_head(expected_head):
        raise click.BadParameter("write it as SEQ:HASH, as `pmbot audit head` prints it",
                                 param_hint="--head")
    with opened(db) as app, Session(app.engine) as session:
        report = verify_chain(session, expected_head=expected_head)
        drift = _data_drift(session) if data and report.ok else []
    if not report.ok:
        where = f"event #{report.broken_seq}" + (f" (id {report.broken_id})" if report.broken_id else "")
        click.echo(f"audit chain broken at {where}: {report.problem}; "
                   f"{report.events} events before it verify", err=True)
        sys.exit(1)
    if drift:
        for line in drift:
            click.echo(f"edited outside pmbot: {line}", err=True)
        sys.exit(1)
    click.echo(f"audit chain intact: {report.events} events, head {report.events}:{report.head}")


def _is_head(value: str) -> bool:
    seq, _, digest = value.partition(":")
    return seq.isdigit() and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)


def _data_drift(session: object) -> list[str]:
    from domain.core.row_states import drift

    return [f"{d.table} #{d.row_id} field {d.field}" for d in drift(session)]  # type: ignore[arg-type]


@audit.command("head")
@db_option
def audit_head(db: str | None) -> None:
    """Print the chain's head as SEQ:HASH, to keep somewhere pmbot cannot write."""
    from sqlmodel import Session

    from domain.core.audit import head

    with opened(db) as app, Session(app.engine) as session:
        click.echo(head(session))


@main.command()
@click.argument("handle")
@click.option("--as", "actor_handle", default=None, metavar="HANDLE",
              help="The admin carrying out the erasure (default: the system).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@now_option
@db_option
@user_errors
def forget(handle: str, actor_handle: str | None, yes: bool, now: str | None, db: str | None) -> None:
    """Erase a person's or contact's personal data (GDPR), keeping anonymous aggregates.

    Shows what will be removed and asks first (unless --yes).
    """
    from domain.core.actors import actor_for_handle, system_actor
    from domain.core.store import unit_of_work
    from domain.people.privacy import erasure_plan
    from domain.people.privacy import forget as forget_person

    with opened(db) as app, unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, actor_handle) if actor_handle else system_actor()
        plan = erasure_plan(session, actor, handle=handle)
        click.echo(f"forgetting {handle} removes their name, handle, e-mail, chat accounts and "
                   "the notes they wrote, seals their audit entries, and removes:", err=True)
        for line in plan.lines() or ["nothing else"]:
            click.echo(f"  {line}", err=True)
        if not yes and not _confirmed():
            raise click.ClickException("nothing was erased")
        forget_person(session, actor, handle=handle, now=parse_now(now))
    click.echo(f"forgot {handle}")


def _confirmed() -> bool:
    """Ask on a terminal; a piped answer counts too ("n" keeps everything). A script with
    nothing on stdin is not asked (the contract's `pmbot forget HANDLE` still erases)."""
    if sys.stdin.isatty():
        return click.confirm("Erase for good?", default=False, err=True)
    click.echo("Erase for good? [y/N]: ", nl=False, err=True)
    answer = sys.stdin.readline()
    if answer == "":
        click.echo("(no one to ask: erasing)", err=True)
        return True
    return answer.strip().lower() in ("y", "yes", "是", "确认")


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
