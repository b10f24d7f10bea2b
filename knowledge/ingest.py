"""One document into the index: parse, chunk, embed, store — the whole ingest path."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from knowledge.reading.chunking import Chunk, chunk_sections
from knowledge.reading.parsers import ParsedDocument, parse
from knowledge.search.index import DocumentRef, KnowledgeIndex


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(file_name: str, data: bytes) -> ParsedDocument:
    """Parse without indexing, so the title is known before the document is registered."""
    return parse(file_name, data)


def index_document(index: KnowledgeIndex, ref: DocumentRef, parsed: ParsedDocument) -> int:
    """Index a parsed document's passages under its scope; returns how many."""
    return index.add(ref, chunk_sections(parsed.sections))


@dataclass(frozen=True)
class Prepared:
    """A document's passages and their vectors, made before it is registered: embedding is the
    slow part of an upload, and registering takes the audit chain's lock, which every audited
    write waits for. Vectors made under another title than the registered one are not used."""
    title: str
    chunks: list[Chunk]
    vectors: Any


def prepare(parsed: ParsedDocument, title: str) -> Prepared:
    from knowledge.search.embedding import embed
    from knowledge.search.index import TITLE_IN_VECTORS, titled_text

    chunks = chunk_sections(parsed.sections)
    texts = [titled_text(title, c.text) if TITLE_IN_VECTORS else c.text for c in chunks]
    return Prepared(title, chunks, embed(texts) if texts else None)


def index_prepared(index: KnowledgeIndex, ref: DocumentRef, prepared: Prepared) -> int:
    """Index what `prepare` made; the passages are embedded again only if the title changed."""
    vectors = prepared.vectors if prepared.title == ref.title else None
    return index.add(ref, prepared.chunks, vectors)
