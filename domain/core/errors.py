"""Typed domain errors: data until the edge, where the reply layer renders them.

    DomainError                 key + params, never rendered here
    ├── NotFound                a name matched nothing; carries close matches
    ├── Forbidden               the actor may not do this (to clients: rendered as not found)
    ├── Invalid                 the input breaks a business rule (hours > 24, end < start…)
    └── Conflict                the world changed under the request (already decided…)

A service raises before it writes, and the session is rolled back by `store.unit_of_work`,
so a raised error always means nothing was written.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.key}({inner})"


class NotFound(DomainError):
    def __init__(self, key: str, *, query: str, matches: list[str] | None = None, **params: Any):
        super().__init__(key, query=query, matches=list(matches or []), **params)

    @property
    def matches(self) -> list[str]:
        return self.params["matches"]


class Forbidden(DomainError):
    pass


class Invalid(DomainError):
    pass


class Conflict(DomainError):
    pass
