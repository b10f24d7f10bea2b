"""CONTRACT.md's commands that read and make files: docs, notify, chart, report, audit, forget.

The workspace is tests/fixtures/workspace_rich.yaml: bob manages WEB (client Acme, contact
tom) and CRM (client 华鑫证券, contact zhangwei); lin works on WEB only.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import func, text
from sqlmodel import Session, select

from bot.cli.main import main
from domain.core.models import OutboxMessage
from domain.core.store import make_engine

RICH_YAML = Path(__file__).parents[2] / "fixtures" / "workspace_rich.yaml"
NOW = "2026-11-27T10:00:00+08:00"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def pmbot(db_url):
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(main, [*args, "--db", db_url], input=input)

    assert run("import", str(RICH_YAML)).exit_code == 0
    return run


def write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def json_lines(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def documents(pmbot, tmp_path):
    """Three documents on WEB, one for each visibility, and one internal one on CRM."""
    folder = tmp_path / "docs"
    folder.mkdir()
    files = {
        ("WEB", "client", None): write(folder / "sow.md", "# Statement of work\n"
                                       "Invoices are payable within 30 days of the milestone.\n"),
        ("WEB", "internal", None): write(folder / "notes.md", "# Team notes\n"
                                         "The staging server password rotates every Monday.\n"),
        ("WEB", "restricted", "bob"): write(folder / "rates.md", "# Rates\n"
                                            "Our day rate for Acme is 5200 yuan.\n"),
        ("CRM", "internal", None): write(folder / "crm.md", "# CRM plan\n"
                                         "The customer sync job runs nightly at two a.m.\n"),
    }
    for (project, visibility, readers), path in files.items():
        extra = ["--readers", readers] if readers else []
        assert pmbot("docs", "add", str(path), "--project", project, "--visibility", visibility,
                     *extra, "--now", NOW).exit_code == 0
    return folder


# ---------------------------------------------------------------- docs add
def test_docs_add_json_prints_one_object_per_file(pmbot, tmp_path):
    a = write(tmp_path / "a.md", "# Kickoff\nWe meet on Mondays.\n")
    b = write(tmp_path / "b.md", "# Scope\nThe site has four pages.\n")
    found = json_lines(pmbot("docs", "add", str(a), str(b), "--project", "WEB", "--json"))
    assert found == [
        {"file": "a.md", "title": "Kickoff", "project": "WEB", "version": 1, "status": "added"},
        {"file": "b.md", "title": "Scope", "project": "WEB", "version": 1, "status": "added"}]


def test_re_adding_a_file_is_unchanged_until_it_changes_then_it_is_the_next_version(pmbot, tmp_path):
    doc = write(tmp_path / "spec.md", "# Spec\nVersion one.\n")
    add = ("docs", "add", str(doc), "--project", "WEB", "--json")
    assert [json_lines(pmbot(*add))[0]["status"] for _ in range(2)] == ["added", "unchanged"]
    write(doc, "# Spec\nVersion two.\n")
    assert json_lines(pmbot(*add))[0] | {} == {"file": "spec.md", "title": "Spec", "project": "WEB",
                                               "version": 2, "status": "updated"}
    listed = json_lines(pmbot("docs", "list", "--project", "WEB", "--json"))
    assert [d["version"] for d in listed if d["file"] == "spec.md"] == [2]


def test_docs_add_keeps_the_files_in_the_data_dir(pmbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PMBOT_DATA_DIR", str(tmp_path / "our-data"))
    doc = write(tmp_path / "spec.md", "# Spec\nThe data dir holds me.\n")
    assert pmbot("docs", "add", str(doc), "--project", "WEB").exit_code == 0
    assert list((tmp_path / "our-data").rglob("spec.md"))
    assert (tmp_path / "our-data" / "index").is_dir()  # no PMBOT_CHROMA_URL: the embedded index


def test_docs_add_to_an_unknown_project_exits_1(pmbot, tmp_path):
    doc = write(tmp_path / "spec.md", "# Spec\nNothing.\n")
    result = pmbot("docs", "add", str(doc), "--project", "NOPE")
    assert result.exit_code == 1 and "NOPE" in result.stderr and result.stdout == ""


# ---------------------------------------------------------------- docs ask
def test_docs_ask_json_answers_with_its_sources(pmbot, documents):
    found = json.loads(pmbot("docs", "ask", "--as", "lin", "--json",
                             "when are invoices payable?").stdout)
    assert found["found"] is True and "30 days" in found["answer"]
    assert set(found) == {"found", "answer", "sources"}
    source = found["sources"][0]
    assert set(source) == {"document", "file", "project", "version", "location", "text"}
    assert (source["document"], source["file"], source["project"], source["version"]) == (
        "Statement of work", "sow.md", "WEB", 1)
    assert "30 days" in source["text"]


@pytest.mark.parametrize(("handle", "question", "hidden"), [
    ("tom", "how often does the staging server password rotate?", "notes.md"),
    ("lin", "what is our day rate for Acme?", "rates.md"),
    ("tom", "when does the customer sync job run?", "crm.md"),
])
def test_docs_ask_never_cites_a_document_the_person_may_not_read(pmbot, documents, handle,
                                                                 question, hidden):
    result = pmbot("docs", "ask", "--as", handle, "--json", question)
    found = json.loads(result.stdout)
    assert hidden not in [s["file"] for s in found["sources"]]
    assert "Monday" not in found["answer"] and "5200" not in found["answer"]


def test_docs_ask_reaches_a_restricted_document_for_its_readers(pmbot, documents):
    found = json.loads(pmbot("docs", "ask", "--as", "bob", "--json",
                             "what is our day rate for Acme?").stdout)
    assert [s["file"] for s in found["sources"]][:1] == ["rates.md"]


def test_docs_ask_says_not_found_when_nothing_fits(pmbot, documents):
    found = json.loads(pmbot("docs", "ask", "--as", "lin", "--json",
                             "what colour is the CEO's car?").stdout)
    assert found["found"] is False and found["sources"] == [] and found["answer"]


def test_a_project_the_asker_may_not_see_is_answered_like_an_unknown_one(pmbot, documents):
    hidden = pmbot("docs", "ask", "--as", "tom", "--project", "CRM", "--json", "sync job?")
    unknown = pmbot("docs", "ask", "--as", "tom", "--project", "XQZ", "--json", "sync job?")
    assert hidden.exit_code == unknown.exit_code == 1
    assert hidden.stdout == unknown.stdout == ""
    assert hidden.stderr.startswith("No project 'CRM'.") and unknown.stderr.startswith("No project")
    # the only project it may suggest is one tom can see
    assert "华鑫" not in hidden.stderr and hidden.stderr.count("CRM") == 1


def test_docs_ask_answers_in_the_askers_language(pmbot, documents, tmp_path):
    doc = write(tmp_path / "deploy.md", "# 部署说明\n生产环境每周四晚上十点发布新版本。\n")
    pmbot("docs", "add", str(doc), "--project", "WEB")
    found = json.loads(pmbot("docs", "ask", "--as", "lin", "--json", "生产环境什么时候发布？").stdout)
    assert found["found"] and "周四" in found["answer"]
    missing = json.loads(pmbot("docs", "ask", "--as", "lin", "--json", "宇宙的意义是什么？").stdout)
    assert not missing["found"] and "文档" in missing["answer"]
    text = pmbot("docs", "ask", "--as", "lin", "生产环境什么时候发布？").stdout
    assert text.startswith("根据您的文档") and "来源" in text


# ---------------------------------------------------------------- notify
def _outbox(db_url: str) -> int:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.exec(select(func.count()).select_from(OutboxMessage)).one()
    engine.dispose()
    return found


def test_notify_json_prints_one_object_per_notification(pmbot, db_url):
    found = json_lines(pmbot("notify", "--now", "2026-11-30T09:30:00+08:00", "--dry-run", "--json"))
    assert found
    for notice in found:
        assert {"recipient", "platform", "kind", "subject", "text"} <= set(notice)
        assert all(isinstance(notice[k], str) and notice[k] for k in
                   ("recipient", "platform", "kind", "subject", "text"))
    assert {"bob", "tom"} <= {n["recipient"] for n in found}
    assert _outbox(db_url) == 0


def test_notify_without_dry_run_queues_what_it_lists_once(pmbot, db_url):
    moment = "2026-11-30T09:30:00+08:00"
    first = json_lines(pmbot("notify", "--now", moment, "--json"))
    assert first and _outbox(db_url) > 0
    assert json_lines(pmbot("notify", "--now", moment, "--json")) == []


# ---------------------------------------------------------------- chart
@pytest.mark.parametrize("kind", ["gantt", "kanban", "burndown", "budget", "utilization"])
def test_chart_renders_each_kind_to_a_png(pmbot, tmp_path, kind):
    out = tmp_path / f"{kind}.png"
    result = pmbot("chart", kind, "WEB", "-o", str(out), "--now", NOW)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG)


def test_chart_of_an_unknown_project_exits_1_and_draws_nothing(pmbot, tmp_path):
    out = tmp_path / "x.png"
    result = pmbot("chart", "gantt", "NOPE", "-o", str(out))
    assert result.exit_code == 1 and "NOPE" in result.stderr and not out.exists()


# ---------------------------------------------------------------- report
@pytest.mark.parametrize("kind", ["profit", "variance", "utilization", "satisfaction", "risk"])
def test_report_prints_text_and_json_and_writes_xlsx(pmbot, tmp_path, kind):
    as_text = pmbot("report", kind, "--now", NOW)
    assert as_text.exit_code == 0 and as_text.stdout.strip()
    as_json = pmbot("report", kind, "--now", NOW, "--format", "json")
    assert isinstance(json.loads(as_json.stdout), dict)
    out = tmp_path / f"{kind}.xlsx"
    assert pmbot("report", kind, "--now", NOW, "--format", "xlsx", "-o", str(out)).exit_code == 0
    assert load_workbook(out).sheetnames


def test_report_takes_a_project_a_client_and_a_window(pmbot, tmp_path):
    out = tmp_path / "profit.json"
    result = pmbot("report", "profit", "--project", "WEB", "--client", "Acme Retail Co.",
                   "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    found = json.loads(out.read_text(encoding="utf-8"))
    assert found["window"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert [p["name"] for p in found["projects"]] == ["WEB"]


def test_report_text_can_go_to_a_file(pmbot, tmp_path):
    out = tmp_path / "satisfaction.txt"
    assert pmbot("report", "satisfaction", "-o", str(out)).exit_code == 0
    assert "NPS" in out.read_text(encoding="utf-8")


def test_report_of_an_unknown_client_exits_1(pmbot):
    result = pmbot("report", "profit", "--client", "Nobody Ltd")
    assert result.exit_code == 1 and "Nobody Ltd" in result.stderr and result.stdout == ""


def test_a_report_date_that_is_not_a_date_is_a_usage_error(pmbot):
    assert pmbot("report", "profit", "--from", "11/2026").exit_code == 2


# ---------------------------------------------------------------- audit verify, forget
def test_audit_verify_passes_on_an_untouched_chain(pmbot):
    result = pmbot("audit", "verify")
    assert result.exit_code == 0 and "intact" in result.stdout


def test_audit_verify_exits_non_zero_naming_the_first_broken_link(pmbot, db_url):
    for hours in (1, 2, 3):
        pmbot("say", "--as", "lin", "--now", NOW, f"log {hours}h on WEB today")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET payload = '{}' WHERE seq IN (3, 4)"))
    engine.dispose()
    result = pmbot("audit", "verify")
    assert result.exit_code != 0 and "#3" in result.stderr and "#4" not in result.stderr


def test_forget_erases_personal_data_and_keeps_anonymous_aggregates(pmbot):
    before = json.loads(pmbot("export").stdout)
    assert pmbot("forget", "lin").exit_code == 0
    after = json.loads(pmbot("export").stdout)
    dumped = json.dumps(after, ensure_ascii=False)
    assert "林芳" not in dumped and "回老家" not in dumped
    assert sum(e["hours"] for e in after["time_entries"]) == \
        sum(e["hours"] for e in before["time_entries"])
    assert len(after["people"]) == len(before["people"])


def test_forget_an_unknown_handle_exits_1(pmbot):
    result = pmbot("forget", "nobody")
    assert result.exit_code == 1 and "nobody" in result.stderr
