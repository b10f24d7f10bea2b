"""Finding 7 (inputs): import files and uploads cannot hurt. Deep nesting, huge or infinite
numbers and XML entity bombs are refused with one sentence; a document is capped by size
(the limit named) and checked by content."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import main
from bot.files.uploads import MAX_TEXT_BYTES, check_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _import(db_url: str, path: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["import", str(path), "--db", db_url])


@pytest.mark.parametrize("name, body, says", [
    ("deep.json", '{"people": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
    ("deep.yaml", "people: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested too deeply"),
    ("nested.json", '{"people": [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}', "nested more than"),
    ("huge.json", '{"people": [{"handle": "a", "name": "A", "hourly_cost": ' + "9" * 5000 + "}]}",
     "5,000 digits"),
    ("huge.yaml", "people:\n  - {handle: a, name: A, hourly_cost: " + "9" * 5000 + "}\n",
     "too many digits"),
    ("inf.yaml", "people:\n  - {handle: a, name: A, hourly_cost: 1e999}\n", "not finite"),
    ("laughs.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
     "repeated too often"),
    ("nan.json", '{"people": [{"handle": "a", "name": "A", "hourly_cost": NaN}]}',
     "not a number a workspace can hold"),
])
def test_a_hostile_import_file_is_refused_in_one_sentence(db_url, tmp_path, name, body, says):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = _import(db_url, path)
    assert result.exit_code == 1 and says in result.output and "Traceback" not in result.output
    assert "Nothing was imported" in result.output


def test_an_xlsx_with_an_xml_entity_bomb_is_refused_quickly(db_url, tmp_path):  # type: ignore[no-untyped-def]
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl parses through defusedxml
    with zipfile.ZipFile(FIXTURES / "workspace_rich.xlsx") as book:
        parts = {n: book.read(n) for n in book.namelist()}
    lol = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(1) or "") +
                   f"<!DOCTYPE worksheet [{lol}]>", sheet, count=1)
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<t>", "<t>&l9;", 1).encode()
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    result = _import(db_url, bomb)
    assert result.exit_code == 1 and "Nothing was imported" in result.output


def test_random_bytes_named_md_are_refused_by_content():
    noise = bytes(range(256)) * 64
    assert check_document("notes.md", noise) == (
        "docs.not_what_it_says", {"file": "notes.md", "kind": "md"})
    assert check_document("spec.pdf", b"not a pdf at all") is not None
    assert check_document("notes.md", "# 会议纪要\n\n- 上线时间\n".encode()) is None


def test_an_oversized_text_document_is_refused_with_the_limit_named(db_url, firm, tmp_path):  # type: ignore[no-untyped-def]
    big = tmp_path / "dump.md"
    big.write_text("# dump\n" + "word " * (MAX_TEXT_BYTES // 5 + 10), encoding="utf-8")
    result = CliRunner().invoke(main, ["docs", "add", str(big), "--project", "NW-PORTAL",
                                       "--db", db_url])
    assert result.exit_code == 1 and "at most 2 MB" in result.output
    binary = tmp_path / "notes.md"
    binary.write_bytes(bytes(range(256)) * 16)
    result = CliRunner().invoke(main, ["docs", "add", str(binary), "--project", "NW-PORTAL",
                                       "--db", db_url])
    assert result.exit_code == 1 and "does not look like a .md file" in result.output
