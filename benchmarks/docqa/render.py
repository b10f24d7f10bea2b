"""Render the QA set's sources (a small Markdown dialect) into the format each one names.

The sources are committed as text; the DOCX, PDF and XLSX files are produced here at run
time (python-docx, fpdf2, openpyxl) so that the benchmark exercises the real parsers on
real files. The dialect: `#` headings, `- ` bullets and `1. ` numbered items (two spaces
of indent per level), `| a | b |` table rows (the first row of a table is its header),
`<<<page>>>` a forced page break (PDF only), anything else a paragraph. A front matter
block between `---` lines says the file name, project, visibility and language.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SOURCES = Path(__file__).parent / "sources"
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_ITEM = re.compile(r"^(\s*)(-|\d+\.)\s+(.*)$")


@dataclass
class Block:
    kind: str  # heading, item, table, page, para
    text: str = ""
    level: int = 0
    ordered: bool = False
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    name: str
    meta: dict
    blocks: list[Block]

    @property
    def file(self) -> str:
        return str(self.meta["file"])


def load_sources(folder: Path = SOURCES) -> list[Source]:
    return [parse_source(p) for p in sorted(folder.glob("*.src"))]


def parse_source(path: Path) -> Source:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return Source(path.stem, yaml.safe_load(front), blocks(body))


def blocks(body: str) -> list[Block]:
    out: list[Block] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(Block("heading", line[level:].strip(), level))
        elif line.strip() == "<<<page>>>":
            out.append(Block("page"))
        elif line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if out and out[-1].kind == "table":
                out[-1].rows.append(cells)
            else:
                out.append(Block("table", rows=[cells]))
        elif (m := _ITEM.match(line)):
            out.append(Block("item", m.group(3), len(m.group(1)) // 2, m.group(2) != "-"))
        else:
            out.append(Block("para", line.strip()))
    return out


def _numbered(items: list[Block]) -> list[str]:
    """Item markers as a reader sees them: 1. 2. 3. per level, bullets as '•'."""
    counters: dict[int, int] = {}
    out = []
    for b in items:
        counters = {k: v for k, v in counters.items() if k <= b.level}
        if b.ordered:
            counters[b.level] = counters.get(b.level, 0) + 1
            out.append(f"{counters[b.level]}.")
        else:
            out.append("•")
    return out


def _markers(blocks_: list[Block]) -> dict[int, str]:
    marks: dict[int, str] = {}
    run: list[int] = []
    for i, b in enumerate(blocks_ + [Block("end")]):
        if b.kind == "item" or (b.kind == "page" and run):
            if b.kind == "item":
                run.append(i)
            continue
        for j, m in zip(run, _numbered([blocks_[k] for k in run]), strict=True):
            marks[j] = m
        run = []
    return marks


def to_markdown(src: Source) -> str:
    lines: list[str] = []
    marks = _markers(src.blocks)
    for i, b in enumerate(src.blocks):
        if b.kind == "heading":
            lines += ["", "#" * b.level + " " + b.text, ""]
        elif b.kind == "item":
            lines.append("   " * b.level + (marks[i] if b.ordered else "-") + " " + b.text)
        elif b.kind == "table":
            lines += ["", "| " + " | ".join(b.rows[0]) + " |",
                      "|" + "---|" * len(b.rows[0])]
            lines += ["| " + " | ".join(r) + " |" for r in b.rows[1:]] + [""]
        elif b.kind == "para":
            lines += [b.text, ""]
    return "\n".join(lines).strip() + "\n"


def to_text(src: Source) -> str:
    lines: list[str] = []
    marks = _markers(src.blocks)
    for i, b in enumerate(src.blocks):
        if b.kind == "heading":
            lines += ["", b.text, ""]
        elif b.kind == "item":
            lines.append("    " * b.level + ("-" if marks[i] == "•" else marks[i]) + " " + b.text)
        elif b.kind == "table":
            widths = [max(_width(r[c]) for r in b.rows if c < len(r)) for c in range(len(b.rows[0]))]
            lines.append("")
            for r in b.rows:
                padded = (cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=False))
                lines.append("  ".join(padded).rstrip())
            lines.append("")
        elif b.kind == "para":
            lines += [b.text, ""]
    return "\n".join(lines).strip() + "\n"


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def to_html(src: Source) -> str:
    import html

    out = [f"<html><head><meta charset='utf-8'><title>{html.escape(_title(src))}</title></head><body>"]
    open_lists: list[str] = []
    for b in src.blocks:
        if b.kind != "item":
            while open_lists:
                out.append(f"</{open_lists.pop()}>")
        if b.kind == "heading":
            out.append(f"<h{b.level}>{html.escape(b.text)}</h{b.level}>")
        elif b.kind == "item":
            while len(open_lists) > b.level + 1:
                out.append(f"</{open_lists.pop()}>")
            if len(open_lists) < b.level + 1:
                tag = "ol" if b.ordered else "ul"
                open_lists.append(tag)
                out.append(f"<{tag}>")
            out.append(f"<li>{html.escape(b.text)}</li>")
        elif b.kind == "table":
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in b.rows[0]) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                    for r in b.rows[1:]]
            out.append("</table>")
        elif b.kind == "para":
            out.append(f"<p>{html.escape(b.text)}</p>")
    while open_lists:
        out.append(f"</{open_lists.pop()}>")
    return "\n".join(out + ["</body></html>"])


def _title(src: Source) -> str:
    return next((b.text for b in src.blocks if b.kind == "heading"), src.name)


def to_docx(src: Source) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = _title(src)
    for b in src.blocks:
        if b.kind == "heading":
            doc.add_heading(b.text, level=min(b.level, 4))
        elif b.kind == "item":
            style = ("List Number" if b.ordered else "List Bullet") + (f" {b.level + 1}" if b.level else "")
            doc.add_paragraph(b.text, style=style)
        elif b.kind == "table":
            table = doc.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            for r, row in enumerate(b.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif b.kind == "para":
            doc.add_paragraph(b.text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(src: Source) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF()
    pdf.set_title(_title(src))
    zh = src.meta.get("lang") != "en"
    if zh:
        pdf.add_font("body", fname=str(CJK_FONT), collection_font_number=2)
    else:
        pdf.add_font("body", fname=str(LATIN_FONT))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    marks = _markers(src.blocks)
    for i, b in enumerate(src.blocks):
        if b.kind == "heading":
            pdf.set_font("body", size=16 - 2 * b.level)
            pdf.ln(2)
            pdf.multi_cell(0, 8, b.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif b.kind == "page":
            pdf.add_page()
        elif b.kind == "table":
            pdf.set_font("body", size=9)
            from fpdf.fonts import FontFace

            with pdf.table(headings_style=FontFace(emphasis=None)) as table:
                for r in b.rows:
                    row = table.row()
                    for cell in r:
                        row.cell(cell)
            pdf.ln(2)
        else:
            pdf.set_font("body", size=10)
            indent = 6 * (b.level + 1) if b.kind == "item" else 0
            text = f"{marks[i]} {b.text}" if b.kind == "item" else b.text
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def to_table(src: Source) -> list[list[str]]:
    return [r for b in src.blocks if b.kind == "table" for r in b.rows]


def to_csv(src: Source) -> str:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(to_table(src))
    return out.getvalue()


def to_xlsx(src: Source) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(src.meta.get("sheet", "Sheet1"))
    for row in to_table(src):
        sheet.append([int(c) if c.isdigit() else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(src: Source) -> bytes:
    """The source as the bytes of the file it names."""
    suffix = Path(src.file).suffix.lower().lstrip(".")
    if suffix in ("md", "markdown"):
        return to_markdown(src).encode()
    if suffix == "txt":
        return to_text(src).encode()
    if suffix in ("html", "htm"):
        return to_html(src).encode()
    if suffix == "csv":
        return to_csv(src).encode()
    if suffix == "xlsx":
        return to_xlsx(src)
    if suffix == "docx":
        return to_docx(src)
    if suffix == "pdf":
        return to_pdf(src)
    raise ValueError(f"no renderer for {src.file}")
