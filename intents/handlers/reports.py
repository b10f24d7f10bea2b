"""Handlers for insight: management reports as text, charts as an image with a one-line summary.

The chart is drawn by a renderer the edge hands in (`ctx.tools.get("charts")`, an object with
`render(kind, data, *, lang) -> Path`): intents never import `bot/`. Without one, the reply
says so and gives the summary, rather than pretending. Permission checks happen in the
domain functions that gather the numbers, before anything is drawn.
"""
from __future__ import annotations

from typing import Any

from domain.core.errors import Invalid
from intents.conversation.assistant import Context, Reply
from intents.handlers.dispatch import day_slot, slot

CHART_KINDS = ("gantt", "kanban", "burndown", "budget", "utilization")


def handle_report(ctx: Context) -> Reply:
    from domain.insight.reports import REPORT_KINDS, build_report
    from intents.messages.report_text import report_text

    kind = _choice(ctx, "report", REPORT_KINDS, "report.bad_kind")
    report = build_report(ctx.session, ctx.actor, kind=kind, project=slot(ctx, "project"),
                          client=slot(ctx, "client"), start=day_slot(ctx, "start"),
                          end=day_slot(ctx, "end"), today=ctx.today)
    return Reply(report_text(report, ctx.lang))


def handle_chart(ctx: Context) -> Reply:
    kind = _choice(ctx, "chart", CHART_KINDS, "chart.bad_kind")
    code = slot(ctx, "project") or _only_project(ctx)
    data = chart_numbers(ctx, kind, code)
    summary = chart_summary(ctx, kind, data)
    renderer = _renderer(ctx)
    if renderer is None:
        return Reply(ctx.say("chart.no_renderer", summary=summary))
    return Reply(summary, image=renderer.render(kind, data, lang=ctx.lang))


def _choice(ctx: Context, name: str, options: tuple[str, ...], key: str) -> str:
    value = str(slot(ctx, name) or "").strip().lower().replace("utilisation", "utilization")
    if value not in options:
        raise Invalid(key, value=value, options=list(options), choices=", ".join(options),
                      slot=name)
    return value


def _only_project(ctx: Context) -> str:
    from intents.understanding.requirements import my_project_codes

    codes = my_project_codes(ctx.session, ctx.actor)
    if len(codes) == 1:
        return codes[0]
    raise Invalid("chart.need_project", options=codes, slot="project")


def _renderer(ctx: Context) -> Any:
    try:
        return ctx.tools.get("charts")
    except AttributeError:  # a core built without a `charts` tool
        return None


def chart_numbers(ctx: Context, kind: str, code: str) -> Any:
    from domain.insight.charts import numbers_for

    return numbers_for(ctx.session, ctx.actor, kind, project=code, today=ctx.today)


def chart_summary(ctx: Context, kind: str, data: Any) -> str:
    """The one line that goes with the picture (and stands for it without a renderer)."""
    if kind == "gantt":
        page = ctx.say("chart.summary.page", page=data.page, pages=data.pages) if data.pages > 1 else ""
        return ctx.say("chart.summary.gantt", project=data.project, tasks=data.total_tasks,
                       overdue=sum(1 for r in data.rows if r.overdue),
                       milestones=len(data.milestones), page=page)
    if kind == "kanban":
        totals = {s: sum(row[i] for row in data.counts) for i, s in enumerate(data.statuses)}
        return ctx.say("chart.summary.kanban", project=data.project, **totals)
    if kind == "burndown":
        left = data.remaining[-1] if data.remaining else data.total
        ideal = data.ideal[len(data.remaining) - 1] if data.remaining else data.total
        return ctx.say("chart.summary.burndown", project=data.project, remaining=f"{left:g}",
                       total=f"{data.total:g}", ideal=f"{ideal:.0f}")
    if kind == "budget":
        spent = data.spent[-1] if data.spent else 0.0
        forecast = "—" if data.forecast_at_end is None else f"{data.forecast_at_end:,.0f}"
        return ctx.say("chart.summary.budget", project=data.project, spent=f"{spent:,.0f}",
                       budget=f"{data.budget:,.0f}", currency=data.currency, forecast=forecast)
    cells = [v for row in data.pct for v in row if v is not None]
    average = f"{sum(cells) / len(cells):.0f}%" if cells else "—"
    return ctx.say("chart.summary.utilization", project=data.project, weeks=len(data.weeks),
                   people=len(data.people), average=average)
