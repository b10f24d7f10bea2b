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

from knowledge.search.index import KnowledgeIndex, Passage

POOL = 40
LEXICAL_WEIGHT = 0.8
COVERAGE_POWER = 1.0
NAMED_DOCUMENT_BONUS = 0.3  # fused scores are within [0, 1]
OWN_PROJECT_BONUS = 0.05
RERANK_DEPTH = 5
RERANK_WEIGHT = 0.3
RERANK_DENSE = 0.5  # the re-ranking unit score: half meaning, half words (measured on docqa)


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
    from knowledge.search.embedding import embed_query

    return index.candidates(question, embed_query(question), scopes, pool)


def rerank(question: str, passages: list[Passage], *, depth: int | None = None,
           weight: float | None = None) -> list[Passage]:
    """Re-order the first `depth` fused passages by their best unit (a sentence, list item,
    row or clause) against the question, mixed with the fused score. A passage's vector
    averages all it says; its best sentence is a sharper witness, above all when question
    and passage are in different languages. `.unit` keeps that best unit's score."""
    from knowledge.span import best_per_passage

    depth = RERANK_DEPTH if depth is None else depth
    weight = RERANK_WEIGHT if weight is None else weight
    head = passages[:depth]
    if not head:
        return passages
    best = best_per_passage(question, [(p.text, str(p.meta.get("title", ""))) for p in head],
                            dense_weight=RERANK_DENSE)
    top_score = max(p.score for p in head) or 1.0
    for p, unit in zip(head, best, strict=True):
        p.unit = unit
        p.score = (1 - weight) * p.score / top_score + weight * unit
    return sorted(head, key=lambda p: -p.score) + passages[depth:]


@dataclass(frozen=True)
class Preference:
    """What the asker pointed at without restricting the search: documents the question
    named, and the asker's own projects' scopes (see intents/handlers/docs_scope.py)."""

    docs: frozenset[int] = frozenset()
    scopes: frozenset[str] = frozenset()


def prefer(passages: list[Passage], preference: Preference | None) -> list[Passage]:
    """Raise the preferred passages' fused scores and re-sort."""
    if preference is None or not (preference.docs or preference.scopes):
        return passages
    for p in passages:
        if int(p.meta.get("doc_id", 0)) in preference.docs:
            p.score += NAMED_DOCUMENT_BONUS
        if str(p.meta.get("scope", "")) in preference.scopes:
            p.score += OWN_PROJECT_BONUS
    return sorted(passages, key=lambda p: -p.score)


def retrieve(index: KnowledgeIndex, question: str, scopes: set[str] | list[str], *,
             k: int = 5, reranked: bool = True, preference: Preference | None = None) -> Retrieval:
    """The k best passages the scopes allow, fused, preferred and re-ranked; empty when the
    scopes allow nothing."""
    allowed = set(scopes)
    if not allowed or not question.strip():
        return Retrieval(question, [], {})
    found, coverage = candidates(index, question, allowed)
    fused = prefer(fuse(found, coverage), preference)
    if reranked:
        fused = rerank(question, fused)
    return Retrieval(question, fused[:k], coverage)


def dense_only(index: KnowledgeIndex, question: str, scopes: set[str], k: int) -> list[Passage]:
    """The dense retriever alone (for benchmarks and comparisons)."""
    from knowledge.search.embedding import embed_query

    return index.dense(embed_query(question), scopes, k)


def lexical_only(index: KnowledgeIndex, question: str, scopes: set[str], k: int) -> list[str]:
    """The lexical retriever alone: passage ids, best first (for benchmarks)."""
    return index.lexical_ids(question, scopes, k)
