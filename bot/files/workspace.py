"""Workspace files on disk: JSON, YAML, XLSX and CSV in, JSON, YAML, XLSX and CSV out.

JSON and YAML hold the nested dict of CONTRACT.md as is. Spreadsheets are flat: one sheet
(or CSV file) per top-level key, one row per item, the header row naming the fields. The
nested lists get sheets of their own with a column naming their parent (`contacts`,
`contracts` and `history` a `client`, `milestones` and `tasks` a `project`); a partner's
`people` get the `partner_people` sheet (column `partner`), so that they never mix with the
firm's `people` sheet. List cells (skills, aliases, members, depends_on, readers) are
comma-separated text. Errors in a spreadsheet name the sheet and the row a person would look
at, not the dict path.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.files.bounds import check_bounds, json_constant, json_int, require_defusedxml
from bot.files.cells import csv_read, csv_write, xlsx_row
from domain.core.errors import Invalid
from domain.workspace.importing import ImportSummary, import_workspace
from domain.workspace.schema import (
    LIST_FIELDS,
    NESTED,
    NESTED_KEYS,
    SINGLE,
    TOP_LEVEL,
    parse_workspace,
)

if TYPE_CHECKING:
    from sqlmodel import Session

FORMATS = ("json", "yaml", "xlsx", "csv")
# Table order when writing: parents before the lists that point at them.
TABLES = ("firm", "exchange_rates", "people", "partners", "partner_people", "clients", "contacts",
          "contracts", "history", "projects", "milestones", "tasks", "time_entries", "expenses",
          "leave_requests", "overtime_requests", "documents", "feedback")
Row = tuple[str, dict[str, Any]]  # (where it came from, the item)


class SheetData(dict[str, Any]):
    """A workspace read from a spreadsheet, remembering the sheet and row of each item, so
    that an error the importer finds later ("projects[1].tasks[0]") can name them too."""

    origins: dict[str, str]


def load_any(path: str | Path) -> dict[str, Any]:
    """What `pmbot import` reads: a file of any supported format, or a folder of CSV files."""
    return read_workspace_file(path)


def import_file(session: Session, path: str | Path, *, now: datetime) -> ImportSummary:
    """Read and import a file; errors name the sheet and row when the file is a spreadsheet."""
    path = Path(path)
    data = load_any(path)
    try:
        return import_workspace(session, data, now=now, source=path.name)
    except Invalid as error:
        relocate(error, data)
        raise


def relocate(error: Invalid, data: dict[str, Any]) -> None:
    """Replace a dict path in an import error by the sheet and row it came from, if known."""
    origins = getattr(data, "origins", {})
    place = error.params.get("place", "")
    if place in origins:
        error.params["place"] = origins[place]


def read_workspace_file(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.exists():
        raise Invalid("import.unreadable", file=str(path), problem="no such file or folder")
    data = _read_any(path)
    check_bounds(data, str(path))  # depth, number size, total size: refused, never a crash
    return data


def _read_any(path: Path) -> dict[str, Any]:
    kind = "csv" if path.is_dir() else path.suffix.lower().lstrip(".")
    if kind == "json":
        return _read_json(path)
    if kind in ("yaml", "yml"):
        return _read_yaml(path)
    if kind == "xlsx":
        require_defusedxml()
        return _checked(path, _xlsx_tables(path))
    if kind == "csv":
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        return _checked(path, _csv_tables(files))
    raise Invalid("import.unknown_format", file=str(path))


# ---------------------------------------------------------------- JSON and YAML
def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_int=json_int,
                          parse_constant=json_constant)
    except RecursionError:
        raise Invalid("import.unreadable", file=str(path), problem="nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise Invalid("import.unreadable", file=str(path), problem=str(exc)) from None
    return _top(path, data)


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except RecursionError:
        raise Invalid("import.unreadable", file=str(path), problem="nested too deeply") from None
    except ValueError as exc:  # an integer past Python's digit limit
        problem = "a number with too many digits" if "digits" in str(exc) else str(exc)
        raise Invalid("import.unreadable", file=str(path), problem=problem) from None
    except (yaml.YAMLError, UnicodeDecodeError, OverflowError) as exc:
        raise Invalid("import.unreadable", file=str(path), problem=" ".join(str(exc).split())) from None
    return _top(path, data)


def _top(path: Path, data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Invalid("import.unreadable", file=str(path), problem="the top level is not a mapping")
    return data


# ---------------------------------------------------------------- spreadsheets in
def _xlsx_tables(path: Path) -> dict[str, list[Row]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as exc:
        raise Invalid("import.unreadable", file=str(path), problem=str(exc) or type(exc).__name__) from None
    try:
        return {sheet.title: list(_items(path, f"sheet {sheet.title}", "row",
                                         sheet.iter_rows(values_only=True)))
                for sheet in book.worksheets}
    finally:
        book.close()


def _csv_tables(files: list[Path]) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for file in files:
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                lines = ([csv_read(v) for v in line] for line in csv.reader(handle))
                tables[file.stem] = list(_items(file, file.name, "line", lines))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise Invalid("import.unreadable", file=str(file), problem=str(exc)) from None
    return tables


def _items(path: Path, where: str, unit: str, lines: Iterable[Iterable[Any]]) -> Iterator[Row]:
    """Rows as dicts keyed by the header; blank cells are left out, blank rows skipped."""
    rows = iter(lines)
    header = [None if h is None else str(h).strip() for h in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        item = {}
        for name, value in zip(header, values, strict=False):
            value = _cell(value)
            if value is None:
                continue
            if name is None or name == "":
                raise Invalid("import.invalid", file=str(path), place=f"{where}, {unit} {number}",
                              field="", problem="a value in a column without a header")
            item[name] = _split(value) if name in LIST_FIELDS else value
        if item:
            yield f"{where}, {unit} {number}", item


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime) and value.time() == time(0) and value.tzinfo is None:
        return value.date()  # a date typed into a spreadsheet comes back as midnight
    return value


def _split(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def _checked(path: Path, tables: dict[str, list[Row]]) -> dict[str, Any]:
    """The nested workspace, its shape checked here so that errors name sheet and row."""
    plain, origins = _nest(path, tables)
    data = SheetData(plain)
    data.origins = origins
    try:
        parse_workspace(data, source=str(path))
    except Invalid as error:
        relocate(error, data)
        raise
    return data


def _nest(path: Path, tables: dict[str, list[Row]]) -> tuple[dict[str, Any], dict[str, str]]:
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name, rows in tables.items():
        if name not in TOP_LEVEL and name not in NESTED:
            raise Invalid("import.invalid", file=str(path), place=f"sheet {name}", field="",
                          problem=f"unknown sheet (use {', '.join(TABLES)})")
        if name in SINGLE:
            _single(path, data, origins, name, rows)
        elif name in TOP_LEVEL:
            data[name] = [item for _, item in rows]
            origins.update({f"{name}[{i}]": where for i, (where, _) in enumerate(rows)})
    for name, rows in tables.items():
        if name in NESTED:
            _attach(path, data, origins, name, rows)
    return data, origins


def _single(path: Path, data: dict[str, Any], origins: dict[str, str], name: str,
            rows: list[Row]) -> None:
    """A one-item key (the firm): its sheet holds one row."""
    if len(rows) > 1:
        raise Invalid("import.invalid", file=str(path), place=rows[1][0], field="",
                      problem=f"the {name} sheet holds one row")
    if rows:
        data[name] = rows[0][1]
        origins[name] = rows[0][0]


def _attach(path: Path, data: dict[str, Any], origins: dict[str, str], name: str,
            rows: list[Row]) -> None:
    parent_table, column, key = NESTED[name]
    field = NESTED_KEYS.get(name, name)
    parents = {str(item.get(key)): (i, item) for i, item in enumerate(data.get(parent_table, []))}
    for where, item in rows:
        owner = item.pop(column, None)
        if owner is None or str(owner) not in parents:
            problem = (f"no {column} named" if owner is None
                       else f"no {column} '{owner}' in the {parent_table} sheet")
            raise Invalid("import.invalid", file=str(path), place=where, field=column,
                          problem=problem)
        index, parent = parents[str(owner)]
        children = parent.setdefault(field, [])
        origins[f"{parent_table}[{index}].{field}[{len(children)}]"] = where
        children.append(item)


# ---------------------------------------------------------------- files out
def write_workspace_file(data: dict[str, Any], path: str | Path, format: str | None = None) -> Path:
    """Write a workspace (as `export_workspace` makes it); CSV means a folder of files."""
    path = Path(path)
    format = (format or path.suffix.lstrip(".") or "json").lower()
    format = "yaml" if format == "yml" else format
    if format not in FORMATS:
        raise Invalid("import.unknown_format", file=str(path))
    plain = _plain(data)
    if format == "json":
        path.write_text(json.dumps(plain, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif format == "yaml":
        import yaml

        path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif format == "xlsx":
        _write_xlsx(flat_tables(plain), path)
    else:
        _write_csv(flat_tables(plain), path)
    return path


def _plain(value: Any) -> Any:
    """Dates as text, so that every format writes (and reads back) the same values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def flat_tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The nested workspace as flat tables, children carrying their parent's key."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for name in TOP_LEVEL:
        items = data.get(name)
        nested = {NESTED_KEYS.get(c, c) for c, (p, _, _) in NESTED.items() if p == name}
        for item in ([items] if items else []) if name in SINGLE else (items or []):
            tables[name].append({k: v for k, v in item.items() if k not in nested})
    for child, (parent_table, column, key) in NESTED.items():
        for parent in data.get(parent_table) or []:
            for item in parent.get(NESTED_KEYS.get(child, child)) or []:
                tables[child].append({column: parent[key], **item})
    return {name: rows for name, rows in tables.items() if rows}


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def _text(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _write_xlsx(tables: dict[str, list[dict[str, Any]]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        columns = _columns(rows)
        sheet.append(xlsx_row(sheet, list(columns)))
        for row in rows:
            sheet.append(xlsx_row(sheet, [_text(row.get(c)) for c in columns]))
    book.save(path)


def _write_csv(tables: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = _columns(rows)
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([csv_write(c) for c in columns])
            writer.writerows([csv_write(_text(row.get(c))) for c in columns] for row in rows)
