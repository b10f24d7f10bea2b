"""Cursor pagination: an opaque `cursor` names where the previous page ended.

A cursor is base64url JSON (`{"after": …}`); clients must not build them, only pass back
`next_cursor`. A cursor this API did not make is a 400 problem, never a silent first page.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from bot.api.problems import ApiProblem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode(after: Any) -> str:
    raw = json.dumps({"after": after}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None) -> Any:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        return value["after"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise ApiProblem(400, "api.bad_cursor", value=cursor[:80]) from error


def page(items: list[Any], next_after: Any | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": encode(next_after) if next_after is not None else None}


def position(cursor: str | None) -> int:
    """A cursor that is a position in a list the domain returns whole (small lists)."""
    start = decode(cursor) or 0
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise ApiProblem(400, "api.bad_cursor", value=str(cursor)[:80])
    return start


def slice_page(items: list[Any], start: int, limit: int) -> dict[str, Any]:
    more = start + limit < len(items)
    return page(items[start:start + limit], start + limit if more else None)


def after_id(cursor: str | None) -> int | None:
    """A cursor that is the last id of the previous page (lists ordered by id)."""
    value = decode(cursor)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ApiProblem(400, "api.bad_cursor", value=str(cursor)[:80])
    return value


def id_page(items: list[dict[str, Any]], limit: int) -> dict[str, Any]:
    """`items` fetched with limit + 1: the extra one says another page follows."""
    return page(items[:limit], items[limit - 1]["id"] if len(items) > limit else None)
