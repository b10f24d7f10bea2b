"""An answer quotes the whole unit that answers, in every format: a list with all its items,
a table row with its header, a clause with its sub-clauses, a list across a PDF page break."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from knowledge.answer import answer_question
from knowledge.ingest import index_document, read
from knowledge.reading.chunking import chunk_sections
from knowledge.reading.parsers import parse
from knowledge.search.index import DocumentRef, KnowledgeIndex

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

TITLE = "Support contract"
CRITERIA = ["All pages load in under two seconds", "No severity 1 defect remains open",
            "The client signs the acceptance certificate"]
RATES = [["Role", "Day rate"], ["Developer", "7040 CNY"], ["Designer", "6560 CNY"],
         ["Tester", "4480 CNY"]]
CLAUSE = "5.1 Either party may terminate this contract when:"
SUBS = ["(a) the other party breaches a material term;", "(b) fees remain unpaid for 60 days."]
INTRO = "The system is accepted when all of the following are met:"


def _markdown() -> bytes:
    table = "\n".join("| " + " | ".join(r) + " |" for r in RATES[:1]) + "\n|---|---|\n" + \
        "\n".join("| " + " | ".join(r) + " |" for r in RATES[1:])
    return (f"# {TITLE}\n\n## Acceptance criteria\n{INTRO}\n\n"
            + "\n".join(f"{n}. {c}" for n, c in enumerate(CRITERIA, 1))
            + f"\n\n## Day rates\n{table}\n\n## Termination\n{CLAUSE}\n" + "\n".join(SUBS)).encode()


def _text() -> bytes:
    table = "\n".join(f"{r[0]:<12}{r[1]}" for r in RATES)
    return (f"{TITLE}\n\nAcceptance criteria\n{INTRO}\n"
            + "\n".join(f"{n}. {c}" for n, c in enumerate(CRITERIA, 1))
            + f"\n\nDay rates\n{table}\n\nTermination\n{CLAUSE}\n" + "\n".join(SUBS)).encode()


def _html() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in RATES)
    items = "".join(f"<li>{c}</li>" for c in CRITERIA)
    subs = "".join(f"<p>{s}</p>" for s in SUBS)
    return (f"<html><body><h1>{TITLE}</h1><h2>Acceptance criteria</h2><p>{INTRO}</p><ol>{items}</ol>"
            f"<h2>Day rates</h2><table>{rows}</table><h2>Termination</h2><p>{CLAUSE}</p>{subs}"
            "</body></html>").encode()


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(TITLE, 1)
    doc.add_heading("Acceptance criteria", 2)
    doc.add_paragraph(INTRO)
    for c in CRITERIA:
        doc.add_paragraph(c, style="List Number")
    doc.add_heading("Day rates", 2)
    table = doc.add_table(rows=len(RATES), cols=2)
    for r, row in enumerate(RATES):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    doc.add_heading("Termination", 2)
    for line in [CLAUSE, *SUBS]:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(lines_per_page: list[list[str | list[list[str]]]], font: Path = LATIN_FONT) -> bytes:
    """A PDF of lines; a list of rows among them is drawn as a real table (fpdf2 cells)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF()
    pdf.add_font("body", fname=str(font), **({"collection_font_number": 2}
                                              if font.suffix == ".ttc" else {}))
    pdf.set_font("body", size=11)
    for lines in lines_per_page:
        pdf.add_page()
        for line in lines:
            if isinstance(line, list):
                with pdf.table(headings_style=FontFace(emphasis=None)) as table:
                    for cells in line:
                        row = table.row()
                        for cell in cells:
                            row.cell(cell)
                pdf.ln(3)
            else:
                pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _english_pdf() -> bytes:
    numbered = [f"{n}. {c}" for n, c in enumerate(CRITERIA, 1)]
    return _pdf([[TITLE, "Acceptance criteria", INTRO, *numbered[:2]],  # the list breaks here
                 [numbered[2], "Day rates", RATES, "Termination", CLAUSE, *SUBS]])


FILES = {"md": _markdown, "txt": _text, "html": _html, "docx": _docx, "pdf": _english_pdf}


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    """The same contract in five formats, each under its own scope."""
    index = KnowledgeIndex(tmp_path_factory.mktemp("whole") / "index")
    for n, (fmt, make) in enumerate(FILES.items(), 1):
        parsed = read(f"contract.{fmt}", make())
        index_document(index, DocumentRef(n, fmt, parsed.title, f"contract.{fmt}", "SUP", 1), parsed)
    return index


@pytest.mark.parametrize("fmt", list(FILES))
def test_a_question_about_a_list_is_answered_with_every_item(shelf: KnowledgeIndex, fmt: str) -> None:
    answer = answer_question(shelf, "What are the acceptance criteria?", {fmt})
    assert answer.found
    assert all(item in answer.answer for item in CRITERIA), answer.answer


@pytest.mark.parametrize("fmt", list(FILES))
def test_a_chinese_question_about_an_english_list_gets_every_item(shelf: KnowledgeIndex,
                                                                  fmt: str) -> None:
    answer = answer_question(shelf, "验收标准有哪些？", {fmt}, lang="zh")
    assert all(item in answer.answer for item in CRITERIA), answer.answer


@pytest.mark.parametrize("fmt", list(FILES))
def test_a_table_row_is_quoted_with_its_header(shelf: KnowledgeIndex, fmt: str) -> None:
    answer = answer_question(shelf, "What is the day rate of a designer?", {fmt})
    assert "6560 CNY" in answer.answer and "Day rate" in answer.answer, answer.answer


@pytest.mark.parametrize("fmt", list(FILES))
def test_a_clause_is_quoted_with_all_its_subclauses(shelf: KnowledgeIndex, fmt: str) -> None:
    answer = answer_question(shelf, "When may a party terminate the contract?", {fmt})
    assert CLAUSE in answer.answer and all(s in answer.answer for s in SUBS), answer.answer


def test_a_pdf_list_that_crosses_a_page_break_stays_one_passage_cited_by_both_pages() -> None:
    chunks = chunk_sections(parse("contract.pdf", _english_pdf()).sections)
    listed = [c for c in chunks if CRITERIA[0] in c.text]
    assert len(listed) == 1 and all(item in listed[0].text for item in CRITERIA)
    assert listed[0].location == "pp. 1–2"


def test_a_pdf_table_is_read_as_rows_under_its_header() -> None:
    text = parse("contract.pdf", _english_pdf()).text
    assert "| Role | Day rate |" in text and "| Designer | 6560 CNY |" in text, text


def test_a_pdf_clause_that_crosses_a_page_break_keeps_its_subclauses() -> None:
    pdf = _pdf([[TITLE, "Termination", CLAUSE, SUBS[0]], [SUBS[1], "6. Warranty"]])
    chunks = chunk_sections(parse("contract.pdf", pdf).sections)
    clause = [c for c in chunks if CLAUSE in c.text]
    assert len(clause) == 1 and all(s in clause[0].text for s in SUBS), clause
    assert clause[0].location == "pp. 1–2"


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs the Noto CJK font to write the PDF")
def test_a_chinese_pdf_table_row_is_quoted_with_its_header(tmp_path: Path) -> None:
    team = [["角色", "姓名", "职责"], ["项目经理", "李娜", "进度与沟通"], ["设计师", "周扬", "视觉设计"]]
    pdf = _pdf([["官网工作说明书", "四、项目团队", team, "五、质保", "上线后提供六个月免费质保。"]], CJK_FONT)
    assert "| 设计师 | 周扬 | 视觉设计 |" in parse("sow.pdf", pdf).text
    index = KnowledgeIndex(tmp_path / "index")
    parsed = read("sow.pdf", pdf)
    index_document(index, DocumentRef(1, "s", parsed.title, "sow.pdf", "LUM", 1), parsed)
    answer = answer_question(index, "项目的设计师是谁？", {"s"}, lang="zh")
    assert "周扬" in answer.answer and "角色" in answer.answer, answer.answer


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs the Noto CJK font to write the PDF")
def test_a_chinese_pdf_is_read_without_letter_spacing_and_its_list_crosses_the_page() -> None:
    items = ["所有页面在主流浏览器中显示正常", "首页加载时间不超过三秒", "甲方项目负责人在验收单上签字"]
    pdf = _pdf([["官网工作说明书", "二、验收标准", "项目满足以下全部条件时视为验收通过：",
                 f"1. {items[0]}", f"2. {items[1]}"], [f"3. {items[2]}", "三、付款方式"]], CJK_FONT)
    chunks = chunk_sections(parse("sow.pdf", pdf).sections)
    listed = [c for c in chunks if items[0] in c.text]
    assert len(listed) == 1 and all(item in listed[0].text for item in items)


@pytest.mark.parametrize("name", ["rates.csv", "rates.xlsx"])
def test_a_spreadsheet_row_is_quoted_whole(tmp_path: Path, name: str) -> None:
    from openpyxl import Workbook

    if name.endswith("csv"):
        data = "\n".join(",".join(r) for r in RATES).encode()
    else:
        book = Workbook()
        for row in RATES:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    index = KnowledgeIndex(tmp_path / "index")
    parsed = read(name, data)
    index_document(index, DocumentRef(1, "s", parsed.title, name, "SUP", 1), parsed)
    answer = answer_question(index, "What is the designer's day rate?", {"s"})
    assert "Role: Designer; Day rate: 6560 CNY" in answer.answer, answer.answer
