"""One document into the index: parse, chunk, embed, store — the whole ingest path."""
from __future__ import annotations

import hashlib

from knowledge.reading.chunking import chunk_sections
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
