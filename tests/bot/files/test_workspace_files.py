"""Workspace files: every format loads to the same workspace; errors name sheet and row."""
from __future__ import annotations

import copy
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook
from sqlmodel import col, select

from bot.demo.workspace import demo_workspace
from bot.files.workspace import import_file, load_any, read_workspace_file, write_workspace_file
from domain.core.errors import Invalid
from domain.core.models import Milestone, Project, Task
from domain.workspace.export import export_workspace
from domain.workspace.importing import import_workspace
from domain.workspace.schema import parse_workspace

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RICH_YAML = FIXTURES / "workspace_rich.yaml"


@pytest.fixture
def rich() -> dict[str, Any]:
    return yaml.safe_load(RICH_YAML.read_text(encoding="utf-8"))


def same_workspace(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal once validated: '2026-11-01' and date(2026, 11, 1) are the same date."""
    return parse_workspace(a) == parse_workspace(b)


def refused(path: Path) -> dict[str, Any]:
    with pytest.raises(Invalid) as caught:
        read_workspace_file(path)
    return {"key": caught.value.key, **caught.value.params}


def test_the_xlsx_fixture_loads_the_same_workspace_as_the_yaml(rich):
    assert same_workspace(read_workspace_file(FIXTURES / "workspace_rich.xlsx"), rich)


def test_a_folder_of_csv_files_loads_the_same_workspace_as_the_yaml(rich):
    assert same_workspace(read_workspace_file(FIXTURES / "workspace_rich_csv"), rich)


def test_one_csv_file_named_after_a_key_loads_that_list(rich):
    data = load_any(FIXTURES / "workspace_rich_csv" / "time_entries.csv")
    assert list(data) == ["time_entries"]
    assert same_workspace(data, {"time_entries": rich["time_entries"]})


def test_the_json_and_yaml_loaders_agree(rich, tmp_path):
    json_path = write_workspace_file(rich, tmp_path / "ws.json", "json")
    assert same_workspace(load_any(json_path), rich)
    assert same_workspace(load_any(RICH_YAML), rich)


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
def test_an_export_written_in_any_format_reads_back_equal(session, now, rich, tmp_path, fmt):
    import_workspace(session, rich, now=now)
    exported = export_workspace(session)
    path = write_workspace_file(exported, tmp_path / f"out.{fmt}", fmt)
    assert same_workspace(read_workspace_file(path), exported)


def test_a_spreadsheet_error_names_the_sheet_the_row_and_the_field(tmp_path, rich):
    rich["projects"][1]["tasks"][1]["due"] = "soon"
    path = write_workspace_file(rich, tmp_path / "bad.xlsx", "xlsx")
    error = refused(path)
    # tasks sheet: header, 5 WEB tasks, then CRM's second task on row 8
    assert (error["place"], error["field"]) == ("sheet tasks, row 8", "due")
    assert error["file"].endswith("bad.xlsx")


def test_an_unknown_name_in_a_spreadsheet_is_reported_at_its_sheet_and_row(
        session, now, tmp_path, rich):
    rich["projects"][1]["tasks"][2]["assignee"] = "eve"
    path = write_workspace_file(rich, tmp_path / "bad.xlsx", "xlsx")
    with pytest.raises(Invalid) as caught:
        import_file(session, path, now=now)
    assert caught.value.params["file"] == "bad.xlsx"
    assert (caught.value.params["place"], caught.value.params["field"]) == (
        "sheet tasks, row 9", "assignee")


def test_import_file_loads_a_csv_folder(session, now):
    summary = import_file(session, FIXTURES / "workspace_rich_csv", now=now)
    assert (summary.projects, summary.tasks, summary.documents) == (2, 8, 3)


def test_a_csv_error_names_the_file_and_the_line(tmp_path):
    (tmp_path / "people.csv").write_text("handle,name,hourly_cost\nann,Ann,12\nbo,Bo,lots\n",
                                         encoding="utf-8")
    error = refused(tmp_path)
    assert (error["place"], error["field"]) == ("people.csv, line 3", "hourly_cost")


def test_an_unknown_sheet_is_named(tmp_path):
    book = Workbook()
    book.active.title = "invoices"
    book.active.append(["number"])
    book.active.append([1])
    book.save(tmp_path / "ws.xlsx")
    error = refused(tmp_path / "ws.xlsx")
    assert error["place"] == "sheet invoices" and "unknown sheet" in error["problem"]


def test_a_task_row_for_a_project_not_in_the_file_is_refused(tmp_path):
    (tmp_path / "projects.csv").write_text("code,name\nWEB,Web\n", encoding="utf-8")
    (tmp_path / "tasks.csv").write_text("project,title\nWBE,Login\n", encoding="utf-8")
    error = refused(tmp_path)
    assert (error["place"], error["field"]) == ("tasks.csv, line 2", "project")


def test_dates_typed_into_a_spreadsheet_and_comma_lists_are_understood(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "projects"
    sheet.append(["code", "name", "start", "aliases", "members"])
    sheet.append(["WEB", "Web", datetime(2026, 11, 2), "官网, site", "bob"])
    people = book.create_sheet("people")
    people.append(["handle", "name", "telegram_id"])
    people.append(["bob", "Bob", 5550001])
    book.save(tmp_path / "ws.xlsx")
    ws = parse_workspace(read_workspace_file(tmp_path / "ws.xlsx"))
    assert ws.projects[0].start == date(2026, 11, 2)
    assert ws.projects[0].aliases == ["官网", "site"] and ws.projects[0].members == ["bob"]
    assert ws.people[0].telegram_id == "5550001"


def test_an_unreadable_file_is_a_user_error(tmp_path):
    (tmp_path / "ws.yaml").write_text("people: [unclosed", encoding="utf-8")
    assert refused(tmp_path / "ws.yaml")["key"] == "import.unreadable"
    (tmp_path / "ws.txt").write_text("hello", encoding="utf-8")
    assert refused(tmp_path / "ws.txt")["key"] == "import.unknown_format"


# ---------------------------------------------------------------- the demo workspace
TODAY = date(2026, 11, 27)


def test_the_demo_imports_cleanly(session, now):
    summary = import_workspace(session, demo_workspace(TODAY), now=now, source="demo")
    assert (summary.people, summary.clients, summary.projects) == (8, 3, 6)
    assert summary.tasks >= 40 and summary.time_entries > 500


def test_the_demo_is_the_same_every_time_for_a_day():
    assert demo_workspace(TODAY) == demo_workspace(TODAY)
    assert demo_workspace(TODAY) != demo_workspace(date(2026, 12, 1))


def test_the_demo_logs_weekdays_only_and_ends_yesterday():
    days = {date.fromisoformat(e["date"]) for e in demo_workspace(TODAY)["time_entries"]}
    assert max(days) == date(2026, 11, 26) and min(days) >= date(2026, 8, 28)
    assert all(d.weekday() < 5 for d in days)


def test_nobody_in_the_demo_logs_more_than_a_day():
    hours: dict[tuple[str, str], float] = defaultdict(float)
    for entry in demo_workspace(TODAY)["time_entries"]:
        hours[(entry["person"], entry["date"])] += entry["hours"]
    assert max(hours.values()) <= 10


def test_the_demo_tells_a_story_of_a_late_project(session, now):
    import_workspace(session, demo_workspace(TODAY), now=now)
    crm = session.exec(select(Project).where(Project.code == "HX-CRM")).one()
    missed = session.exec(select(Milestone).where(
        Milestone.project_id == crm.id, col(Milestone.done).is_(False),
        Milestone.due < TODAY)).all()
    assert [m.name for m in missed] == ["UAT"]
    assert session.exec(select(Task).where(Task.project_id == crm.id,
                                           Task.status == "blocked")).first() is not None


def test_the_demo_has_one_project_over_budget():
    ws = demo_workspace(TODAY)
    cost = {p["handle"]: p["hourly_cost"] for p in ws["people"]}
    spent: dict[str, float] = defaultdict(float)
    for entry in ws["time_entries"]:
        spent[entry["project"]] += entry["hours"] * cost[entry["person"]]
    for expense in ws["expenses"]:
        spent[expense["project"]] += expense["amount"]
    over = [p["code"] for p in ws["projects"] if spent[p["code"]] > p["budget"]]
    assert over == ["ACME-WEB"]


def test_the_demo_speaks_both_languages():
    ws = demo_workspace(TODAY)
    assert {p["language"] for p in ws["people"]} == {"en", "zh"}
    assert any(c["name"] == "华鑫证券" for c in ws["clients"])
    assert all(any("\u4e00" <= ch <= "\u9fff" for a in p["aliases"] for ch in a)
               for p in ws["projects"])
    assert any(p["timezone"] == "Europe/Berlin" for p in ws["people"])


PARTNERS = [
    {"name": "Pixel Forge Studio", "currency": "CNY", "people": [
        {"handle": "kai", "name": "Kai Lin", "email": "kai@pixelforge.example", "language": "en",
         "timezone": "Asia/Shanghai", "rate": 280},
        {"handle": "mei", "name": "梅", "language": "zh", "rate": 250.5}]},
    {"name": "Quiet Copy", "currency": "CNY", "people": [
        {"handle": "ron", "name": "Ron", "rate": 300}]}]


@pytest.fixture
def with_partners(rich) -> dict[str, Any]:
    rich["partners"] = copy.deepcopy(PARTNERS)  # tests change it
    rich["projects"][0]["members"] += ["kai", "ron"]
    return rich


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_partners_written_flat_read_back_as_the_yaml_gives_them(with_partners, tmp_path, fmt):
    path = write_workspace_file(with_partners, tmp_path / f"ws.{fmt}", fmt)
    tables = sorted(p.stem for p in path.glob("*.csv")) if fmt == "csv" else []
    loaded = read_workspace_file(path)
    assert same_workspace(loaded, with_partners)
    assert [p["handle"] for p in loaded["people"]] == [p["handle"] for p in with_partners["people"]]
    if fmt == "csv":
        assert {"partners", "partner_people"} <= set(tables)
        header = (path / "partner_people.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",")[:3] == ["partner", "handle", "name"]


def test_a_yaml_workspace_through_xlsx_imports_the_same_partners_as_the_yaml(
        session, now, with_partners, tmp_path):
    path = write_workspace_file(with_partners, tmp_path / "ws.xlsx", "xlsx")
    import_file(session, path, now=now)
    exported = export_workspace(session)
    assert parse_workspace(exported).partners == parse_workspace(with_partners).partners
    assert {"kai", "ron"} <= set(exported["projects"][0]["members"])
    assert not {"kai", "mei", "ron"} & {p["handle"] for p in exported["people"]}
    again = write_workspace_file(exported, tmp_path / "again.xlsx", "xlsx")
    assert same_workspace(read_workspace_file(again), exported)


def test_a_partner_person_row_for_an_unknown_partner_is_refused_at_its_row(
        session, now, with_partners, tmp_path):
    from openpyxl import load_workbook

    path = write_workspace_file(with_partners, tmp_path / "ws.xlsx", "xlsx")
    book = load_workbook(path)
    book["partner_people"]["A3"] = "Pixel Froge Studio"  # mei's row, the partner mistyped
    book.save(path)
    with pytest.raises(Invalid) as caught:
        import_file(session, path, now=now)
    params = caught.value.params
    assert (params["place"], params["field"]) == ("sheet partner_people, row 3", "partner")
    assert "no partner 'Pixel Froge Studio' in the partners sheet" == params["problem"]
    assert session.exec(select(Project)).all() == []


def test_a_partner_persons_bad_rate_is_reported_at_the_partner_people_row(
        with_partners, tmp_path):
    with_partners["partners"][1]["people"][0]["rate"] = "lots"
    path = write_workspace_file(with_partners, tmp_path / "ws.csv", "csv")
    error = refused(path)
    assert (error["place"], error["field"]) == ("partner_people.csv, line 4", "rate")


def test_a_partner_person_taking_a_staff_handle_is_reported_at_the_partner_people_row(
        session, now, with_partners, tmp_path):
    with_partners["partners"][0]["people"][1]["handle"] = "bob"
    path = write_workspace_file(with_partners, tmp_path / "ws.xlsx", "xlsx")
    with pytest.raises(Invalid) as caught:
        import_file(session, path, now=now)
    params = caught.value.params
    assert (params["place"], params["field"]) == ("sheet partner_people, row 3", "handle")
    assert session.exec(select(Project)).all() == []
