"""Where passages live: a Chroma collection (vectors) and a lexical index beside it.

Every passage carries its `scope` — the access key the domain computes, e.g.
"project:7:internal", "project:7:client" or "doc:12" for a restricted document — and every
search takes the asker's scopes and filters inside the query (Chroma's `where`, the lexical
index's weight mask), so a passage the asker may not read never enters a ranking.

Embedded by default (a persistent Chroma client in a folder), or a Chroma server when a
URL is given. Telemetry is off; the embedding function is always passed explicitly.
Chroma is the one store: each passage's lexical tokens travel in its metadata, so replicas
sharing a Chroma server share the lexical index too. Questions are answered from an
in-memory mirror of the collection (see `knowledge/search/mirror.py`).
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from knowledge.reading.chunking import Chunk
from knowledge.reading.text import language_of, tokens
from knowledge.search.lexical import Group
from knowledge.search.mirror import DIMENSIONS, Mirror, MirrorRow, top

COLLECTION = "pmbot_passages"
LOAD_BATCH = 5000
ADD_BATCH = 1024
BULK_PASSAGES = 512  # within `bulk()`, pending passages are sent once there are this many


@dataclass(frozen=True)
class DocumentRef:
    """What a passage must say about its document to be filtered and cited."""

    doc_id: int
    scope: str
    title: str
    file: str
    project: str
    version: int


@dataclass
class Passage:
    id: str
    text: str
    meta: dict[str, Any]
    dense: float = 0.0  # cosine similarity to the question
    lexical: float = 0.0  # raw BM25
    score: float = 0.0  # fused (and re-ranked)
    unit: float = 0.0  # the best unit's score, when re-ranked (see knowledge/span.py)

    @property
    def lang(self) -> str:
        return str(self.meta.get("lang", "en"))


@dataclass
class _Pending:
    """Writes not yet sent to Chroma: documents to (re)add, and every document whose old
    passages must go first (the re-added ones included)."""

    adds: dict[int, tuple[DocumentRef, list[Chunk], np.ndarray | None]] = field(default_factory=dict)
    removes: set[int] = field(default_factory=set)

    def passages(self) -> int:
        return sum(len(chunks) for _, chunks, _ in self.adds.values())


def _client(path: Path | None, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        return chromadb.HttpClient(host=url.hostname or "localhost",
                                   port=url.port or (443 if url.scheme == "https" else 8000),
                                   ssl=url.scheme == "https", settings=settings)
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path / "chroma"), settings=settings)


TITLE_IN_VECTORS = True


def titled_text(title: str, text: str) -> str:
    """A passage as it is indexed: under its document's title, so that "the brand guide" or
    "蓝图设计说明书" finds every passage of that document, and a passage that only says
    "the fee is …" still says whose contract it is."""
    return text if not title or text.startswith(title) else f"{title}\n{text}"


def query_words(question: str) -> list[str]:
    """The question's words and their equivalents in the other language (see lexicon.py)."""
    from knowledge.search.lexicon import lexicon

    return lexicon().expand(question) if EXPAND_QUERIES else tokens(question)


def query_groups(question: str) -> list[Group] | None:
    """Each question word with its glossary equivalents and its dictionary translations,
    for coverage (None when not expanding)."""
    from knowledge.search.lexicon import lexicon

    return lexicon().translation_groups(question) if EXPAND_QUERIES else None


EXPAND_QUERIES = True


class KnowledgeIndex:
    """The passages of all documents, searchable by meaning and by words, within scopes."""

    def __init__(self, path: Path, *, chroma_url: str | None = None) -> None:
        self.path = Path(path)
        self.chroma_url = chroma_url
        self._client: Any = None
        self._collection: Any = None
        self._mirror: Mirror | None = None
        self._lock = threading.RLock()
        self._local = threading.local()  # this thread's writes gathered by `bulk()`
        self.flushes = 0  # groups of writes sent to Chroma (counted for tests)

    @property
    def client(self) -> Any:
        """Chroma, opened on first use: a question answered from the snapshot never needs it."""
        if self._client is None:
            self._client = _client(self.path, self.chroma_url)
        return self._client

    @property
    def embedding(self) -> Any:
        from knowledge.search.chroma_embedding import UseMultilingualEmbedding

        return UseMultilingualEmbedding()

    @property
    def collection(self) -> Any:
        if self._collection is None:
            self._collection = self._open()
        return self._collection

    @collection.setter
    def collection(self, value: Any) -> None:
        self._collection = value

    @property
    def local(self) -> bool:
        """Embedded (a folder of our own): the revision file and the snapshot apply."""
        return not self.chroma_url

    def _open(self) -> Any:
        return self.client.get_or_create_collection(
            COLLECTION, embedding_function=self.embedding,
            configuration={"hnsw": {"space": "cosine"}},
        )

    # ------------------------------------------------------------------ writing
    def add(self, doc: DocumentRef, chunks: list[Chunk], vectors: np.ndarray | None = None) -> int:
        """Index a document's passages (replacing any of the same document); returns the count.

        `vectors` lets a caller that already embedded the texts (benchmarks) skip the model.
        Removal and addition make one revision: each file costs a constant number of Chroma
        calls, whatever the size of the library. Within `bulk()` the passages wait and go to
        Chroma with the other files' (see there)."""
        pending = self._pending if self._pending is not None else _Pending()
        pending.adds[doc.doc_id] = (doc, chunks, vectors)
        pending.removes.add(doc.doc_id)
        if self._pending is None:
            self._flush(pending)
        elif pending.passages() >= BULK_PASSAGES:
            self._flush(pending)
            self._pending = _Pending()
        return len(chunks)

    @property
    def _pending(self) -> _Pending | None:
        return getattr(self._local, "pending", None)

    @_pending.setter
    def _pending(self, value: _Pending | None) -> None:
        self._local.pending = value

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Gather the writes made within and send them to Chroma together, on leaving (also
        when leaving by an exception: what was written before it is kept).

        A Chroma write costs tens of milliseconds whatever its size (and the revision one
        more), and a short file embeds best beside others (a large batch is split across
        cores): `pmbot docs add` of many files adds them in groups instead of one by one.
        Nested calls join the outer group. When the snapshot on disk was current, the
        changes are applied to it too and it is saved at the end, so the next one-shot
        question does not have to rebuild it from Chroma."""
        if self._pending is not None:
            yield
            return
        self._pending = _Pending()
        kept = self._from_snapshot() if self.local else None  # follows the writes, if current
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            self._flush(pending)
            if kept is not None and self._mirror is kept:  # still current: saved as it is now
                self._save_snapshot(kept)

    def _flush(self, pending: _Pending) -> None:
        """One deletion, one addition (in ADD_BATCH slices) and one revision for all that
        is pending; the mirror, if loaded, follows."""
        if not pending.removes:
            return
        self.flushes += 1
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        rows: list[MirrorRow] = []
        blocks: list[np.ndarray] = []
        to_embed: list[tuple[int, list[str]]] = []
        for doc, chunks, given in pending.adds.values():
            doc_ids = [f"{doc.doc_id}:{c.ordinal}" for c in chunks]
            doc_texts = [c.text for c in chunks]
            titled = [titled_text(doc.title, t) for t in doc_texts]
            words = [tokens(t) for t in titled]
            doc_metas = [self._meta(doc, c, w) for c, w in zip(chunks, words, strict=True)]
            ids += doc_ids
            texts += doc_texts
            metas += doc_metas
            rows += [MirrorRow(i, doc.doc_id, doc.scope, str(m["lang"]), w)
                     for i, m, w in zip(doc_ids, doc_metas, words, strict=True)]
            if given is None:
                to_embed.append((len(blocks), titled if TITLE_IN_VECTORS else doc_texts))
                blocks.append(np.zeros((0, DIMENSIONS), np.float32))
            else:
                blocks.append(np.asarray(given, np.float32))
        if to_embed:  # all files' texts in one call: a large batch uses every free core
            from knowledge.search.embedding import embed

            embedded = embed([t for _, part in to_embed for t in part])
            start = 0
            for position, part in to_embed:
                blocks[position] = embedded[start:start + len(part)]
                start += len(part)
        vectors = np.vstack(blocks) if blocks else np.zeros((0, DIMENSIONS), np.float32)
        gone = sorted(pending.removes)
        self._revision()  # follow the collection if another process rebuilt it
        self.collection.delete(where={"doc_id": {"$in": gone}} if len(gone) > 1
                               else {"doc_id": gone[0]})
        for start in range(0, len(ids), ADD_BATCH):
            end = start + ADD_BATCH
            self.collection.add(ids=ids[start:end], documents=texts[start:end],
                                metadatas=metas[start:end], embeddings=vectors[start:end])
        passages = {i: (t, _public(m)) for i, t, m in zip(ids, texts, metas, strict=True)}

        def apply(mirror: Mirror) -> None:
            mirror.remove_documents(gone)
            mirror.append(rows, vectors, passages)

        self._changed(apply)

    @staticmethod
    def _meta(doc: DocumentRef, chunk: Chunk, words: list[str]) -> dict[str, Any]:
        return {"doc_id": doc.doc_id, "scope": doc.scope, "title": doc.title, "file": doc.file,
                "project": doc.project, "version": doc.version, "location": chunk.location,
                "ordinal": chunk.ordinal, "lang": language_of(chunk.text),
                "tokens": " ".join(words)}

    def remove_document(self, doc_id: int) -> None:
        if self._pending is not None:  # within `bulk()`: leaves with the others
            self._pending.adds.pop(doc_id, None)
            self._pending.removes.add(doc_id)
            return
        self._revision()  # follow the collection if another process rebuilt it
        self.collection.delete(where={"doc_id": doc_id})
        self._changed(lambda mirror: mirror.remove_documents([doc_id]))

    def clear(self) -> None:
        _ = self.collection  # opened (so created) first: there must be something to drop
        self.client.delete_collection(COLLECTION)
        self.collection = self._open()
        self._changed(lambda mirror: mirror.remove_documents({r.doc_id for r in mirror.rows}))

    def count(self) -> int:
        return int(self.collection.count())

    def _revision(self) -> str | None:
        """The collection's change marker, as any process last left it; follows the collection
        when another process rebuilt it (`pmbot docs reindex` drops and recreates it)."""
        try:
            current = self.client.get_collection(COLLECTION, embedding_function=self.embedding)
        except Exception:  # dropped elsewhere and not yet recreated
            current = self._open()
        if current.id != self.collection.id:
            self.collection = current
        return (current.metadata or {}).get("revision")

    def _changed(self, apply: Any) -> None:
        """Mark the collection changed; keep our mirror by applying the change to it, unless
        someone else changed the collection since it was loaded (then reload it later)."""
        with self._lock:
            before = self._revision()
            after = uuid.uuid4().hex
            self.collection.modify(metadata={"revision": after})
            if self.local:
                from knowledge.search.snapshot import write_revision

                write_revision(self.path, after)
            mirror = self._mirror
            if mirror is not None and mirror.revision == before:
                apply(mirror)
                mirror.revision = after
            else:
                self._mirror = None

    # ------------------------------------------------------------------ the mirror
    def mirror(self) -> Mirror:
        """The in-memory copy, reloaded when another process changed the collection.

        Embedded, the revision file says whether the copy (or the snapshot on disk) is
        current, without opening Chroma. Otherwise the collection's revision and count are
        compared: two replicas writing within the same millisecond can leave one of them
        believing its copy current (Chroma has no compare-and-set for the revision), and a
        passage count that differs gives that away."""
        with self._lock:
            if self.local:
                current = self._from_snapshot()
                if current is not None:
                    return current
            revision = self._revision()
            mirror = self._mirror
            if mirror is None or mirror.revision != revision or len(mirror) != self.count():
                self._mirror = self._load(revision)
                self._save_snapshot(self._mirror)
            return self._mirror  # type: ignore[return-value]

    def _from_snapshot(self) -> Mirror | None:
        from knowledge.search.snapshot import load, read_revision

        revision = read_revision(self.path)
        if revision is None:
            return None
        if self._mirror is not None and self._mirror.revision == revision:
            return self._mirror
        loaded = load(self.path, revision)
        if loaded is not None:
            self._mirror = loaded
        return loaded

    def _save_snapshot(self, mirror: Mirror) -> None:
        if not self.local or mirror.revision is None:
            return
        from knowledge.search.snapshot import read_revision, save, write_revision

        if read_revision(self.path) is None:  # an index written before revision files
            write_revision(self.path, mirror.revision)
        save(self.path, mirror.revision, mirror)

    def _load(self, revision: str | None) -> Mirror:
        rows: list[MirrorRow] = []
        blocks: list[np.ndarray] = []
        passages: dict[str, tuple[str, dict[str, Any]]] = {}
        total = self.collection.count()
        for offset in range(0, total, LOAD_BATCH):
            got = self.collection.get(include=["embeddings", "metadatas", "documents"],
                                      limit=LOAD_BATCH, offset=offset)
            metas = [dict(m or {}) for m in got["metadatas"] or []]
            untokenised = [i for i, m in zip(got["ids"], metas, strict=False) if "tokens" not in m]
            texts = self._texts(untokenised)
            for chunk_id, m, text in zip(got["ids"], metas, got["documents"] or [], strict=True):
                passages[chunk_id] = (text or "", _public(m))
                words = str(m["tokens"]).split() if "tokens" in m else tokens(texts[chunk_id])
                rows.append(MirrorRow(chunk_id, int(m.get("doc_id", 0)), str(m.get("scope", "")),
                                      str(m.get("lang", "en")), words))
            blocks.append(np.asarray(got["embeddings"], dtype=np.float32).reshape(-1, DIMENSIONS))
        vectors = np.vstack(blocks) if blocks else np.zeros((0, DIMENSIONS), np.float32)
        return Mirror(rows, vectors, revision, passages)

    def _texts(self, ids: list[str]) -> dict[str, str]:
        """Passages indexed before tokens were stored in Chroma: tokenised once, on load."""
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents"])
        return {i: d or "" for i, d in zip(got["ids"], got["documents"] or [], strict=False)}

    # ------------------------------------------------------------------ reading
    def candidates(self, question: str, vector: np.ndarray, scopes: set[str],
                   pool: int) -> tuple[list[Passage], dict[str, float]]:
        """Both retrievers' top `pool` within the scopes, each with both of its scores."""
        if not scopes:
            return [], {}
        from knowledge.search.embedding import single_threaded

        with self._lock, single_threaded():
            mirror = self.mirror()
            allowed = mirror.allowed(scopes)
            cosines = mirror.cosines(vector)
            bm25, coverage = mirror.lexical(query_words(question), allowed, query_groups(question))
            positions = list(dict.fromkeys(top(cosines, allowed, pool)
                                           + top(bm25, allowed, pool, positive=True)))
            ids = [mirror.rows[i].id for i in positions]
        passages = self._passages(ids, scopes)
        scores = {chunk_id: (float(cosines[i]), float(bm25[i])) for chunk_id, i in zip(ids, positions, strict=True)}
        for p in passages:
            p.dense, p.lexical = scores[p.id]
        return passages, coverage

    def dense(self, vector: np.ndarray, scopes: set[str], k: int) -> list[Passage]:
        """The dense retriever alone: the k passages closest in meaning, within the scopes."""
        if not scopes:
            return []
        with self._lock:
            mirror = self.mirror()
            cosines = mirror.cosines(vector)
            ranked = [(mirror.rows[i].id, float(cosines[i]))
                      for i in top(cosines, mirror.allowed(scopes), k)]
        by_id = {p.id: p for p in self._passages([i for i, _ in ranked], scopes)}
        for chunk_id, cosine in ranked:
            by_id[chunk_id].dense = cosine
        return [by_id[i] for i, _ in ranked if i in by_id]

    def lexical_ids(self, question: str, scopes: set[str], k: int) -> list[str]:
        """The lexical retriever alone: passage ids by BM25, best first, within the scopes."""
        if not scopes:
            return []
        with self._lock:
            mirror = self.mirror()
            allowed = mirror.allowed(scopes)
            bm25, _ = mirror.lexical(tokens(question), allowed)
            return [mirror.rows[i].id for i in top(bm25, allowed, k, positive=True)]

    def _passages(self, ids: list[str], scopes: set[str]) -> list[Passage]:
        """Text and metadata of passages already chosen within the scopes (from the mirror,
        else from Chroma); the scope is checked once more on each row, as a second lock on
        the same door."""
        if not ids:
            return []
        kept = self._mirror.passages if self._mirror is not None else None
        if kept is not None and all(i in kept for i in ids):
            found = {i: Passage(i, kept[i][0], dict(kept[i][1])) for i in ids
                     if kept[i][1].get("scope") in scopes}
            return [found[i] for i in ids if i in found]
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        found = {i: Passage(i, d or "", _public(m))
                 for i, d, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [],
                                    strict=False)
                 if m is not None and m.get("scope") in scopes}
        return [found[i] for i in ids if i in found]


def _public(meta: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(meta).items() if k != "tokens"}
