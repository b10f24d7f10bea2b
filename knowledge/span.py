"""The part of a passage that answers: a sentence, or a whole list, table row or clause.

A passage is read back into its blocks (`knowledge/reading/structure.py`) and every candidate
unit is scored against the question by meaning (the encoder's cosine) and by words (the
share of the question's words it holds): each sentence of a paragraph; each list item,
sub-clause and table row; and each whole list, clause and table together with the heading
above it. The best unit is then quoted whole as a reader needs it: an item or a whole
list → the list with its introduction and every item; a sub-clause or a clause → the
clause with all its sub-clauses; a table row → the header and that row; a whole table
→ the table. A very long list or table is quoted as its introduction or header and the
best item or row instead. Measured on benchmarks/docqa (see docs/notes/issue-14.md).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from knowledge.reading.structure import Block, blocks_of, is_caption
from knowledge.reading.text import language_of, sentences, tokens

MAX_QUOTE = 700  # characters: above this a list or table is quoted by its best item or row
SHORT_SENTENCE = 30
DENSE_WEIGHT = 0.5
RANK_BONUS = 0.05  # for the best retrieved passage; half for the second
SPAN_PASSAGES = 3
PARALLEL_MARGIN = 0.1  # a bilingual document answers in the asker's language (see best_unit)


@dataclass(frozen=True)
class Unit:
    scored: str  # the text compared with the question
    quote: str  # what is quoted if this unit wins
    passage: int  # which passage (0 = the best retrieved)


def units_of(text: str, passage: int = 0) -> list[Unit]:
    """Every candidate unit of one passage, in reading order."""
    out: list[Unit] = []
    heading = ""
    for block in blocks_of(text):
        if is_caption(block):  # a title or heading is context, never the answer itself
            heading = block.text
            continue
        out += _block_units(block, heading, passage)
    return out


def _block_units(block: Block, heading: str, passage: int) -> list[Unit]:
    whole = block.text
    context = f"{heading}\n{whole}" if heading else whole
    if block.kind == "para":
        return _sentence_units(whole, passage)
    if block.kind == "table":
        rows = [Unit(f"{block.head}\n{row}".strip(), f"{block.head}\n{row}".strip(), passage)
                for row in block.lines]
        table = [Unit(context, whole, passage)] if len(whole) <= MAX_QUOTE else []
        return rows + table
    fits = len(whole) <= MAX_QUOTE
    caption = block.head or heading
    parts = [Unit(line, whole if fits else f"{caption}\n{line}".strip(), passage)
             for line in block.lines]
    head = [Unit(context, whole if fits else f"{caption}\n" + "\n".join(block.lines[:3]), passage)]
    return head + parts


def _sentence_units(text: str, passage: int) -> list[Unit]:
    parts = sentences(text) or [text]
    out = []
    for i, part in enumerate(parts):
        quote = part
        if len(part) < SHORT_SENTENCE and i + 1 < len(parts):
            quote = f"{part} {parts[i + 1]}"
        out.append(Unit(part, quote, passage))
    return out


def word_share(question: str, text: str, *, known: frozenset[str] = frozenset()) -> float:
    """Share of the question's distinct words that the text contains. Words in `known`
    (the document's title) are left out: "the brand guide" in a question is satisfied by
    the document it names, not by the one sentence that happens to repeat its title."""
    from knowledge.search.lexicon import lexicon

    groups = lexicon().groups(question)
    wanted = [g for g in groups if not g & known] or groups
    have = set(tokens(text))
    return sum(bool(g & have) for g in wanted) / len(wanted) if wanted else 0.0


def scored_units(question: str, passages: list[tuple[str, str]], *,
                 dense_weight: float = DENSE_WEIGHT) -> list[tuple[float, Unit]]:
    """Every unit of the given (text, document title) passages with its score against the
    question: meaning and words, without any bonus for the passage's rank."""
    from knowledge.search.embedding import embed_query

    candidates = [u for n, (t, _) in enumerate(passages) for u in units_of(t, n)]
    if not candidates:
        return []
    titles = [frozenset(tokens(title)) for _, title in passages]
    cosines = unit_vectors([u.scored for u in candidates]) @ embed_query(question)
    return [(dense_weight * float(c)
             + (1 - dense_weight) * word_share(question, u.scored, known=titles[u.passage]), u)
            for c, u in zip(cosines, candidates, strict=True)]


_VECTORS: OrderedDict[str, np.ndarray] = OrderedDict()
CACHED_UNITS = 20000


def unit_vectors(texts: list[str]) -> np.ndarray:
    """Vectors of units, remembered (LRU): re-ranking and quoting score the same units, and
    a serving process sees the same passages again and again."""
    from knowledge.search.embedding import embed

    missing = list(dict.fromkeys(t for t in texts if t not in _VECTORS))
    if missing:
        for text, vector in zip(missing, embed(missing), strict=True):
            _VECTORS[text] = vector
        while len(_VECTORS) > CACHED_UNITS:
            _VECTORS.popitem(last=False)
    for text in texts:
        _VECTORS.move_to_end(text)
    return np.vstack([_VECTORS[t] for t in texts])


def best_unit(question: str, passages: list[tuple[str, str]]) -> tuple[Unit, float]:
    """The best unit of the given passages (best first, with a small bonus for the first
    two) and its score without that bonus (what the answerability threshold compares).

    A bilingual document says everything twice: when the best unit is in the other
    language and the same document has a unit in the asker's language nearly as good
    (within PARALLEL_MARGIN), that one is quoted."""
    scored = scored_units(question, passages)
    if not scored:
        return Unit(passages[0][0], passages[0][0], 0), 0.0
    ranked = sorted(((s + RANK_BONUS * max(0, 2 - u.passage) / 2, s, u) for s, u in scored),
                    key=lambda x: -x[0])
    top, raw, unit = ranked[0]
    asked = language_of(question)
    if language_of(unit.quote) != asked:
        title = passages[unit.passage][1]
        for total, s, other in ranked[1:]:
            if total < top - PARALLEL_MARGIN:
                break
            if passages[other.passage][1] == title and language_of(other.quote) == asked:
                return other, s
    return unit, raw


def best_per_passage(question: str, passages: list[tuple[str, str]], *,
                     dense_weight: float = DENSE_WEIGHT) -> list[float]:
    """Each passage's best unit score (0 for a passage without units)."""
    best = [0.0] * len(passages)
    for score, unit in scored_units(question, passages, dense_weight=dense_weight):
        best[unit.passage] = max(best[unit.passage], score)
    return best
