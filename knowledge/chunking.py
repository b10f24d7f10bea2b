"""Cut sections into passages small enough to embed and quote, never across a section.

Splitting prefers paragraph breaks, then line breaks, then sentence ends in Chinese
(。！？；) and English, then commas, then spaces; a passage keeps its section's location
so an answer can cite "p. 3" or "§ Payment terms". Sizes are in characters: 500
characters hold two or three English sentences or about five Chinese ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from knowledge.parsers import Section

CHUNK_CHARS = 500
OVERLAP_CHARS = 80
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", "; ", "，", ", ", " ", ""]


@dataclass(frozen=True)
class Chunk:
    text: str
    location: str
    ordinal: int  # position in the document, for stable ids and reading order


@lru_cache(maxsize=4)
def _splitter(size: int, overlap: int) -> Any:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=SEPARATORS,
        keep_separator="end", strip_whitespace=True,
    )


def chunk_sections(sections: list[Section], *, size: int = CHUNK_CHARS,
                   overlap: int = OVERLAP_CHARS) -> list[Chunk]:
    splitter = _splitter(size, overlap)
    chunks: list[Chunk] = []
    for section in sections:
        for piece in splitter.split_text(section.text):
            if any(ch.isalnum() for ch in piece):
                chunks.append(Chunk(piece, section.location, len(chunks)))
    return chunks
