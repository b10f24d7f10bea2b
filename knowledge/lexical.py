"""The lexical half of retrieval: BM25 (bm25s) over jieba and English word tokens.

Passages are kept in a small SQLite file beside the vector index (their tokens, scope and
language), and one BM25 index per language is built from it in memory when first needed
and again after a change (a few hundred milliseconds for 20,000 passages). One index per
language keeps document frequencies meaningful and tells retrieval how much of a
question's vocabulary a language's passages share at all ("coverage"): a Chinese question
over English contracts has almost none, and then only the dense side should speak.

Permission filtering happens before ranking: passages outside the asker's scopes get a
zero weight in the score vector, so they never enter the top k.
"""
from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.text import tokens

K1, B = 1.5, 0.75


@dataclass(frozen=True)
class LexicalRow:
    id: str
    doc_id: int
    scope: str
    lang: str
    text: str


@dataclass
class LexicalHit:
    id: str
    score: float  # raw BM25
    lang: str


class _LanguageIndex:
    """A BM25 index over the passages of one language, with their ids and scopes."""

    def __init__(self, ids: list[str], scopes: list[str], corpus: list[list[str]]) -> None:
        import bm25s

        self.ids = ids
        self.scope_codes = {scope: n for n, scope in enumerate(dict.fromkeys(scopes))}
        self.scopes = np.fromiter((self.scope_codes[s] for s in scopes), dtype=np.int32,
                                  count=len(scopes))
        self.position = {chunk_id: i for i, chunk_id in enumerate(ids)}
        self.bm25 = bm25s.BM25(k1=K1, b=B)
        self.bm25.index([c or [""] for c in corpus], show_progress=False)
        indptr = self.bm25.scores["indptr"]
        self.df = np.diff(indptr)

    def coverage(self, query: list[str]) -> float:
        """Share of the question's information (idf-weighted) this language's passages hold."""
        n = len(self.ids)
        total = held = 0.0
        for token in set(query):
            tid = self.bm25.vocab_dict.get(token)
            df = 0 if tid is None or tid >= len(self.df) else int(self.df[tid])
            weight = math.log(1 + (n + 0.5) / (df + 0.5))
            total += weight
            held += weight if df else 0.0
        return held / total if total else 0.0

    def scores(self, query: list[str], scopes: set[str]) -> np.ndarray:
        wanted = [self.scope_codes[s] for s in scopes if s in self.scope_codes]
        mask = np.isin(self.scopes, wanted).astype(np.float32)
        ids = self.bm25.get_tokens_ids(query)
        if not ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return self.bm25.get_scores(ids, weight_mask=mask)


class LexicalIndex:
    """Passages' tokens persisted in SQLite; BM25 indexes rebuilt lazily per language."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS passage (id TEXT PRIMARY KEY, doc_id INTEGER NOT NULL,"
            " scope TEXT NOT NULL, lang TEXT NOT NULL, tokens TEXT NOT NULL);"
            "CREATE INDEX IF NOT EXISTS ix_passage_doc ON passage(doc_id);"
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
            "INSERT OR IGNORE INTO meta VALUES ('generation', 0);"
        )
        self._built_generation = -1
        self._indexes: dict[str, _LanguageIndex] = {}

    def add(self, rows: list[LexicalRow]) -> None:
        records = [(r.id, r.doc_id, r.scope, r.lang, "\x1f".join(tokens(r.text))) for r in rows]
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO passage VALUES (?, ?, ?, ?, ?)", records)
            self._bump()

    def remove_document(self, doc_id: int) -> None:
        with self.db:
            self.db.execute("DELETE FROM passage WHERE doc_id = ?", (doc_id,))
            self._bump()

    def clear(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM passage")
            self._bump()

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM passage").fetchone()[0])

    def _bump(self) -> None:
        self.db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")

    def _generation(self) -> int:
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def indexes(self) -> dict[str, _LanguageIndex]:
        generation = self._generation()
        if generation != self._built_generation:
            self._indexes = self._build()
            self._built_generation = generation
        return self._indexes

    def _build(self) -> dict[str, _LanguageIndex]:
        by_lang: dict[str, tuple[list[str], list[str], list[list[str]]]] = {}
        for chunk_id, scope, lang, toks in self.db.execute(
                "SELECT id, scope, lang, tokens FROM passage ORDER BY id"):
            ids, scopes, corpus = by_lang.setdefault(lang, ([], [], []))
            ids.append(chunk_id)
            scopes.append(scope)
            corpus.append(toks.split("\x1f") if toks else [])
        return {lang: _LanguageIndex(*parts) for lang, parts in by_lang.items()}

    def search(self, query: str, scopes: set[str], k: int) -> LexicalResult:
        """The top k passages by BM25 within the scopes, each language's coverage, all scores."""
        query_tokens = tokens(query)
        result = LexicalResult([], {}, {})
        for lang, index in self.indexes().items():
            result.coverage[lang] = index.coverage(query_tokens)
            scores = index.scores(query_tokens, scopes)
            top = np.argpartition(-scores, min(k, len(scores) - 1))[:k] if len(scores) else []
            result.hits += [LexicalHit(index.ids[i], float(scores[i]), lang)
                            for i in top if scores[i] > 0]
            result.arrays[lang] = (index, scores)
        result.hits.sort(key=lambda h: -h.score)
        del result.hits[k:]
        return result


@dataclass
class LexicalResult:
    hits: list[LexicalHit]
    coverage: dict[str, float]
    arrays: dict[str, tuple[_LanguageIndex, np.ndarray]]

    def score_of(self, chunk_id: str) -> float:
        """BM25 of any passage, e.g. a dense candidate the lexical top k missed (0 if none)."""
        for index, scores in self.arrays.values():
            i = index.position.get(chunk_id)
            if i is not None:
                return float(scores[i])
        return 0.0
