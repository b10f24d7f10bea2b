"""ETag on reads of updatable records, If-Match on their updates (optimistic locking).

The ETag is a hash of the record exactly as the caller is shown it (never of fields they
may not see, so it cannot leak an internal change). An update with `If-Match` whose tag
no longer matches is refused with 412 and changes nothing; `If-Match: *` matches any
existing record. If-Match is optional (no 428): chat writes never carry one, and a script
that does not send it keeps last-writer-wins, as before.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request

from bot.api.problems import ApiProblem


def jsonable(body: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text: what the response carries, so the ETag hashes what is sent."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in body.items()}


def etag_of(body: Any) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def wanted_tags(request: Request) -> list[str] | None:
    """The tags of `If-Match` (weak ones compared strongly, as RFC 9110 asks), None if absent."""
    header = request.headers.get("if-match")
    if header is None:
        return None
    return [t.strip() for t in header.split(",") if t.strip()]


def check_if_match(request: Request, current: Any) -> None:
    """412 unless `If-Match` is absent, `*`, or names the current representation's tag."""
    tags = wanted_tags(request)
    if tags is None or "*" in tags:
        return
    have = etag_of(current)
    if have not in [t for t in tags if not t.startswith("W/")]:
        raise ApiProblem(412, "api.precondition_failed", headers={"ETag": have}, etag=have)
