"""Every chart renders to a legible PNG, for the demo workspace and for an empty project."""
from __future__ import annotations

import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.charts.render import ChartRenderer, cjk_font_path, font_families, render_chart
from domain.core.actors import actor_for_handle
from domain.core.models import Project, Task
from domain.insight.charts import data as chart_data
from domain.insight.charts import series as chart_series

TODAY = date(2026, 11, 27)
KINDS = ["gantt", "kanban", "burndown", "budget", "utilization"]


@pytest.fixture
def demo(session, now):
    from bot.demo.workspace import demo_workspace
    from domain.workspace.importing import import_workspace

    import_workspace(session, demo_workspace(TODAY), now=now, source="demo")
    session.add(Project(code="EMPTY", name="空项目 Empty", start=TODAY, end=TODAY + timedelta(30)))
    session.commit()
    return actor_for_handle(session, "alice")


def numbers(session, actor, kind, code):
    if kind == "gantt":
        return chart_data.gantt_data(session, actor, project=code, today=TODAY)
    if kind == "kanban":
        return chart_data.kanban_data(session, actor, project=code)
    if kind == "burndown":
        return chart_data.burndown_data(session, actor, project=code, today=TODAY)
    if kind == "budget":
        return chart_series.budget_burn_data(session, actor, project=code, today=TODAY)
    return chart_series.utilisation_grid(session, actor, project=code, today=TODAY)


def drawn(path: Path) -> Image.Image:
    image = Image.open(path).convert("RGB")
    assert image.width == 1080 and image.height >= 480
    return image


def ink(image: Image.Image) -> float:
    """The share of pixels that are not white."""
    grey = image.convert("L")
    return sum(1 for v in grey.getdata() if v < 235) / (grey.width * grey.height)


@pytest.mark.parametrize("kind", KINDS)
def test_each_chart_of_a_demo_project_is_a_phone_wide_png_with_content(session, demo, kind, tmp_path):
    path = render_chart(kind, numbers(session, demo, kind, "ACME-WEB"), tmp_path / f"{kind}.png")
    image = drawn(path)
    assert ink(image) > 0.03
    assert len(image.getcolors(maxcolors=1_000_000)) > 20


@pytest.mark.parametrize("kind", KINDS)
def test_each_chart_of_an_empty_project_still_renders_and_says_so(session, demo, kind, tmp_path):
    path = render_chart(kind, numbers(session, demo, kind, "EMPTY"), tmp_path / f"{kind}.png")
    assert 0.002 < ink(drawn(path)) < 0.5


def test_the_cjk_font_ships_inside_an_installed_package():
    path = cjk_font_path()
    assert path is not None and path.stat().st_size > 1_000_000
    assert "CJK" in font_families()[0]


def test_a_chinese_titled_gantt_uses_a_cjk_capable_font_and_misses_no_glyph(session, demo, tmp_path):
    from fontTools.ttLib import TTFont

    data = chart_data.gantt_data(session, demo, project="HX-CRM", today=TODAY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_chart("gantt", data, tmp_path / "gantt.png", lang="zh")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    cmap = TTFont(str(cjk_font_path()), lazy=True).getBestCmap()
    assert all(ord(ch) in cmap for ch in "需求调研报告甘特图里程碑今天")


def test_a_300_task_project_is_paged_so_each_page_stays_readable(session, demo):
    project = session.get(Project, 1)
    session.add_all([Task(project_id=project.id, title=f"Task {n}", estimate_hours=8,
                          due=TODAY + timedelta(days=n % 60)) for n in range(300)])
    session.commit()
    data = chart_data.gantt_data(session, demo, project=project.code, today=TODAY)
    assert len(data.rows) == chart_data.MAX_ROWS
    assert data.pages == 8 and data.total_tasks == 310


def test_a_deep_project_collapses_to_wbs_level_one(session, demo):
    project = session.get(Project, 1)
    parents = [Task(project_id=project.id, title=f"Phase {n}", due=TODAY) for n in range(5)]
    session.add_all(parents)
    session.flush()
    session.add_all([Task(project_id=project.id, parent_id=p.id, title=f"Step {k}", due=TODAY,
                          estimate_hours=4) for p in parents for k in range(12)])
    session.commit()
    data = chart_data.gantt_data(session, demo, project=project.code, today=TODAY)
    assert data.collapsed and all(r.level == 1 for r in data.rows)
    assert [r.wbs for r in data.rows if r.summary] == ["11", "12", "13", "14", "15"]


def test_the_renderer_writes_a_new_file_under_the_charts_folder(session, demo, tmp_path):
    renderer = ChartRenderer(tmp_path / "charts")
    data = chart_data.kanban_data(session, demo, project="ACME-WEB")
    first, second = renderer.render("kanban", data), renderer.render("kanban", data)
    assert first.parent == tmp_path / "charts" and first != second and first.exists()
