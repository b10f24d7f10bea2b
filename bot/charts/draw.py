"""One function per chart kind: `draw_<kind>(data, lang) -> Figure`. Called by `bot.charts.render`
inside its style context; every chart of an empty project still says so in words."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.charts.render import new_figure
from intents.messages import render

STATUS_COLOURS = {"todo": "#9aa5b1", "in_progress": "#2f80ed", "blocked": "#f2994a",
                  "done": "#27ae60"}
OVERDUE = "#d62728"
LABEL_CHARS = 30


def _say(key: str, lang: str, **params: Any) -> str:
    return render(key, lang, **params)


def _nothing(ax, lang: str) -> None:  # type: ignore[no-untyped-def]
    ax.text(0.5, 0.5, _say("chart.label.no_data", lang), ha="center", va="center",
            fontsize=16, color="#555555", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- Gantt
def draw_gantt(data, lang: str):  # type: ignore[no-untyped-def]
    import matplotlib.dates as mdates

    rows = data.rows
    figure = new_figure(1.6 + 0.36 * (len(rows) + 2))
    ax = figure.add_subplot()
    title = _say("chart.title.gantt", lang, project=data.project, name=data.name)
    if data.pages > 1:
        title += f" ({data.page}/{data.pages})"
    if data.collapsed:
        title += f"\n{_say('chart.label.collapsed', lang)}"
    ax.set_title(title, loc="left")
    if not rows and not data.milestones:
        _nothing(ax, lang)
        return figure
    index = {row.task_id: i for i, row in enumerate(rows)}
    for i, row in enumerate(rows):
        _gantt_bar(ax, i, row, mdates)
    for i, row in enumerate(rows):
        for before in row.depends_on:
            _arrow(ax, rows[index[before]], index[before], row, i, mdates)
    _milestone_lane(ax, data, lang, mdates)
    labels = [("  " * (r.level - 1)) + f"{r.wbs} {_clip(r.title)}" for r in rows]
    ax.set_yticks(range(-1, len(rows)), [_say("chart.label.milestones", lang)] + labels)
    ax.set_ylim(len(rows) - 0.4, -1.8)
    today = mdates.date2num(data.today)
    ax.axvline(today, color=OVERDUE, linestyle="--", linewidth=1.2)
    ax.text(today, -1.75, " " + _say("chart.label.today", lang), color=OVERDUE, va="top", fontsize=10)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.grid(axis="x", color="#e5e5e5")
    _status_legend(ax, lang)
    return figure


def _gantt_bar(ax, i: int, row, mdates) -> None:  # type: ignore[no-untyped-def]
    start = mdates.date2num(row.start)
    width = mdates.date2num(row.end + timedelta(days=1)) - start
    colour = STATUS_COLOURS.get(row.status, "#9aa5b1")
    ax.barh(i, width, left=start, height=0.6 if not row.summary else 0.4, color=colour,
            edgecolor=OVERDUE if row.overdue else "none", linewidth=2 if row.overdue else 0,
            hatch="//" if row.overdue else None)
    if row.assignee:
        ax.text(start + width, i, f" @{row.assignee}", va="center", fontsize=9, color="#444444")


def _arrow(ax, before, j: int, after, i: int, mdates) -> None:  # type: ignore[no-untyped-def]
    x0 = mdates.date2num(before.end + timedelta(days=1))
    x1 = mdates.date2num(after.start)
    ax.annotate("", xy=(x1, i), xytext=(x0, j),
                arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.9,
                            "connectionstyle": "angle,angleA=0,angleB=90,rad=0"
                            if x1 > x0 else "arc3,rad=0.3"})


def _milestone_lane(ax, data, lang: str, mdates) -> None:  # type: ignore[no-untyped-def]
    for k, m in enumerate(data.milestones):
        x = mdates.date2num(m.due)
        ax.plot([x], [-1], marker="D", markersize=11, color="#6a1b9a" if m.done else "white",
                markeredgecolor="#6a1b9a", markeredgewidth=2, linestyle="none")
        ax.text(x, -1.3 - 0.25 * (k % 2), _clip(m.name, 18), ha="center", va="bottom",
                fontsize=9, color="#6a1b9a")
        ax.axvline(x, color="#6a1b9a", linewidth=0.6, alpha=0.4)


def _status_legend(ax, lang: str) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=_say(f"status.{s}", lang)) for s, c in STATUS_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor=OVERDUE, hatch="//",
                         label=_say("chart.label.overdue", lang)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=5,
              frameon=False, fontsize=10)


# ---------------------------------------------------------------- Kanban
def draw_kanban(data, lang: str):  # type: ignore[no-untyped-def]
    figure = new_figure(2.0 + 0.5 * max(3, len(data.assignees)))
    ax = figure.add_subplot()
    ax.set_title(_say("chart.title.kanban", lang, project=data.project), loc="left")
    if not data.total:
        _nothing(ax, lang)
        return figure
    people = [f"@{h}" if h != "—" else "—" for h in data.assignees]
    left = [0] * len(people)
    for k, status in enumerate(data.statuses):
        counts = [row[k] for row in data.counts]
        bars = ax.barh(people, counts, left=left, color=STATUS_COLOURS[status],
                       label=_say(f"status.{status}", lang))
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], label_type="center",
                     color="white", fontsize=11)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel(_say("chart.label.tasks", lang))
    ax.legend(loc="lower right", fontsize=10)
    return figure


# ---------------------------------------------------------------- burndown
def draw_burndown(data, lang: str):  # type: ignore[no-untyped-def]
    figure = new_figure(5.5)
    ax = figure.add_subplot()
    ax.set_title(_say("chart.title.burndown", lang, project=data.project), loc="left")
    if not data.total or not data.days:
        _nothing(ax, lang)
        return figure
    ax.plot(data.days, data.ideal, linestyle="--", color="#9aa5b1", label=_say("chart.label.ideal", lang))
    ax.plot(data.days[: len(data.remaining)], data.remaining, color="#2f80ed", linewidth=2.5,
            label=_say("chart.label.actual", lang))
    _today(ax, data.today, lang)
    ax.set_ylabel(_say("chart.label.remaining", lang))
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(fontsize=10)
    return figure


# ---------------------------------------------------------------- budget
def draw_budget(data, lang: str):  # type: ignore[no-untyped-def]
    figure = new_figure(5.5)
    ax = figure.add_subplot()
    ax.set_title(_say("chart.title.budget", lang, project=data.project, currency=data.currency),
                 loc="left")
    if not data.weeks and not data.budget:
        _nothing(ax, lang)
        return figure
    if data.weeks:
        ax.plot(data.weeks, data.spent, color="#2f80ed", linewidth=2.5, marker="o", markersize=3,
                label=_say("chart.label.spent", lang))
    if data.plan_days and data.budget:
        ax.plot(list(data.plan_days), [0, data.budget], linestyle="--", color="#9aa5b1",
                label=_say("chart.label.plan", lang))
    if data.budget:
        ax.axhline(data.budget, color="#333333", linewidth=1, label=_say("chart.label.budget", lang))
    if data.forecast_at_end is not None and data.plan_days and data.spent:
        ax.plot([data.weeks[-1], data.plan_days[1]], [data.spent[-1], data.forecast_at_end],
                linestyle=":", linewidth=2, color=OVERDUE, label=_say("chart.label.forecast", lang))
    _today(ax, data.today, lang)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(fontsize=10, loc="upper left")
    return figure


# ---------------------------------------------------------------- utilisation
def draw_utilization(data, lang: str):  # type: ignore[no-untyped-def]
    figure = new_figure(2.2 + 0.55 * max(3, len(data.people)))
    ax = figure.add_subplot()
    ax.set_title(_say("chart.title.utilization", lang, project=data.project), loc="left")
    if not data.people:
        _nothing(ax, lang)
        return figure
    from matplotlib.colors import TwoSlopeNorm

    values = [[v if v is not None else float("nan") for v in row] for row in data.pct]
    # diverging around 100 %: idle people (blue) stand out as much as over-booked ones (red)
    norm = TwoSlopeNorm(vmin=0, vcenter=100, vmax=200)
    image = ax.imshow(values, cmap="RdBu_r", norm=norm, aspect="auto")
    for i, (row, share) in enumerate(zip(data.pct, data.project_pct, strict=True)):
        for j, (v, mine) in enumerate(zip(row, share, strict=True)):
            text = "—" if v is None else f"{v:.0f}" + ("" if mine is None else f"\n({mine:.0f})")
            ax.text(j, i, text, ha="center", va="center", fontsize=9)
    ax.set_yticks(range(len(data.people)), [f"@{p}" for p in data.people])
    ax.set_xticks(range(len(data.weeks)), [w.strftime("%m-%d") for w in data.weeks])
    ax.set_xlabel(_say("chart.label.week_share", lang, project=data.project))
    figure.colorbar(image, ax=ax, shrink=0.8, label=_say("chart.label.utilisation_pct", lang))
    return figure


def _today(ax, today, lang: str) -> None:  # type: ignore[no-untyped-def]
    ax.axvline(today, color=OVERDUE, linestyle="--", linewidth=1.2,
               label=_say("chart.label.today", lang))


def _date_axis(ax) -> None:  # type: ignore[no-untyped-def]
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.grid(color="#eeeeee")
