"""The units a reader sees in a section: headings, paragraphs, lists, tables and clauses.

Every parser hands over plain lines in one convention (list items as "- x" or "2. x",
table rows as "| a | b |", clauses as "3.1 …" with "(a) …" sub-clauses); plain text and
PDF tables with columns aligned by spaces are recognised here too. A block is the unit
an answer must quote whole: a list with the line that introduces it and all its items, a
table with its header, a clause with its sub-clauses. Chunking never cuts inside a block
that fits a chunk, and cuts a longer one between items or rows, repeating the list's
introduction or the table's header, so each piece still reads alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^\s*[-*•·▪●◦‣]\s+")
_NUMBER = re.compile(r"^\s*(\d{1,2})[.)、](?!\d)\s*")
_SUB = re.compile(r"^\s*[（(]\s*(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4}|[一二三四五六七八九十]{1,3})\s*[)）]\s*")
_CLAUSE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+")
_ZH_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百\d]{1,4}[章节条部分])")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_ALIGNED = re.compile(r"\S(?: {2,}|\t+)\S")
_END = tuple(".。;；:：!?！？")
_RECORD = re.compile(r"^[^:;|]{1,40}: [^;]*(?:; [^:;|]{1,40}: [^;]*)+$")  # a sheet row


@dataclass
class Block:
    """One unit: `kind` is heading, para, list, table or clause."""

    kind: str
    head: str = ""  # a list's introduction, a table's header row, a clause's first line
    lines: list[str] = field(default_factory=list)  # items, rows, sub-clauses, or the paragraph
    pages: tuple[int, int] = (0, 0)  # first and last page, for text that flows across pages

    @property
    def text(self) -> str:
        return "\n".join(([self.head] if self.head else []) + self.lines)


def kind_of(line: str) -> str:
    if _TABLE.match(line):
        return "row"
    if _RECORD.match(line.strip()):
        return "record"
    if _CLAUSE.match(line):
        return "clause"
    if _SUB.match(line):
        return "sub"
    if _BULLET.match(line) or _NUMBER.match(line):
        return "item"
    if _ZH_HEADING.match(line) and len(line) <= 40:
        return "heading"
    return "text"


def _number(line: str) -> int | None:
    match = _NUMBER.match(line)
    return int(match.group(1)) if match else None


def _looks_like_heading(lines: list[str], i: int) -> bool:
    """A short numbered line with no end punctuation, not continuing a numbered list and
    not followed by the next item, is a heading ("3. Acceptance" in a PDF)."""
    line = lines[i].strip()
    n = _number(line)
    if n is None or len(line) > 40 or line.endswith(_END):
        return False
    before = _number(lines[i - 1]) if i else None
    after = _number(lines[i + 1]) if i + 1 < len(lines) else None
    return before != n - 1 and after != n + 1


def _aligned_table(lines: list[str], i: int) -> int:
    """How many lines from `i` form a table whose columns are aligned by spaces (≥ 2 rows
    with the same number of ≥ 2 cells); 0 if none."""
    def cells(line: str) -> int:
        return len(re.split(r" {2,}|\t+", line.strip())) if _ALIGNED.search(line.strip()) else 0

    width = cells(lines[i])
    end = i
    while width >= 2 and end < len(lines) and cells(lines[end]) == width:
        end += 1
    return end - i if end - i >= 2 else 0


PAGE_MARK = "\x0c"


def blocks_of(text: str, *, flowing: bool = False) -> list[Block]:
    """The blocks of a section's text, in order. `flowing` text (PDF pages, each begun by a
    line PAGE_MARK + page number) may wrap a long line onto the next; such continuation
    lines are joined back, and a list or clause continues across the page break."""
    marked = [ln.rstrip() for ln in re.split(r"\r?\n", text) if ln.strip()]
    lines, pages = _unwrap(marked) if flowing else (marked, [0] * len(marked))
    out: list[Block] = []
    i = 0
    while i < len(lines):
        block, end = _read_block(lines, i)
        block.pages = (pages[i], pages[end - 1])
        out.append(block)
        i = end
    return out


def _read_block(lines: list[str], i: int) -> tuple[Block, int]:
    """The block that starts at line i, and the line after it."""
    line, kind = lines[i], kind_of(lines[i])
    aligned = _aligned_table(lines, i) if kind == "text" else 0
    if aligned:
        rows = ["| " + " | ".join(re.split(r" {2,}|\t+", ln.strip())) + " |"
                for ln in lines[i:i + aligned]]
        return Block("table", rows[0], rows[1:]), i + aligned
    if kind == "row":
        rows = []
        while i < len(lines) and kind_of(lines[i]) == "row":
            if not _RULE.match(lines[i]):
                rows.append(lines[i].strip())
            i += 1
        return Block("table", rows[0] if rows else "", rows[1:]), i
    if kind == "record":  # a spreadsheet's rows: each reads alone, no header line
        start = i
        while i < len(lines) and kind_of(lines[i]) == "record":
            i += 1
        return Block("table", "", [ln.strip() for ln in lines[start:i]]), i
    if kind == "heading" or (kind == "item" and _looks_like_heading(lines, i)):
        return Block("heading", "", [line.strip()]), i + 1
    if kind in ("item", "sub") or (kind == "text" and _introduces(lines, i)):
        head = line.strip() if kind == "text" else ""
        i += 1 if head else 0
        items = []
        while i < len(lines) and kind_of(lines[i]) in ("item", "sub") and not (
                kind_of(lines[i]) == "item" and _looks_like_heading(lines, i)):
            items.append(lines[i].rstrip())
            i += 1
        return Block("list", head, items), i
    if kind == "clause":
        subs = []
        i += 1
        while i < len(lines) and kind_of(lines[i]) == "sub":
            subs.append(lines[i].strip())
            i += 1
        return Block("clause", line.strip(), subs), i
    return Block("para", "", [line.strip()]), i + 1


def _introduces(lines: list[str], i: int) -> bool:
    """A line ending in a colon right before list items introduces them; so does a short
    caption without end punctuation ("Attendees", "服務範圍")."""
    line = lines[i].rstrip()
    caption = line.endswith((":", "：")) or (len(line) <= 40 and not line.endswith(_END))
    return caption and i + 1 < len(lines) and kind_of(lines[i + 1]) in ("item", "sub")


def _unwrap(lines: list[str]) -> tuple[list[str], list[int]]:
    """Join a PDF line that wrapped: the previous line is long and has no end punctuation,
    and this one starts no unit of its own. Returns the lines and each one's page."""
    out: list[str] = []
    pages: list[int] = []
    page = 1
    for line in lines:
        if line.startswith(PAGE_MARK):
            page = int(line[1:] or 0)
            continue
        prev = out[-1] if out else ""
        long_enough = len(prev) >= (30 if _mostly_cjk(prev) else 60)
        if prev and long_enough and not prev.rstrip().endswith(_END) and kind_of(line) == "text" \
                and not _ALIGNED.search(line.strip()):
            joiner = "" if _mostly_cjk(prev[-1:] + line[:1]) else " "
            out[-1] = prev.rstrip() + joiner + line.strip()
        else:
            out.append(line)
            pages.append(page)
    return out, pages


def _mostly_cjk(text: str) -> bool:
    from knowledge.reading.text import language_of

    return bool(text) and language_of(text) == "zh"


def is_caption(block: Block) -> bool:
    """A heading, or a short line without end punctuation (a title, a section name)."""
    text = block.text.strip()
    return block.kind == "heading" or (block.kind == "para" and len(text) <= 60
                                       and not text.endswith(_END))


def split_block(block: Block, size: int) -> list[Block]:
    """A block too long for one chunk, cut between its items or rows; each piece keeps the
    introduction or header so it reads alone. Paragraphs are returned whole (the chunker
    cuts them at sentence ends)."""
    if len(block.text) <= size or block.kind not in ("list", "table", "clause") or not block.lines:
        return [block]
    pieces: list[Block] = []
    current: list[str] = []
    budget = max(size - len(block.head), size // 2)
    for line in block.lines:
        if current and sum(len(x) + 1 for x in current) + len(line) > budget:
            pieces.append(Block(block.kind, block.head, current))
            current = []
        current.append(line)
    pieces.append(Block(block.kind, block.head, current))
    return pieces
