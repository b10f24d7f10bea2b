"""From retrieved passages to the whole answer with its sources, or an honest "not found".

By default the answer is extractive: the unit of the best passages that answers (a
sentence, or a whole list, table row with its header, clause with its sub-clauses; see
`knowledge/span.py`), quoted as written (a Chinese question about an English contract gets
the English clause, cited). With a chat model the passages are handed to it and it writes
the answer in the asker's language, still citing; the sources listed are the same passages
either way, so a model cannot cite what the asker may not read.

"Not found" when even the best unit scores below ANSWERABLE (ANSWERABLE_CROSS when that unit
is in the other language): thresholds calibrated on the answerable and unanswerable
questions of benchmarks/docqa (both languages; see docs/documents-qa.md). Then no passage
is quoted; the closest documents are offered by title instead, so the asker knows where
else to look.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.search.index import KnowledgeIndex, Passage
from knowledge.search.retrieval import Preference, retrieve

MIN_COSINE = 0.22
# The best unit's score (½ cosine + ½ word share) must reach this for an answer; calibrated
# on benchmarks/docqa (`--calibrate`), separately for a unit in the question's language and
# one in the other language: across languages the word share rests on translations only
# (lexicon.py), so a right answer scores lower there.
ANSWERABLE = 0.32
ANSWERABLE_CROSS = 0.30
MAX_SOURCES = 3
MAX_SUGGESTIONS = 3
SUGGEST_FROM = 0.15  # a document is offered when one of its units scores at least this
SOURCE_CHARS = 400


@dataclass(frozen=True)
class Source:
    document: str
    file: str
    project: str
    version: int
    location: str
    text: str

    @classmethod
    def of(cls, passage: Passage) -> Source:
        m = passage.meta
        return cls(str(m.get("title", "")), str(m.get("file", "")), str(m.get("project", "")),
                   int(m.get("version", 1)), str(m.get("location", "")),
                   passage.text[:SOURCE_CHARS])

    def citation(self) -> str:
        where = f", {self.location}" if self.location else ""
        return f"[{self.document} v{self.version}{where}]"


@dataclass(frozen=True)
class Suggestion:
    """A document close to an unanswered question, offered by its title (never quoted)."""

    document: str
    file: str
    project: str


@dataclass
class Answer:
    found: bool
    answer: str
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    confidence: float = 0.0  # the best unit's score
    crossed: bool = False  # the best unit is in the other language than the question

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"found": self.found, "answer": self.answer,
                               "sources": [asdict(s) for s in self.sources]}
        if self.suggestions:
            out["suggestions"] = [asdict(s) for s in self.suggestions]
        return out


def answer_question(index: KnowledgeIndex, question: str, scopes: set[str] | list[str], *,
                    lang: str = "en", llm: Any = None,
                    preference: Preference | None = None) -> Answer:
    """Answer from the passages the scopes allow; never from any other."""
    from knowledge.reading.text import language_of
    from knowledge.span import SPAN_PASSAGES, best_unit

    found = retrieve(index, question, scopes, k=MAX_SOURCES + 2, preference=preference).passages
    if not found:
        return Answer(False, "")
    unit, score = best_unit(question, [(p.text, str(p.meta.get("title", "")))
                                       for p in found[:SPAN_PASSAGES]])
    crossed = language_of(unit.quote) != language_of(question)
    if score < (ANSWERABLE_CROSS if crossed else ANSWERABLE):
        return Answer(False, "", suggestions=suggest(found), confidence=score, crossed=crossed)
    home = found[unit.passage]
    cited: dict[str, Passage] = {}  # one source per citation (title, version, place)
    for p in [home] + [p for p in found if p is not home and p.unit >= ANSWERABLE]:
        cited.setdefault(Source.of(p).citation(), p)
    best = list(cited.values())[:MAX_SOURCES]
    sources = [Source.of(p) for p in best]
    if llm is not None:
        return Answer(True, synthesise(llm, question, best, sources, lang), sources,
                      confidence=score, crossed=crossed)
    return Answer(True, f"{unit.quote} {sources[0].citation()}", sources, confidence=score,
                  crossed=crossed)


def suggest(passages: list[Passage]) -> list[Suggestion]:
    """The distinct documents of the closest passages, closest first; none when even the
    closest is far (a question about the Mona Lisa gets no reading list)."""
    seen: dict[str, Suggestion] = {}
    for p in passages:
        if p.unit < SUGGEST_FROM and p.dense < MIN_COSINE:
            continue
        m = p.meta
        key = f"{m.get('project')}/{m.get('file')}"
        seen.setdefault(key, Suggestion(str(m.get("title", "")), str(m.get("file", "")),
                                        str(m.get("project", ""))))
    return list(seen.values())[:MAX_SUGGESTIONS]


PROMPT = (
    "Answer the question using only the numbered passages below. Answer in {language}, in one "
    "to three sentences, and cite the passages you used as [1], [2]. If the passages do not "
    "contain the answer, say you could not find it.\n\n{passages}\n\nQuestion: {question}"
)


def synthesise(llm: Any, question: str, passages: list[Passage], sources: list[Source],
               lang: str) -> str:
    """A chat model's answer over the passages, with the citations spelled out after it."""
    numbered = "\n\n".join(f"[{n}] {s.citation()}\n{p.text}"
                           for n, (p, s) in enumerate(zip(passages, sources, strict=True), 1))
    language = "Chinese (简体中文)" if lang == "zh" else "English"
    reply = llm.invoke(PROMPT.format(language=language, passages=numbered, question=question))
    text = str(getattr(reply, "content", reply)).strip()
    legend = " ".join(f"[{n}] {s.citation()}" for n, s in enumerate(sources, 1))
    return f"{text}\n{legend}"
