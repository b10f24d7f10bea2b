"""An in-memory copy of what every search needs: vectors, scopes, languages and tokens.

Chroma holds the passages (vectors, text, metadata, and the lexical tokens), so every
replica pointed at one Chroma server sees the same library. Searching it through Chroma's
`where` filter cost ~20 ms per question on 20,000 passages (it filters the whole collection
before the vector search) and fetching the lexical candidates' vectors another ~60 ms; so
each process keeps this mirror and answers from it: one matrix product over all passages,
masked to the asker's scopes before the top k is taken (exact, not approximate), and the
BM25 indexes kept between questions.

The mirror follows the collection: this process's own writes are applied to it directly;
anyone else's (another replica, a `pmbot docs add` beside a running bot) change the
collection's `revision`, and the mirror reloads from Chroma on the next question.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.search.lexical import Group, LanguageIndex, build_indexes, lexical_scores

DIMENSIONS = 512


@dataclass(frozen=True)
class MirrorRow:
    id: str
    doc_id: int
    scope: str
    lang: str
    tokens: list[str]


@dataclass
class Mirror:
    rows: list[MirrorRow] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), np.float32))
    revision: str | None = None
    passages: dict[str, tuple[str, dict[str, Any]]] | None = None  # id → (text, metadata)
    _scope_codes: dict[str, int] = field(default_factory=dict)
    _scopes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    _bm25: dict[str, LanguageIndex] | None = None

    def __post_init__(self) -> None:
        self._recode()

    def __len__(self) -> int:
        return len(self.rows)

    # ------------------------------------------------------------ changes
    def append(self, rows: Sequence[MirrorRow], vectors: np.ndarray,
               passages: dict[str, tuple[str, dict[str, Any]]] | None = None) -> None:
        if self.passages is not None:
            self.passages.update(passages or {})
        self.rows.extend(rows)
        self.vectors = np.vstack([self.vectors, np.asarray(vectors, np.float32)])
        self._recode()

    def remove_documents(self, doc_ids: Iterable[int]) -> None:
        gone = set(doc_ids)
        keep = [i for i, r in enumerate(self.rows) if r.doc_id not in gone]
        if len(keep) == len(self.rows):
            return
        if self.passages is not None:
            for r in self.rows:
                if r.doc_id in gone:
                    self.passages.pop(r.id, None)
        self.rows = [self.rows[i] for i in keep]
        self.vectors = self.vectors[keep]
        self._recode()

    def _recode(self) -> None:
        self._scope_codes = {}
        codes = [self._scope_codes.setdefault(r.scope, len(self._scope_codes)) for r in self.rows]
        self._scopes = np.asarray(codes, dtype=np.int32)
        self._bm25 = None  # rebuilt on the next question

    # ------------------------------------------------------------ questions
    def allowed(self, scopes: Iterable[str]) -> np.ndarray:
        """True for the rows the scopes may read: the filter every ranking starts from."""
        wanted = [self._scope_codes[s] for s in set(scopes) if s in self._scope_codes]
        return np.isin(self._scopes, np.asarray(wanted, dtype=np.int32))

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        return self.vectors @ np.asarray(vector, np.float32)

    def lexical(self, query: list[str], allowed: np.ndarray,
                groups: Sequence[Group] | None = None) -> tuple[np.ndarray, dict[str, float]]:
        if self._bm25 is None:
            self._bm25 = build_indexes([r.lang for r in self.rows], [r.tokens for r in self.rows])
        return lexical_scores(self._bm25, query, allowed, len(self.rows), groups)


def top(scores: np.ndarray, allowed: np.ndarray, k: int, *, positive: bool = False) -> list[int]:
    """Positions of the k best allowed scores, best first (only scores > 0 if `positive`)."""
    candidates = np.flatnonzero(allowed & (scores > 0)) if positive else np.flatnonzero(allowed)
    if len(candidates) > k:
        part = np.argpartition(-scores[candidates], k - 1)[:k]
        candidates = candidates[part]
    return [int(i) for i in candidates[np.argsort(-scores[candidates], kind="stable")]]
