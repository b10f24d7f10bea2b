"""`pmbot chart` and `pmbot report`: the insight of the chat, as files for scripts and finance.

    pmbot chart KIND PROJECT -o FILE.png [--as HANDLE] [--now ISO] [--page N] [--lang en|zh]
    pmbot report KIND [--project CODE] [--client NAME] [--from DATE] [--to DATE]
                      [--format text|json|xlsx] [-o FILE] [--as HANDLE] [--now ISO]

Without `--as` the command runs with the operator's (admin) rights, like `pmbot export`;
with it, exactly what that person may see. Errors: exit 1 with the sentence on stderr.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from bot.cli.main import db_option, main, now_option, opened, parse_now, user_errors

CHART_KINDS = ["gantt", "kanban", "burndown", "budget", "utilization"]
REPORT_KINDS = ["profit", "variance", "utilization", "satisfaction", "risk"]


def _actor(session: Any, handle: str | None) -> Any:
    from domain.core.actors import actor_for_handle, system_actor

    return actor_for_handle(session, handle) if handle else system_actor()


def _day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"not a YYYY-MM-DD date: {value!r}", param_hint=flag) from error


@main.command()
@click.argument("kind", type=click.Choice(CHART_KINDS, case_sensitive=False))
@click.argument("project")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--as", "handle", default=None, metavar="HANDLE", help="Draw as this person.")
@click.option("--page", type=int, default=1, show_default=True, help="Gantt page.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Labels' language (default: the person's).")
@now_option
@db_option
@user_errors
def chart(kind: str, project: str, output: Path, handle: str | None, page: int,
          lang: str | None, now: str | None, db: str | None) -> None:
    """Render a chart (gantt, kanban, burndown, budget, utilization) to a PNG."""
    from sqlmodel import Session

    from bot.charts.render import render_chart
    from domain.core.actors import local_today
    from domain.insight.charts import numbers_for

    moment = parse_now(now)
    with opened(db) as app, Session(app.engine) as session:
        actor = _actor(session, handle)
        data = numbers_for(session, actor, kind.lower(), project=project,
                          today=local_today(actor, moment), page=page)
    render_chart(kind.lower(), data, output, lang=lang or actor.language or "en")
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("kind", type=click.Choice(REPORT_KINDS + ["utilisation"], case_sensitive=False))
@click.option("--project", default=None, metavar="CODE")
@click.option("--client", default=None, metavar="NAME")
@click.option("--from", "start", default=None, metavar="DATE")
@click.option("--to", "end", default=None, metavar="DATE")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--as", "handle", default=None, metavar="HANDLE", help="Report as this person.")
@now_option
@db_option
@user_errors
def report(kind: str, project: str | None, client: str | None, start: str | None,
           end: str | None, fmt: str, output: Path | None, handle: str | None,
           now: str | None, db: str | None) -> None:
    """A management report (profit, variance, utilization, satisfaction, risk)."""
    from sqlmodel import Session

    from domain.core.actors import local_today
    from domain.insight.reports import build_report

    if fmt == "xlsx" and output is None:
        raise click.UsageError("xlsx needs -o FILE")
    first, last, moment = _day(start, "--from"), _day(end, "--to"), parse_now(now)
    with opened(db) as app, Session(app.engine) as session:
        actor = _actor(session, handle)
        result = build_report(session, actor, kind=kind, project=project, client=client,
                              start=first, end=last, today=local_today(actor, moment))
    _write(result, fmt, output, actor.language or "en")


def _write(result: Any, fmt: str, output: Path | None, lang: str) -> None:
    from bot.files.reports import report_dict, write_xlsx
    from domain.insight.reports import RiskReport

    if isinstance(result, RiskReport) and fmt != "text":
        from intents.messages.report_text import risk_rows

        result = {"status_date": result.status_date.isoformat(),
                  "milestones": risk_rows(result, lang)}  # plain already: dicts pass as they are
    if fmt == "xlsx":
        assert output is not None
        write_xlsx(result, output)
        click.echo(f"wrote {output}", err=True)
        return
    if fmt == "json":
        text = json.dumps(report_dict(result), ensure_ascii=False, indent=2, default=str)
    else:
        from intents.messages.report_text import report_text

        text = report_text(result, lang, limit=None)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
