"""RFC 9457 problem details: every API error as `application/problem+json`.

The `detail` is the very sentence chat would say (rendered from the same message keys,
in the token owner's language), `code` is the message key, so scripts can branch on it.
A record the caller may not see raises the same `NotFound` as a missing one, so the two
answers are byte for byte the same.
"""
from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from domain.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound

MEDIA_TYPE = "application/problem+json"
TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          409: "Conflict", 412: "Precondition Failed", 422: "Unprocessable Content", 429: "Too Many Requests"}


class ApiProblem(Exception):
    """An error the API itself raises (auth, scope, limits, malformed requests)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(message)
        self.status, self.key, self.params = status, message, params
        self.headers = headers or {}
        self.extra = extra or {}


def status_of(error: DomainError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, Invalid):
        return 422
    return 400


def problem(status: int, code: str, detail: str, *, headers: dict[str, str] | None = None,
            **extra: Any) -> Response:
    body = {"type": f"urn:pmbot:problem:{code}", "title": TITLES.get(status, "Error"),
            "status": status, "detail": detail, "code": code, **extra}
    return Response(json.dumps(body, ensure_ascii=False, default=str), status_code=status,
                    media_type=MEDIA_TYPE, headers=headers)


def domain_problem(error: DomainError, lang: str, **extra: Any) -> Response:
    from intents.messages.errors import render_error

    return problem(status_of(error), error.key, render_error(error, lang), **extra)


def api_problem(error: ApiProblem, lang: str) -> Response:
    from intents.messages import render

    return problem(error.status, error.key, render(error.key, lang, **error.params),
                   headers=error.headers, **error.extra)


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"},
                   "code": {"type": "string"}},
}
