"""Spreadsheet cells that cannot attack their reader (OWASP "CSV injection").

A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets: a client's feedback "=HYPERLINK(…)" would run in the
admin's export. So:

- XLSX: such a text is written as a *string* cell (never a formula), with Excel's quote
  prefix so that editing it keeps it text; it reads back unchanged.
- CSV has no types, so the text gets OWASP's leading apostrophe. Texts that already start
  with apostrophes before such a character get one more, so `csv_read` can take exactly
  one off and every text round-trips.
"""
from __future__ import annotations

import re
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS)


def csv_write(value: Any) -> Any:
    """The CSV form of a value: dangerous texts (and texts that look escaped) get a `'`."""
    if isinstance(value, str) and (value.startswith(DANGEROUS) or _QUOTED.match(value)):
        return "'" + value
    return value


def csv_read(value: Any) -> Any:
    """Undo `csv_write`: one apostrophe off a text that `csv_write` escaped."""
    if isinstance(value, str) and _QUOTED.match(value):
        return value[1:]
    return value


def xlsx_row(sheet: Any, values: list[Any]) -> list[Any]:
    """Cells for `sheet.append`: every text is a string cell, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        if not is_formula_like(value):
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value) if _write_only(sheet) else Cell(sheet, value=value)
        cell.data_type = "s"  # a string, whatever it starts with
        cell.style = "Normal"
        cell.quotePrefix = True  # Excel's "'" prefix: stays text when someone edits it
        cells.append(cell)
    return cells


def _write_only(sheet: Any) -> bool:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    return isinstance(sheet, WriteOnlyWorksheet)
