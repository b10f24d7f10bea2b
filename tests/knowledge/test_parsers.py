"""Every supported format becomes text sections that remember their page or heading."""
from __future__ import annotations

import io

import pytest

from knowledge.reading.chunking import chunk_sections
from knowledge.reading.parsers import Section, UnsupportedFormat, parse


def test_markdown_sections_are_cited_by_heading() -> None:
    doc = parse("sow.md", "# 工作说明书\n\n## 付款\n验收后付款。\n".encode())
    assert doc.title == "工作说明书"
    assert Section("付款\n验收后付款。", "§ 付款") in doc.sections


def test_plain_text_in_gb18030_is_read() -> None:
    doc = parse("notes.txt", "会议纪要：下周一上线。".encode("gb18030"))
    assert doc.title == "notes"
    assert "下周一上线" in doc.text


def test_pdf_pages_are_cited_by_page_number() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for text in ("Kick-off happens on 1 December.", "Go-live is planned for 15 January."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=text)
    doc = parse("plan.pdf", bytes(pdf.output()))
    assert [s.location for s in doc.sections] == ["p. 1", "p. 2"]
    assert "Go-live is planned for 15 January." in doc.sections[1].text
    assert doc.pages == 2


def test_docx_sections_follow_headings_and_tables_are_read() -> None:
    from docx import Document

    document = Document()
    document.add_heading("Statement of Work", level=1)
    document.add_heading("Scope", level=2)
    document.add_paragraph("We build the shop front and the checkout.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Phase", "Design"
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse("sow.docx", buffer.getvalue())
    assert doc.title == "Statement of Work"
    scope = next(s for s in doc.sections if s.location == "§ Scope")
    assert "checkout" in scope.text and "Phase | Design" in scope.text


def test_xlsx_rows_read_as_header_value_pairs_with_sheet_and_rows() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Rates"
    sheet.append(["Role", "Hourly rate"])
    sheet.append(["Senior developer", 650])
    buffer = io.BytesIO()
    book.save(buffer)
    doc = parse("rates.xlsx", buffer.getvalue())
    assert doc.sections == [Section("Role: Senior developer; Hourly rate: 650", "Rates, rows 2–2")]


def test_csv_is_read_like_a_sheet() -> None:
    doc = parse("contacts.csv", "name,phone\n王伟,13800000000\n".encode())
    assert doc.sections[0].text == "name: 王伟; phone: 13800000000"


def test_html_drops_scripts_and_keeps_headings() -> None:
    html = (b"<html><head><title>FAQ</title><script>var x=1;</script></head><body>"
            b"<h2>Hosting</h2><p>The site is hosted in Shanghai.</p></body></html>")
    doc = parse("faq.html", html)
    assert doc.title == "FAQ"
    assert doc.sections == [Section("Hosting\nThe site is hosted in Shanghai.", "§ Hosting")]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(UnsupportedFormat):
        parse("movie.mp4", b"\x00\x01")


def test_long_chinese_text_is_cut_at_sentence_ends_and_keeps_its_location() -> None:
    text = "。".join(f"第{n}条规定付款的具体时间和方式" for n in range(60)) + "。"
    chunks = chunk_sections([Section(text, "§ 付款")], size=120, overlap=0)
    assert len(chunks) > 5
    assert all(c.location == "§ 付款" and c.text.endswith("。") for c in chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
