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
