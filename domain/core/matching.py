"""Close-match suggestions for names that matched nothing ("did you mean ACME-WEB?")."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Case-, width- and space-insensitive form of a name, for comparisons."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.replace("-", " ").replace("_", " ").split())


def closest(query: str, candidates: Iterable[str], *, limit: int = 3, cutoff: float = 55) -> list[str]:
    from rapidfuzz import fuzz, process, utils

    choices = list(dict.fromkeys(c for c in candidates if c))
    found = process.extract(
        fold(query), choices, scorer=fuzz.WRatio, processor=utils.default_process,
        limit=limit, score_cutoff=cutoff,
    )
    return [choice for choice, _score, _index in found]
