"""From retrieved passages to a short answer with its sources, or an honest "not found".

By default the answer is extractive: the sentence of the best passages that is closest
to the question, by meaning and by shared words, quoted as written (a Chinese question
about an English contract gets the English clause, cited). With a chat model the passages
are handed to it and it writes the answer in the asker's language, still citing; the
sources listed are the same passages either way, so a model cannot cite what the asker
may not read. "Not found" when the best passage is neither close in meaning nor holds
half of the question's words.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.index import KnowledgeIndex, Passage
from knowledge.retrieval import retrieve
from knowledge.span import word_share

MIN_COSINE = 0.22
MIN_SHARE = 0.5
MAX_SOURCES = 3
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


@dataclass
class Answer:
    found: bool
    answer: str
    sources: list[Source] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"found": self.found, "answer": self.answer,
                "sources": [asdict(s) for s in self.sources]}


def relevant(question: str, passage: Passage) -> bool:
    return passage.dense >= MIN_COSINE or word_share(question, passage.text) >= MIN_SHARE


def answer_question(index: KnowledgeIndex, question: str, scopes: set[str] | list[str], *,
                    lang: str = "en", llm: Any = None) -> Answer:
    """Answer from the passages the scopes allow; never from any other."""
    found = retrieve(index, question, scopes, k=MAX_SOURCES + 2).passages
    best = [p for p in found if relevant(question, p)][:MAX_SOURCES]
    if not best:
        return Answer(False, "")
    sources = [Source.of(p) for p in best]
    if llm is not None:
        return Answer(True, synthesise(llm, question, best, sources, lang), sources)
    return Answer(True, extract(question, best), sources)


def extract(question: str, passages: list[Passage]) -> str:
    """The unit of the best two passages that answers (see `knowledge/span.py`), cited."""
    from knowledge.span import SPAN_PASSAGES, best_unit

    unit, _ = best_unit(question, [(p.text, str(p.meta.get("title", "")))
                                   for p in passages[:SPAN_PASSAGES]])
    return f"{unit.quote} {Source.of(passages[unit.passage]).citation()}"


PROMPT = (
    "Answer the question using only the numbered passages below. Answer in {language}, in one "
    "to three sentences, and cite the passages you used as [1], [2]. If the passages do not "
    "contain the answer, say you could not find it.\n\n{passages}\n\nQuestion: {question}"
)


def synthesise(llm: Any, question: str, passages: list[Passage], sources: list[Source],
               lang: str) -> str:
    """A chat model's answer over the passages, with the citations spelled out after it."""
    numbered = "\n\n".join(f"[{n}] {s.citation()}\n{p.text}"
                           for n, (p, s) in enumerate(zip(passages, sources), 1))
    language = "Chinese (简体中文)" if lang == "zh" else "English"
    reply = llm.invoke(PROMPT.format(language=language, passages=numbered, question=question))
    text = str(getattr(reply, "content", reply)).strip()
    legend = " ".join(f"[{n}] {s.citation()}" for n, s in enumerate(sources, 1))
    return f"{text}\n{legend}"
