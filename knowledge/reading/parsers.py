"""From a file's bytes to titled sections of text that remember where they came from.

Each format keeps the place a reader would cite: a PDF its page ("p. 3"), Markdown, HTML
and Word their heading, a spreadsheet its sheet and row. Parsers are imported lazily so
that reading a Markdown file never loads pypdf.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

MAX_ROWS = 5000


class UnsupportedFormat(ValueError):
    """The file's extension is not one we can read."""


@dataclass(frozen=True)
class Section:
    text: str
    location: str = ""  # a page ("p. 3"), a heading ("§ Payment"), a sheet ("Rates, rows 2–40")


@dataclass
class ParsedDocument:
    title: str
    sections: list[Section] = field(default_factory=list)
    pages: int = 1  # PDF pages, or an estimate (3,000 characters a page) for other formats

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


def parse(file_name: str, data: bytes) -> ParsedDocument:
    """Read a document; its title is its first heading, or else its file name's stem."""
    suffix = PurePath(file_name).suffix.lower().lstrip(".")
    parser = PARSERS.get(suffix)
    if parser is None:
        raise UnsupportedFormat(suffix or file_name)
    title, sections = parser(data)
    sections = [s for s in sections if s.text.strip()]
    doc = ParsedDocument(title or PurePath(file_name).stem, sections)
    if suffix != "pdf":
        doc.pages = max(1, round(len(doc.text) / 3000))
    else:
        doc.pages = max(1, len(sections))
    return doc


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _text(data: bytes) -> tuple[str, list[Section]]:
    return "", [Section(_decode(data))]


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def _markdown(data: bytes) -> tuple[str, list[Section]]:
    title, heading, lines, sections = "", "", list[str](), list[Section]()
    for line in _decode(data).splitlines():
        match = _MD_HEADING.match(line)
        if match:
            sections.append(Section("\n".join(lines), heading))
            heading, lines = match.group(2), [match.group(2)]
            title = title or heading
        else:
            lines.append(line)
    sections.append(Section("\n".join(lines), heading))
    return title, [Section(s.text, f"§ {s.location}" if s.location else "") for s in sections]


def _pdf(data: bytes) -> tuple[str, list[Section]]:
    """Each page in layout mode (pypdf places text by its position), so that a table's
    columns stay apart and its rows become `| a | b |` rows with their header; the rest is
    read as plain lines."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    title = ""
    if reader.metadata is not None and reader.metadata.title:
        title = str(reader.metadata.title)
    pages = [Section(laid_out(_page_text(page)), f"p. {n}")
             for n, page in enumerate(reader.pages, 1)]
    return title, pages


def _page_text(page) -> str:  # type: ignore[no-untyped-def]
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - layout mode fails on some fonts: read plainly then
        return page.extract_text() or ""


COLUMN_SLACK = 4  # characters a cell may start away from its column


def _cells(line: str) -> list[tuple[int, str]]:
    """A laid-out line's cells: (start column, text), split at gaps of 3 or more spaces.
    Positions count pypdf's NUL padding of CJK glyphs, which is what keeps columns aligned."""
    out: list[tuple[int, str]] = []
    start = len(line) - len(line.lstrip(" \x00"))
    for part in re.split(r"( {3,})", line[start:]):
        if part.strip(" \x00"):
            out.append((start, part.replace("\x00", "").strip()))
        start += len(part)
    return out


def _column(columns: list[int], at: int) -> int | None:
    near = [n for n, c in enumerate(columns) if abs(c - at) <= COLUMN_SLACK]
    return near[0] if near else None


def laid_out(text: str) -> str:
    """A layout-mode page as plain lines: a run of ≥ 2 lines whose cells start at the same
    columns is a table (a line holding only later columns continues the row above, as a
    wrapped cell does); every other line is stripped and its spaces collapsed."""
    lines = [ln for ln in text.splitlines() if ln.strip(" \x00")]
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _cells(lines[i])
        columns = [c for c, _ in head]
        rows: list[list[str]] = []
        j = i + 1
        if len(head) >= 2:
            rows = [[t for _, t in head]]
            while j < len(lines):
                cells = _cells(lines[j])
                places = [_column(columns, c) for c, _ in cells]
                if not cells or None in places or places != sorted(set(places)):  # type: ignore[type-var]
                    break
                if len(cells) >= 2 and places[0] == 0:
                    row = [""] * len(columns)
                    for place, (_, t) in zip(places, cells, strict=True):
                        row[place] = t  # type: ignore[index]
                    rows.append(row)
                elif places[0] != 0 and len(rows) > 1:  # a wrapped cell's next line
                    for place, (_, t) in zip(places, cells, strict=True):
                        rows[-1][place] = f"{rows[-1][place]} {t}".strip()  # type: ignore[index]
                else:
                    break
                j += 1
        if len(rows) >= 2:
            out.extend(table_row(r) for r in rows)
            i = j
            continue
        out.append(unspaced(re.sub(r" {2,}", " ", lines[i].replace("\x00", "").strip())))
        i += 1
    return "\n".join(out)


_SPACED = re.compile(r"(?<=\S) (?=\S)")


def unspaced(text: str) -> str:
    """Undo letter-spacing: PDFs written with an embedded CJK font come out of pypdf as
    "验 收 标 准   A c c e p t", one space between glyphs and several for a real space.
    A line counts as letter-spaced when most of its tokens are single characters."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 4 and sum(len(p) == 1 for p in parts) >= 0.8 * len(parts):
            line = re.sub(r"\s{2,}", " ", _SPACED.sub("", line.strip()))
        out.append(line)
    return "\n".join(out)


def _docx(data: bytes) -> tuple[str, list[Section]]:
    """Paragraphs and tables in reading order; list paragraphs keep a bullet or number."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    title = document.core_properties.title or ""
    heading, lines, sections = "", list[str](), list[Section]()
    counters: dict[tuple[str, int], int] = {}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(table_row([cell.text.strip() for cell in row.cells]) for row in block.rows)
            continue
        assert isinstance(block, Paragraph)
        style = (block.style.name if block.style is not None else "") or ""
        text = block.text.strip()
        if style.startswith(("Heading", "Title")) and text:
            sections.append(Section("\n".join(lines), heading))
            heading, lines = text, [text]
            title = title or heading
            counters.clear()
        elif style.startswith("List") or block._p.pPr is not None and block._p.pPr.numPr is not None:
            lines.append(_list_line(style, text, counters))
        else:
            counters.clear()
            lines.append(block.text)
    sections.append(Section("\n".join(lines), heading))
    return title, [Section(s.text, f"§ {s.location}" if s.location else "") for s in sections]


def _list_line(style: str, text: str, counters: dict[tuple[str, int], int]) -> str:
    """A Word list paragraph as a reader sees it: "- item" or "2. item", indented by level."""
    level = int(style[-1]) - 1 if style[-1:].isdigit() else 0
    if "Number" not in style:
        return "  " * level + "- " + text
    key = (style.rstrip(" 0123456789"), level)
    counters[key] = counters.get(key, 0) + 1
    return "  " * level + f"{counters[key]}. " + text


def table_row(cells: list[str]) -> str:
    """One table row as a Markdown row, the form every parser gives tables."""
    return "| " + " | ".join(c.replace("\n", " ") for c in cells) + " |"


def _rows_to_sections(sheet: str, rows: list[list[str]]) -> list[Section]:
    """One section per 20 rows, each row as 'header: value' pairs so a row reads alone."""
    rows = [r for r in rows if any(c.strip() for c in r)][:MAX_ROWS]
    if not rows:
        return []
    header, body = rows[0], rows[1:] or [rows[0]]
    sections = []
    for start in range(0, len(body), 20):
        block = body[start:start + 20]
        lines = ["; ".join(f"{h}: {v}" if h else v for h, v in zip(header, r, strict=False) if v.strip())
                 for r in block]
        where = f"{sheet}, rows {start + 2}–{start + len(block) + 1}".lstrip(", ")
        sections.append(Section("\n".join(lines), where))
    return sections


def _xlsx(data: bytes) -> tuple[str, list[Section]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sections: list[Section] = []
    for sheet in book.worksheets:
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        sections.extend(_rows_to_sections(sheet.title, rows))
    book.close()
    return "", sections


def _csv(data: bytes) -> tuple[str, list[Section]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    return "", _rows_to_sections("", rows)


def _html(data: bytes) -> tuple[str, list[Section]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "nav", "footer"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    lines: list[str]
    heading, lines, sections = "", [], []
    body = soup.body or soup
    numbers: dict[int, int] = {}
    for element in body.find_all(["h1", "h2", "h3", "h4", "p", "li", "tr", "pre", "blockquote"]):
        if element.name == "tr":
            lines.append(table_row([c.get_text(" ", strip=True) for c in element.find_all(["th", "td"])]))
            continue
        if element.find_parent(["li", "td", "th"]) is not None and element.name != "li":
            continue  # already read as part of its list item or cell
        text = element.get_text(" ", strip=True)
        if element.name in ("h1", "h2", "h3", "h4"):
            sections.append(Section("\n".join(lines), heading))
            heading, lines = text, [text]
            title = title or text
        elif element.name == "li" and text:
            lines.append(_html_item(element, text, numbers))
        elif text:
            lines.append(text)
    sections.append(Section("\n".join(lines), heading))
    return title, [Section(s.text, f"§ {s.location}" if s.location else "") for s in sections]


def _html_item(element, text: str, numbers: dict[int, int]) -> str:  # type: ignore[no-untyped-def]
    """An <li> as "- text" (or "n. text" in an <ol>), indented by how deeply it is nested."""
    parent = element.find_parent(["ol", "ul"])
    level = max(0, len(element.find_parents(["ol", "ul"])) - 1)
    if parent is not None and parent.name == "ol":
        numbers[id(parent)] = numbers.get(id(parent), 0) + 1
        return "  " * level + f"{numbers[id(parent)]}. {text}"
    return "  " * level + f"- {text}"


PARSERS: dict[str, Callable[[bytes], tuple[str, list[Section]]]] = {
    "txt": _text, "text": _text, "md": _markdown, "markdown": _markdown, "pdf": _pdf,
    "docx": _docx, "xlsx": _xlsx, "xlsm": _xlsx, "csv": _csv, "html": _html, "htm": _html,
}
