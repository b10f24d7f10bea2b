"""The lexical half of retrieval: BM25 (bm25s) over jieba and English word tokens.

One BM25 index per language, built in memory from the passages' stored tokens (a few
hundred milliseconds for 20,000 passages) and kept between questions until the passages
change. One index per language keeps document frequencies meaningful and tells retrieval
how much of a question's vocabulary a language's passages share at all ("coverage"): a
Chinese question over English contracts has almost none, and then only the dense side
should speak.

Permission filtering happens before ranking: passages outside the asker's scopes get a
zero weight in the score vector, so they never enter the top k.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

K1, B = 1.5, 0.75


class LanguageIndex:
    """BM25 over the passages of one language; `rows` are their positions in the mirror."""

    def __init__(self, rows: np.ndarray, corpus: Sequence[list[str]]) -> None:
        import bm25s

        self.rows = rows
        self.bm25 = bm25s.BM25(k1=K1, b=B)
        self.bm25.index([c or [""] for c in corpus], show_progress=False)
        self.df = np.diff(self.bm25.scores["indptr"])
        n = len(rows)
        self.idf = np.log1p((n + 0.5) / (self.df + 0.5))  # precomputed for `coverage`
        self.unknown_idf = math.log1p((n + 0.5) / 0.5)

    def coverage(self, query: list[str], groups: Sequence[set[str]] | None = None) -> float:
        """Share of the question's information (idf-weighted) this language's passages hold.
        With `groups` (each question word with its translations, see lexicon.py) a word
        counts as held when any of its group is, at the rarest held member's idf: its ten
        translations in the other language neither dilute a same-language question's
        coverage nor count ten times."""
        total = held = 0.0
        for group in groups if groups is not None else [{t} for t in set(query)]:
            known = [self._idf(t) for t in group]
            present = [i for i in known if i is not None]
            if present:
                total += max(present)
                held += max(present)
            else:
                total += self.unknown_idf
        return held / total if total else 0.0

    def _idf(self, token: str) -> float | None:
        tid = self.bm25.vocab_dict.get(token)
        if tid is None or tid >= len(self.df) or not self.df[tid]:
            return None
        return float(self.idf[tid])

    def scores(self, query: list[str], allowed: np.ndarray) -> np.ndarray:
        """BM25 of each of this language's passages; 0 where `allowed` (global mask) is False."""
        mask = allowed[self.rows].astype(np.float32)
        ids = self.bm25.get_tokens_ids(query)
        if not ids or not mask.any():
            return np.zeros(len(self.rows), dtype=np.float32)
        return self.bm25.get_scores(ids, weight_mask=mask)


def build_indexes(langs: Sequence[str], corpus: Sequence[list[str]]) -> dict[str, LanguageIndex]:
    """One BM25 index per language over the mirror's rows."""
    by_lang: dict[str, list[int]] = {}
    for row, lang in enumerate(langs):
        by_lang.setdefault(lang, []).append(row)
    return {lang: LanguageIndex(np.asarray(rows, dtype=np.int64), [corpus[r] for r in rows])
            for lang, rows in by_lang.items()}


def lexical_scores(indexes: dict[str, LanguageIndex], query: list[str], allowed: np.ndarray,
                   size: int, groups: Sequence[set[str]] | None = None,
                   ) -> tuple[np.ndarray, dict[str, float]]:
    """Every passage's BM25 in one global array (0 outside the scopes) and each coverage."""
    scores = np.zeros(size, dtype=np.float32)
    coverage: dict[str, float] = {}
    for lang, index in indexes.items():
        coverage[lang] = index.coverage(query, groups)
        scores[index.rows] = index.scores(query, allowed)
    return scores, coverage
