"""Spans found in a text: where several readings overlap, the longest wins."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from intents.extract.text import Found


def select(found: Iterable[Found[Any]]) -> list[Found[Any]]:
    """Longest matches win where they overlap; the survivors in text order."""
    chosen: list[Found[Any]] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def overlaps(f: Found[Any], others: Iterable[Found[Any]]) -> bool:
    return any(f.start < o.end and o.start < f.end for o in others)
