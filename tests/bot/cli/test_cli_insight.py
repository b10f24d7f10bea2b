"""`pmbot chart` and `pmbot report` as scripts drive them."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from PIL import Image

import bot.cli.insight  # noqa: F401  (registers `chart` and `report` on `main`)
from bot.cli.main import main
from domain.core.models import TimeEntry

NOW = "2026-11-27T10:00:00+08:00"


def run(db_url: str, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [*args, "--db", db_url, "--now", NOW], catch_exceptions=False)


def test_chart_writes_a_png_of_the_project(db_url, world, tmp_path: Path):
    out = tmp_path / "gantt.png"
    result = run(db_url, "chart", "gantt", "WEB", "-o", str(out))
    assert result.exit_code == 0
    assert Image.open(out).size[0] == 1080


def test_chart_as_a_client_of_an_internal_chart_exits_1_and_writes_nothing(db_url, world, tmp_path):
    out = tmp_path / "budget.png"
    result = run(db_url, "chart", "budget", "WEB", "-o", str(out), "--as", "tom")
    assert result.exit_code == 1 and not out.exists()


def test_report_json_carries_the_derived_figures(db_url, session, world):
    session.add(TimeEntry(person_id=world.lin.id, project_id=world.web.id,
                          day=date(2026, 11, 20), hours=10))
    session.commit()
    result = run(db_url, "report", "profit", "--project", "WEB", "--format", "json", "--as", "bob")
    data = json.loads(result.output)
    web, acme = data["projects"][0], data["clients"][0]
    assert (web["code"], web["revenue"], web["cost"], web["margin"]) == ("WEB", 6500, 2000, 4500)
    assert {"code", "client", "currency", "revenue", "labour_cost", "expense_cost", "cost",
            "margin", "margin_pct"} <= set(web)
    assert {"client", "currency", "revenue", "cost", "margin", "margin_pct"} <= set(acme)
    assert (acme["client"], acme["currency"], acme["revenue"]) == (web["client"], "CNY", 6500)


def test_report_xlsx_has_one_sheet_per_table(db_url, world, tmp_path):
    out = tmp_path / "variance.xlsx"
    result = run(db_url, "report", "variance", "--format", "xlsx", "-o", str(out),
                 "--from", "2026-11-01", "--to", "2026-12-31")
    assert result.exit_code == 0
    book = load_workbook(out)
    assert {"projects", "milestones", "summary"} <= set(book.sheetnames)
    assert book["milestones"]["B1"].value == "milestone"


def test_report_xlsx_without_a_file_is_a_usage_error(db_url, world):
    assert run(db_url, "report", "profit", "--format", "xlsx").exit_code == 2


def test_report_with_a_bad_date_is_a_usage_error(db_url, world):
    assert run(db_url, "report", "profit", "--from", "27/11/2026").exit_code == 2


def test_report_for_a_member_is_refused_with_exit_1(db_url, world):
    result = run(db_url, "report", "profit", "--as", "lin")
    assert result.exit_code == 1
