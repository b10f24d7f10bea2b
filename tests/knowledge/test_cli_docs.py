"""`pmbot docs add / ask / list / reindex` as a script would drive them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session

import bot.cli.docs  # noqa: F401  (registers `docs` on `main`)
from bot.cli.main import main
from tests.knowledge.conftest import GLOBEX_CONTRACT, MSA_EN, RATES_INTERNAL


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "msa.md").write_bytes(MSA_EN)
    (folder / "rates.md").write_bytes(RATES_INTERNAL)
    (folder / "globex.md").write_bytes(GLOBEX_CONTRACT)
    return folder


def run(db_url: str, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["docs", *args, "--db", db_url], catch_exceptions=False)


def lines(result) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(line) for line in result.output.splitlines()]


def test_add_prints_one_object_per_file_and_versions_changed_files(
        db_url: str, session: Session, world, files: Path) -> None:  # type: ignore[no-untyped-def]
    first = run(db_url, "add", str(files / "msa.md"), str(files / "rates.md"), "--project", "WEB",
                "--visibility", "client", "--json")
    assert lines(first) == [
        {"file": "msa.md", "title": "Master Services Agreement", "project": "WEB", "version": 1,
         "status": "added"},
        {"file": "rates.md", "title": "Internal rate card", "project": "WEB", "version": 1,
         "status": "added"},
    ]
    assert lines(run(db_url, "add", str(files / "msa.md"), "--project", "WEB", "--visibility",
                     "client", "--json"))[0]["status"] == "unchanged"
    (files / "msa.md").write_bytes(MSA_EN.replace(b"30 days", b"45 days"))
    second = lines(run(db_url, "add", str(files / "msa.md"), "--project", "WEB", "--visibility",
                       "client", "--json"))[0]
    assert (second["status"], second["version"]) == ("updated", 2)
    answer = json.loads(run(db_url, "ask", "--as", "tom", "--json", "When must Acme pay?").output)
    assert answer["found"] and "45 days" in answer["answer"]
    assert {(s["file"], s["version"]) for s in answer["sources"]} == {("msa.md", 2)}


def test_ask_never_returns_a_source_the_asker_may_not_read(
        db_url: str, session: Session, world, files: Path) -> None:  # type: ignore[no-untyped-def]
    run(db_url, "add", str(files / "rates.md"), "--project", "WEB")
    run(db_url, "add", str(files / "globex.md"), "--project", "GLX", "--visibility", "client")
    result = run(db_url, "ask", "--as", "tom", "--json", "What", "is", "the", "target", "margin?")
    assert json.loads(result.output) == {
        "found": False, "answer": "I couldn't find that in your documents.", "sources": []}


def test_ask_about_a_project_one_cannot_see_exits_1_like_an_unknown_project(
        db_url: str, session: Session, world, files: Path) -> None:  # type: ignore[no-untyped-def]
    run(db_url, "add", str(files / "globex.md"), "--project", "GLX", "--visibility", "client")
    result = CliRunner().invoke(main, ["docs", "ask", "--as", "tom", "--project", "GLX",
                                       "fixed fee?", "--db", db_url])
    assert result.exit_code == 1
    assert "No project 'GLX'" in result.output
    assert "480,000" not in result.output


def test_a_chinese_question_is_answered_in_chinese(
        db_url: str, session: Session, world, files: Path) -> None:  # type: ignore[no-untyped-def]
    run(db_url, "add", str(files / "msa.md"), "--project", "WEB", "--visibility", "client")
    result = run(db_url, "ask", "--as", "tom", "发票需要在多少天内付款？")
    assert result.output.startswith("根据您的文档：\nAcme pays each invoice within 30 days")
    assert "来源：" in result.output


def test_list_and_reindex_keep_the_documents_answerable(
        db_url: str, session: Session, world, files: Path) -> None:  # type: ignore[no-untyped-def]
    run(db_url, "add", str(files / "msa.md"), "--project", "WEB", "--visibility", "client")
    assert lines(run(db_url, "list", "--as", "tom", "--json")) == [
        {"project": "WEB", "title": "Master Services Agreement", "file": "msa.md", "version": 1,
         "visibility": "client", "comments": 0}]
    assert run(db_url, "reindex").output.strip() == "reindexed 1 documents"
    answer = json.loads(run(db_url, "ask", "--as", "tom", "--json", "warranty days").output)
    assert answer["sources"][0]["location"] == "§ Warranty"


def test_an_unsupported_file_is_refused_with_exit_1(db_url: str, session: Session, world,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    movie = tmp_path / "movie.mp4"
    movie.write_bytes(b"\x00")
    result = CliRunner().invoke(main, ["docs", "add", str(movie), "--project", "WEB", "--db", db_url])
    assert result.exit_code == 1 and "movie.mp4" in result.output
