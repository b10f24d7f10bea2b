"""Where passages live: a Chroma collection (vectors) and a lexical index beside it.

Every passage carries its `scope` — the access key the domain computes, e.g.
"project:7:internal", "project:7:client" or "doc:12" for a restricted document — and every
search takes the asker's scopes and filters inside the query (Chroma's `where`, the lexical
index's weight mask), so a passage the asker may not read never enters a ranking.

Embedded by default (a persistent Chroma client in a folder), or a Chroma server when a
URL is given. Telemetry is off; the embedding function is always passed explicitly.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from knowledge.chunking import Chunk
from knowledge.lexical import LexicalIndex, LexicalResult, LexicalRow
from knowledge.text import language_of

COLLECTION = "pmbot_passages"
ADD_BATCH = 256


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
    score: float = 0.0  # fused

    @property
    def lang(self) -> str:
        return str(self.meta.get("lang", "en"))


def scope_filter(scopes: Iterable[str]) -> dict[str, Any]:
    return {"scope": {"$in": sorted(set(scopes))}}


def _client(path: Path | None, chroma_url: str | None):  # type: ignore[no-untyped-def]
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


class KnowledgeIndex:
    """The passages of all documents, searchable by meaning and by words, within scopes."""

    def __init__(self, path: Path, *, chroma_url: str | None = None) -> None:
        from knowledge.chroma_embedding import UseMultilingualEmbedding

        self.path = Path(path)
        self.client = _client(self.path, chroma_url)
        self.embedding = UseMultilingualEmbedding()
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=self.embedding,  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
        )
        self.lexical = LexicalIndex(self.path / "lexical.sqlite3")

    # ------------------------------------------------------------------ writing
    def add(self, doc: DocumentRef, chunks: list[Chunk], vectors: np.ndarray | None = None) -> int:
        """Index a document's passages (replacing any of the same document); returns the count.

        `vectors` lets a caller that already embedded the texts (benchmarks) skip the model."""
        self.remove_document(doc.doc_id)
        ids = [f"{doc.doc_id}:{c.ordinal}" for c in chunks]
        metas = [self._meta(doc, c) for c in chunks]
        texts = [c.text for c in chunks]
        if vectors is None:
            from knowledge.embedding import embed

            vectors = embed(texts)
        for start in range(0, len(ids), ADD_BATCH):
            end = start + ADD_BATCH
            self.collection.add(ids=ids[start:end], documents=texts[start:end],
                                metadatas=metas[start:end],  # type: ignore[arg-type]
                                embeddings=vectors[start:end])  # type: ignore[arg-type]
        self.lexical.add([LexicalRow(i, doc.doc_id, doc.scope, str(m["lang"]), t)
                          for i, m, t in zip(ids, metas, texts)])
        return len(ids)

    @staticmethod
    def _meta(doc: DocumentRef, chunk: Chunk) -> dict[str, Any]:
        return {"doc_id": doc.doc_id, "scope": doc.scope, "title": doc.title, "file": doc.file,
                "project": doc.project, "version": doc.version, "location": chunk.location,
                "ordinal": chunk.ordinal, "lang": language_of(chunk.text)}

    def remove_document(self, doc_id: int) -> None:
        self.collection.delete(where={"doc_id": doc_id})
        self.lexical.remove_document(doc_id)

    def clear(self) -> None:
        self.client.delete_collection(COLLECTION)
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=self.embedding,  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
        )
        self.lexical.clear()

    def count(self) -> int:
        return int(self.collection.count())

    # ------------------------------------------------------------------ reading
    def dense(self, vector: np.ndarray, scopes: set[str], k: int) -> list[Passage]:
        if not scopes:
            return []
        found = self.collection.query(
            query_embeddings=[vector], n_results=k, where=scope_filter(scopes),  # type: ignore[arg-type]
            include=["documents", "metadatas", "distances"],
        )
        return [Passage(i, d or "", dict(m or {}), dense=1.0 - float(dist))
                for i, d, m, dist in zip(found["ids"][0], found["documents"][0],  # type: ignore[index]
                                         found["metadatas"][0], found["distances"][0])]  # type: ignore[index]

    def lexical_search(self, query: str, scopes: set[str], k: int) -> LexicalResult:
        return self.lexical.search(query, scopes, k)

    def fetch(self, ids: list[str], vector: np.ndarray, scopes: set[str]) -> list[Passage]:
        """Passages by id (lexical candidates), with their cosine to the question; scoped too."""
        if not ids:
            return []
        got = self.collection.get(ids=ids, where=scope_filter(scopes),  # type: ignore[arg-type]
                                  include=["documents", "metadatas", "embeddings"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        cosines = vectors @ vector if len(vectors) else []
        return [Passage(i, d or "", dict(m or {}), dense=float(c))
                for i, d, m, c in zip(got["ids"], got["documents"], got["metadatas"], cosines)]  # type: ignore[arg-type]
