"""Text that cannot hurt a store: NUL, control and zero-width characters removed.

PostgreSQL refuses a NUL in a text column (the chat crashed on one), and invisible
characters make two names look equal while they are not ("ACME\u200b-WEB"). `clean` keeps
tabs and line breaks and everything printable; `install` applies it to every string
parameter of every statement an engine runs, so no store and no write path is forgotten.
"""
from __future__ import annotations

import re
from typing import Any

# C0 controls but \t \n \r, DEL, C1 controls, zero-width and bidi-override characters, BOM
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f"
                    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean(text: str) -> str:
    return UNSAFE.sub("", text) if UNSAFE.search(text) else text


def _cleaned(params: Any) -> Any:
    if isinstance(params, str):
        return clean(params)
    if isinstance(params, dict):
        return {k: _cleaned(v) if isinstance(v, str) else v for k, v in params.items()}
    if isinstance(params, tuple):
        return tuple(clean(v) if isinstance(v, str) else v for v in params)
    if isinstance(params, list):
        return [_cleaned(p) for p in params]
    return params


def _before_execute(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
    return statement, _cleaned(parameters)


def install(engine: Any) -> None:
    """Clean every string parameter `engine` sends to the database."""
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", _before_execute, retval=True)
