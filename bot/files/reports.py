"""Reports as data for scripts (JSON) and for finance (XLSX, one sheet per table).

A report dataclass becomes a dict of plain values; derived figures (margin, margin %,
utilisation %, NPS …) are written out beside the stored ones, so a spreadsheet needs no
formula to read them. Dates are ISO strings in JSON and real dates in XLSX.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

DERIVED = ("name", "cost", "margin", "margin_pct", "cost_base", "margin_base", "utilisation_pct", "billable_pct", "nps",
           "late_milestones")


def report_dict(report: Any) -> dict[str, Any]:
    """The report as plain values: every field, plus its derived figures, recursively."""
    return _plain(report)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        for name in DERIVED:
            if hasattr(type(value), name):
                derived = getattr(value, name)
                out[name] = round(derived, 4) if isinstance(derived, float) else derived
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


def tables(report: Any) -> dict[str, list[dict[str, Any]]]:
    """The report's row lists (projects, clients, milestones, people …), by name."""
    data = report_dict(report)
    out = {k: v for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    if "overall" in data:
        out["overall"] = [data["overall"]]
    summary = {k: v for k, v in data.items() if not isinstance(v, (list, dict))}
    for key, value in data.get("window", {}).items():
        summary[f"window_{key}"] = value
    out["summary"] = [summary]
    return out


def _cell(value: Any) -> Any:
    """A list (a client's project codes, a risk's reasons) as one line of text per item."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value


def write_xlsx(report: Any, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from bot.files.cells import xlsx_row

    book = Workbook()
    book.remove(book.active)
    for name, rows in tables(report).items():
        sheet = book.create_sheet(name[:31])
        header = list(rows[0]) if rows else []
        sheet.append(xlsx_row(sheet, header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(xlsx_row(sheet, [_cell(row.get(h)) for h in header]))
    if not book.worksheets:
        book.create_sheet("summary")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

