"""One function per chart kind: `draw_<kind>(data, lang) -> Figure`. Called by `bot.charts.render`
inside its style context; every chart of an empty project still says so in words.

Every chart says what it shows: the title names the project, the period (or the day the
counts stand for) and, for money, the currency. Labels never overlap or run off the
picture: task labels are `#<id> <title>` shortened with an ellipsis to a fixed display
width (a CJK character counts two) so the id always survives; milestone names take the
first of three lanes where they collide with nothing; "today" lives in the legend.
"""
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


def _width(text: str) -> int:
    """Display columns: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    """`text` within `limit` display columns, shortened with an ellipsis."""
    if _width(text) <= limit:
        return text
    out = ""
    for c in text:
        if _width(out + c) > limit - 1:
            break
        out += c
    return out + "…"


def task_label(task_id: int, title: str, level: int = 1, limit: int = LABEL_CHARS) -> str:
    """`#14 微信支付对接`: the id first and never cut, the title shortened to fit."""
    head = "  " * (level - 1) + f"#{task_id} "
    return head + _clip(title, max(6, limit - _width(head)))


def _titled(ax, title: str, period: str) -> None:  # type: ignore[no-untyped-def]
    ax.set_title(f"{_clip(title, 70)}\n{period}", loc="left")


def _period(lang: str, start, end) -> str:  # type: ignore[no-untyped-def]
    return _say("chart.period", lang, start=start.isoformat(), end=end.isoformat())


# ---------------------------------------------------------------- Gantt
def draw_gantt(data, lang: str):  # type: ignore[no-untyped-def]
    import matplotlib.dates as mdates

    rows = data.rows
    figure = new_figure(1.8 + 0.36 * (len(rows) + 3))
    ax = figure.add_subplot()
    title = _say("chart.title.gantt", lang, project=data.project, name=data.name)
    if data.pages > 1:
        title += f" ({data.page}/{data.pages})"
    days = [r.start for r in rows] + [r.end for r in rows] + [m.due for m in data.milestones]
    period = _period(lang, min(days + [data.today]), max(days + [data.today]))
    if data.collapsed:
        period += f" · {_say('chart.label.collapsed', lang)}"
    _titled(ax, title, period)
    if not rows and not data.milestones:
        _nothing(ax, lang)
        return figure
    index = {row.task_id: i for i, row in enumerate(rows)}
    for i, row in enumerate(rows):
        _gantt_bar(ax, i, row, mdates)
    for i, row in enumerate(rows):
        for before in row.depends_on:
            _arrow(ax, rows[index[before]], index[before], row, i, mdates)
    labels = [task_label(r.task_id, r.title, r.level) for r in rows]
    ax.set_yticks(range(-1, len(rows)), [_say("chart.label.milestones", lang)] + labels)
    ax.set_ylim(len(rows) - 0.4, -2.4)
    first, last = mdates.date2num(min(days + [data.today])), mdates.date2num(max(days + [data.today]))
    span = max(last - first, 7)
    ax.set_xlim(first - 0.03 * span, last + 1 + 0.18 * span)  # room for "@assignee" on the right
    ax.axvline(mdates.date2num(data.today), color=OVERDUE, linestyle="--", linewidth=1.2)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.grid(axis="x", color="#e5e5e5")
    _status_legend(ax, lang)
    _milestone_lane(ax, data, lang, mdates)
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
    """Diamonds on the milestone row; each name in the first of three lanes above where it
    overlaps no name placed before it (shortened further if none is free)."""
    figure = ax.figure
    placed: list = []
    for m in sorted(data.milestones, key=lambda m: m.due):
        x = mdates.date2num(m.due)
        ax.plot([x], [-1], marker="D", markersize=11, color="#6a1b9a" if m.done else "white",
                markeredgecolor="#6a1b9a", markeredgewidth=2, linestyle="none")
        ax.axvline(x, color="#6a1b9a", linewidth=0.6, alpha=0.4)
        placed.append(_free_label(ax, figure, x, m.name, placed))


def _free_label(ax, figure, x: float, name: str, placed: list):  # type: ignore[no-untyped-def]
    renderer = figure.canvas.get_renderer()
    for limit in (18, 10):
        for lane in (-1.35, -1.75, -2.15):
            text = ax.text(x, lane, _clip(name, limit), ha="center", va="bottom", fontsize=9,
                           color="#6a1b9a")
            box = text.get_window_extent(renderer)
            inside = ax.get_window_extent(renderer)
            if (not any(box.overlaps(p.get_window_extent(renderer)) for p in placed)
                    and inside.x0 <= box.x0 and box.x1 <= inside.x1):
                return text
            text.remove()
    return ax.text(x, -1.35, "◆", ha="center", va="bottom", fontsize=9, color="#6a1b9a")


def _status_legend(ax, lang: str) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=_say(f"status.{s}", lang)) for s, c in STATUS_COLOURS.items()]
    from matplotlib.lines import Line2D

    handles.append(Patch(facecolor="white", edgecolor=OVERDUE, hatch="//",
                         label=_say("chart.label.overdue", lang)))
    handles.append(Line2D([], [], color=OVERDUE, linestyle="--",
                          label=_say("chart.label.today", lang)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=6,
              frameon=False, fontsize=10)


# ---------------------------------------------------------------- Kanban
def draw_kanban(data, lang: str):  # type: ignore[no-untyped-def]
    figure = new_figure(2.0 + 0.5 * max(3, len(data.assignees)))
    ax = figure.add_subplot()
    when = data.today.isoformat() if data.today else "—"
    _titled(ax, _say("chart.title.kanban", lang, project=data.project),
            _say("chart.as_of", lang, day=when))
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
    period = _period(lang, data.days[0], data.days[-1]) if data.days else ""
    _titled(ax, _say("chart.title.burndown", lang, project=data.project), period)
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
    ends = [d for d in (data.plan_days or ()) if d] + list(data.weeks) + [data.today]
    _titled(ax, _say("chart.title.budget", lang, project=data.project, currency=data.currency),
            _period(lang, min(ends), max(ends)))
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
    ax.set_ylabel(data.currency)
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(fontsize=10, loc="upper left")
    return figure


# ---------------------------------------------------------------- utilisation
def draw_utilization(data, lang: str):  # type: ignore[no-untyped-def]
    figure = new_figure(2.2 + 0.55 * max(3, len(data.people)))
    ax = figure.add_subplot()
    _titled(ax, _say("chart.title.utilization", lang, project=data.project),
            _period(lang, data.weeks[0], data.weeks[-1] + timedelta(days=6)))
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
