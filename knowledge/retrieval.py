"""Hybrid retrieval: meaning (dense vectors) and words (BM25), fused by confidence.

Plain reciprocal-rank fusion treats both retrievers as equally trustworthy on every
question, and so loses to BM25 within a language (BM25 is sharper there) and badly to the
dense side across languages (BM25 is noise there). Here each candidate's two scores are
normalised within the candidate pool (cosine by min–max, BM25 by the best BM25 of its
language) and mixed with a lexical weight that depends on the question:

    weight = LEXICAL_WEIGHT × coverage(question, passage language)

`coverage` is the idf-weighted share of the question's words that occur at all among the
passages of that language. A Chinese question over Chinese contracts shares most of its
vocabulary (weight near LEXICAL_WEIGHT: words lead, meaning breaks ties); the same question
over English contracts shares only numbers and Latin names (weight near zero: meaning
leads). No language detection rule to get wrong, and mixed corpora are handled per passage.
"""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.index import KnowledgeIndex, Passage

POOL = 40
LEXICAL_WEIGHT = 0.8
COVERAGE_POWER = 1.0


@dataclass
class Retrieval:
    question: str
    passages: list[Passage]  # best first, fused score in `.score`
    coverage: dict[str, float]


def fuse(candidates: list[Passage], coverage: dict[str, float], *,
         lexical_weight: float = LEXICAL_WEIGHT, power: float = COVERAGE_POWER) -> list[Passage]:
    """Score each candidate (see the module docstring) and sort best first."""
    if not candidates:
        return []
    hi = max(c.dense for c in candidates)
    lo = min(c.dense for c in candidates)
    spread = (hi - lo) or 1.0
    best_lex: dict[str, float] = {}
    for c in candidates:
        best_lex[c.lang] = max(best_lex.get(c.lang, 0.0), c.lexical)
    for c in candidates:
        weight = lexical_weight * coverage.get(c.lang, 0.0) ** power
        lex = c.lexical / best_lex[c.lang] if best_lex[c.lang] > 0 else 0.0
        c.score = weight * lex + (1 - weight) * (c.dense - lo) / spread
    return sorted(candidates, key=lambda c: -c.score)


def candidates(index: KnowledgeIndex, question: str, scopes: set[str],
               pool: int = POOL) -> tuple[list[Passage], dict[str, float]]:
    """Both retrievers' top `pool`, each candidate carrying both of its scores."""
    from knowledge.embedding import embed_query

    return index.candidates(question, embed_query(question), scopes, pool)


def retrieve(index: KnowledgeIndex, question: str, scopes: set[str] | list[str], *,
             k: int = 5) -> Retrieval:
    """The k best passages the scopes allow, fused; empty when the scopes allow nothing."""
    allowed = set(scopes)
    if not allowed or not question.strip():
        return Retrieval(question, [], {})
    found, coverage = candidates(index, question, allowed)
    return Retrieval(question, fuse(found, coverage)[:k], coverage)


def dense_only(index: KnowledgeIndex, question: str, scopes: set[str], k: int) -> list[Passage]:
    """The dense retriever alone (for benchmarks and comparisons)."""
    from knowledge.embedding import embed_query

    return index.dense(embed_query(question), scopes, k)


def lexical_only(index: KnowledgeIndex, question: str, scopes: set[str], k: int) -> list[str]:
    """The lexical retriever alone: passage ids, best first (for benchmarks)."""
    return index.lexical_ids(question, scopes, k)
