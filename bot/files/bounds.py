"""Bounds on what an import file may contain, checked before the importer sees it.

A workspace is a few levels deep and its numbers are hours and money, so anything past
these bounds is an attack or a broken file, refused with the place named: nesting deeper
than `MAX_DEPTH` (a stack overflow in the parser), a number of more than `MAX_DIGITS`
digits or an infinite one (`1e999`, a 5,000-digit integer), and more than `MAX_NODES`
values in all (a YAML alias bomb expands to billions). XLSX is read through defusedxml
(openpyxl uses it when installed; `require_defusedxml` makes sure), so XML entities cannot
expand either.
"""
from __future__ import annotations

import math
import re
from typing import Any

from domain.core.errors import Invalid

MAX_DEPTH = 12
MAX_DIGITS = 20
MAX_NODES = 20_000_000
MAX_REPEATS = 10_000  # the same block (a YAML alias) used again this often is a bomb
NUMBER_TEXT = re.compile(r"^\s*[-+]?\d[\d_,]*(?:\.\d*)?(?:[eE][-+]?\d+)?\s*$")


def json_int(text: str) -> int:
    """`json.loads(parse_int=…)`: refuse huge integers before Python converts them."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number of {len(text.lstrip('-')):,} digits")
    return int(text)


def json_constant(text: str) -> float:
    raise ValueError(f"{text} is not a number a workspace can hold")


def check_bounds(data: Any, file: str) -> None:
    """Raise `Invalid` naming the first place where `data` leaves the bounds."""
    seen = [0, 0]
    _walk(data, file, "", 0, seen, set())


def _walk(value: Any, file: str, place: str, depth: int, seen: list[int],
          containers: set[int]) -> None:
    seen[0] += 1
    if seen[0] > MAX_NODES:
        _refuse(file, place, f"more than {MAX_NODES:,} values in all")
    if depth > MAX_DEPTH:
        _refuse(file, place, f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict | list):
        if id(value) in containers:
            seen[1] += 1
            if seen[1] > MAX_REPEATS:
                _refuse(file, place, "the same block repeated too often (YAML aliases)")
        containers.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, file, f"{place}.{key}" if place else str(key), depth + 1, seen, containers)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, file, f"{place}[{index}]", depth + 1, seen, containers)
    else:
        _check_number(value, file, place)


def _check_number(value: Any, file: str, place: str) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and len(str(abs(value))) > MAX_DIGITS:
        _refuse(file, place, f"a number of {len(str(abs(value))):,} digits")
    if isinstance(value, float) and not math.isfinite(value):
        _refuse(file, place, "a number that is not finite")
    if isinstance(value, str) and NUMBER_TEXT.match(value):
        digits = sum(c.isdigit() for c in value.split("e")[0].split("E")[0])
        if digits > MAX_DIGITS:
            _refuse(file, place, f"a number of {digits:,} digits")
        if not math.isfinite(_as_float(value)):
            _refuse(file, place, "a number that is not finite")


def _as_float(text: str) -> float:
    try:
        return float(text.strip().replace(",", "").replace("_", ""))
    except ValueError:
        return 0.0


def _refuse(file: str, place: str, problem: str) -> None:
    raise Invalid("import.invalid", file=file, place=place or "the top level", field="",
                  problem=problem)


def require_defusedxml() -> None:
    """openpyxl parses with defusedxml only when it is installed: make that a fact."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - a broken install
        raise Invalid("import.unreadable", file="", problem="defusedxml is not installed; "
                      "pip install defusedxml before importing spreadsheets")
