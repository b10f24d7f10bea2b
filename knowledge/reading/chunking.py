"""Cut sections into passages small enough to embed and quote, never inside a unit.

A passage is made of whole blocks (see `knowledge/reading/structure.py`): a list with its
introduction and all its items, a table with its header, a clause with its sub-clauses,
paragraphs. Each passage begins with its section's heading, so "Acceptance criteria" is
found by the words of the heading as well as by the items under it. A block longer than a
passage is cut between items or rows (the introduction or header repeated); a long
paragraph at paragraph, line and sentence ends (Chinese 。！？； and English). PDF pages
are read as one flow, so a list that crosses a page break stays one list, cited "pp. 1–2".
Sizes are in characters: 500 characters hold two or three English sentences or about five
Chinese ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from knowledge.reading.parsers import Section
from knowledge.reading.structure import PAGE_MARK, Block, blocks_of, is_caption, split_block

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
    chunks: list[Chunk] = []
    for heading, location, blocks in _flows(sections):
        for text, where in _pack(heading, blocks, size, overlap):
            if any(ch.isalnum() for ch in text):
                chunks.append(Chunk(text, where or location, len(chunks)))
    return chunks


def _flows(sections: list[Section]) -> list[tuple[str, str, list[Block]]]:
    """(heading, location, blocks) per section; consecutive PDF pages make one flow."""
    out: list[tuple[str, str, list[Block]]] = []
    pages: list[Section] = []
    for section in sections + [Section("", "")]:
        if section.location.startswith("p. ") and section.text:
            pages.append(section)
            continue
        if pages:
            flow = "\n".join(f"{PAGE_MARK}{p.location[3:]}\n{p.text}" for p in pages)
            out.append(("", "", blocks_of(flow, flowing=True)))
            pages = []
        if section.text:
            heading = section.location[2:] if section.location.startswith("§ ") else ""
            out.append((heading, section.location, blocks_of(section.text)))
    return out


def _pack(heading: str, blocks: list[Block], size: int,
          overlap: int) -> list[tuple[str, str]]:
    """Whole blocks into passages of about `size` characters, each under its heading."""
    out: list[tuple[str, str]] = []
    current: list[Block] = []

    def flush() -> None:
        if all(is_caption(b) for b in current):
            return  # a title or heading alone: carried into the next passage
        out.append(_passage(heading, current))
        current.clear()

    for block in blocks:
        if block.kind == "heading":
            flush()
            if all(b.kind == "heading" for b in current):
                current.clear()  # a heading replaces the one before it; a title stays
            heading = block.lines[0]
            current.append(block)
            continue
        for piece in _pieces(block, size, overlap):
            if current and _length(current) + len(piece.text) > size:
                flush()
            current.append(piece)
    flush()
    return out


def _pieces(block: Block, size: int, overlap: int) -> list[Block]:
    if block.kind == "para" and len(block.text) > size:
        return [Block("para", "", [part], block.pages)
                for part in _splitter(size, overlap).split_text(block.text)]
    return split_block(block, size)


def _length(blocks: list[Block]) -> int:
    return sum(len(b.text) + 1 for b in blocks)


def _passage(heading: str, blocks: list[Block]) -> tuple[str, str]:
    """The passage text (its heading first, once) and, for PDF flows, its pages."""
    texts = [b.text for b in blocks]
    if heading and not any(t.startswith(heading) for t in texts):
        texts.insert(0, heading)
    first = min((b.pages[0] for b in blocks if b.pages[0]), default=0)
    last = max((b.pages[1] for b in blocks), default=0)
    where = "" if not first else (f"p. {first}" if first == last else f"pp. {first}–{last}")
    return "\n".join(texts), where
