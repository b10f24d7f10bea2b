"""Charts label what they show: Gantt rows carry the task's own number, no two labels
overlap, nothing runs off the picture, and every chart states its period (and currency)."""
from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import combinations

import matplotlib
import pytest

from bot.charts import draw
from bot.charts.render import style
from domain.core.actors import actor_for_handle
from domain.insight.charts.data import GanttData, GanttMilestone, GanttRow
from tests.bot.charts.test_charts import KINDS, numbers

TODAY = date(2026, 11, 27)


@pytest.fixture
def demo(session, now):  # type: ignore[no-untyped-def]
    from bot.demo.workspace import demo_workspace
    from domain.workspace.importing import import_workspace

    import_workspace(session, demo_workspace(TODAY), now=now, source="demo")
    session.commit()
    return actor_for_handle(session, "alice")


def figure_of(kind: str, data, lang: str = "en"):  # type: ignore[no-untyped-def]
    with matplotlib.rc_context(style()):
        figure = getattr(draw, f"draw_{kind}")(data, lang)
        figure.canvas.draw()
    return figure


def texts(figure):  # type: ignore[no-untyped-def]
    """Every text artist the figure draws (tick labels only for ticks inside the view)."""
    renderer = figure.canvas.get_renderer()
    hidden = set()
    for ax in figure.axes:
        for axis, index in ((ax.xaxis, 0), (ax.yaxis, 1)):
            low, high = sorted(axis.get_view_interval())
            hidden |= {id(t) for t in axis.get_ticklabels()
                       if not low - 1e-9 <= t.get_position()[index] <= high + 1e-9}
    found = [t for t in figure.findobj(matplotlib.text.Text)
             if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
    return [(t, t.get_window_extent(renderer)) for t in found]


def overlapping(boxes):  # type: ignore[no-untyped-def]
    shown = [(t, box) for t, box in boxes if t.get_text().strip()]
    return [(a.get_text(), b.get_text()) for (a, x), (b, y) in combinations(shown, 2)
            if x.overlaps(y)]


def test_gantt_rows_carry_the_task_number_not_the_row_number(session, demo):
    data = numbers(session, demo, "gantt", "ACME-APP")
    labels = [t.get_text() for t in figure_of("gantt", data, "zh").axes[0].get_yticklabels()][1:]
    assert [int(re.match(r"\s*#(\d+) ", label).group(1)) for label in labels] == \
        [row.task_id for row in data.rows]
    assert any(label.strip().startswith("#") and "微信支付对接" in label for label in labels)


def test_a_long_title_is_shortened_with_an_ellipsis_and_keeps_its_id():
    label = draw.task_label(1234, "一个非常非常非常非常非常长的任务标题需要被截断才能放得下")
    assert label.startswith("#1234 ") and label.endswith("…")
    assert draw._width(label) <= draw.LABEL_CHARS


@pytest.mark.parametrize("code", ["ACME-WEB", "ACME-APP", "HX-CRM", "GL-BRAND"])
def test_gantt_labels_never_overlap_and_stay_in_the_picture(session, demo, code):
    figure = figure_of("gantt", numbers(session, demo, "gantt", code))
    ax = figure.axes[0]
    ticks = [(t, t.get_window_extent()) for t in ax.get_yticklabels() if t.get_text()]
    labels = [(t, t.get_window_extent()) for t in ax.texts]
    assert overlapping(ticks + labels + [(ax.title, ax.title.get_window_extent())]) == []
    _inside(figure)


def test_milestones_on_neighbouring_days_get_lanes_of_their_own():
    rows = tuple(GanttRow(f"{i}", 40 + i, f"Task {i}", TODAY, TODAY + timedelta(days=3), "todo",
                          None, False, 1, False, ()) for i in range(3))
    milestones = tuple(GanttMilestone(name, TODAY + timedelta(days=k), False)
                       for k, name in enumerate(["Design review sign-off", "Security review",
                                                 "Go/no-go meeting"]))
    data = GanttData("X", "Crowded", TODAY, rows, milestones, False, 1, 1, 3)
    figure = figure_of("gantt", data)
    assert overlapping([(t, t.get_window_extent()) for t in figure.axes[0].texts]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_chart_states_its_period_and_nothing_runs_off_it(session, demo, kind):
    data = numbers(session, demo, kind, "GL-BRAND")
    if kind == "kanban":
        from domain.insight.charts.data import kanban_data

        data = kanban_data(session, demo, project="GL-BRAND", today=TODAY)
    figure = figure_of(kind, data)
    title = figure.axes[0].get_title(loc="left")
    assert re.search(r"\d{4}-\d{2}-\d{2}", title.splitlines()[-1])
    if kind == "budget":
        assert "EUR" in title
    _inside(figure)


def _inside(figure) -> None:  # type: ignore[no-untyped-def]
    page = figure.bbox
    for text, box in texts(figure):
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, text.get_text()
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, text.get_text()
