"""CONTRACT.md "Import format" and `pmbot import` / `pmbot export`, through the real command.

Every key of the contract's YAML block is accepted; JSON, YAML, XLSX and CSV load the same
workspace; a bad row or an unknown key rejects the whole file, naming the key and its
place; tasks get ids 1, 2, 3… in file order; export adds what chat added, and importing an
export reproduces it.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlmodel import Session, select

from bot.bootstrap import build_app
from bot.cli.main import main
from bot.files.workspace import write_workspace_file
from bot.gateway import Incoming, handle_incoming
from domain.core.models import Task
from domain.core.store import make_engine

FIXTURES = Path(__file__).parents[2] / "fixtures"
RICH_YAML = FIXTURES / "workspace_rich.yaml"
WORKSPACE = Path(__file__).parents[2] / "e2e" / "workspace.yaml"
NOW = "2026-11-27T10:00:00+08:00"

# Every key the contract's YAML block names, once, and nothing else.
EVERY_KEY = """
firm: {name: Bluepeak Digital, base_currency: CNY}
exchange_rates:            # 1 unit of `currency` = `rate` units of the base currency
  - {currency: USD, rate: 7.2, from: '2026-01-01'}
people:
  - {handle: ann, name: Ann Lee, role: pm, email: ann@firm.example, timezone: Asia/Shanghai,
     language: en, skills: [scrum, 预算], hourly_cost: 300, weekly_capacity_hours: 40,
     slack_id: U0ANN, telegram_id: "7001"}
  - {handle: 小王, name: 王小明, role: member, language: zh, hourly_cost: 200}
clients:
  - name: 星河科技
    payment_terms: net 45
    industry: software
    notes: 按里程碑付款
    contacts:
      - {handle: joe, name: Joe Park, email: joe@galaxy.example, language: en,
         timezone: Asia/Seoul, slack_id: U0JOE, telegram_id: "7002"}
    contracts:
      - {title: 框架协议, value: 90000, currency: CNY, start: 2026-10-01, end: 2027-03-31,
         payment_terms: 50/50}
projects:
  - code: GX-APP
    name: 星河 App
    aliases: [星河, galaxy app]
    client: 星河科技
    manager: ann
    members: [ann, 小王]
    start: 2026-10-01
    end: 2027-03-31
    budget: 90000
    currency: CNY
    hourly_rate: 500
    milestones:
      - {name: 设计评审, due: 2026-11-20, client_visible: true, done: true}
      - {name: Beta, due: 2026-12-18, client_visible: false, done: false}
    tasks:
      - {title: 登录页, assignee: 小王, due: 2026-11-18, status: done, priority: high,
         estimate_hours: 8, milestone: 设计评审, depends_on: []}
      - {title: Push notifications, assignee: ann, due: 2026-12-10, status: in_progress,
         priority: urgent, estimate_hours: 12.5, milestone: Beta, depends_on: [登录页]}
time_entries:
  - {person: 小王, project: GX-APP, date: 2026-11-17, hours: 6, task: 登录页, note: 切图}
  - {person: ann, project: GX-APP, date: 2026-11-18, hours: 1.5}
expenses:
  - {project: GX-APP, date: 2026-11-12, amount: 880, currency: USD, category: software, note: 证书}
"""


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def export(db: str) -> dict:
    result = invoke("export", "--db", db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def every_key_file(tmp_path: Path) -> Path:
    path = tmp_path / "every-key.yaml"
    path.write_text(EVERY_KEY, encoding="utf-8")
    return path


# ---------------------------------------------------------------- what a file may hold
def test_every_key_of_the_import_format_is_accepted_and_exported_back(db_url, tmp_path):
    assert invoke("import", str(every_key_file(tmp_path)), "--db", db_url).exit_code == 0
    data = export(db_url)
    source = yaml.safe_load(EVERY_KEY)
    for person in source["people"]:
        exported = next(p for p in data["people"] if p["handle"] == person["handle"])
        assert {k: exported.get(k) for k in person} == person
    project = data["projects"][0]
    assert project["milestones"] == [{**m, "due": str(m["due"])}
                                     for m in source["projects"][0]["milestones"]]
    assert [t["title"] for t in project["tasks"]] == ["登录页", "Push notifications"]
    assert project["tasks"][1]["depends_on"] == ["登录页"]
    assert data["clients"][0]["contacts"][0]["telegram_id"] == "7002"
    assert data["expenses"][0]["currency"] == "USD"
    assert (data["firm"], data["exchange_rates"]) == (source["firm"], source["exchange_rates"])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_firm_and_exchange_rates_travel_through_spreadsheets(db_url, tmp_path, fmt):
    assert invoke("import", str(every_key_file(tmp_path)), "--db", db_url).exit_code == 0
    data = export(db_url)
    path = write_workspace_file(data, tmp_path / f"out.{fmt}", fmt)
    fresh = f"sqlite:///{tmp_path}/fresh.db"
    assert invoke("import", str(path), "--db", fresh).exit_code == 0
    again = export(fresh)
    assert (again["firm"], again["exchange_rates"]) == (data["firm"], data["exchange_rates"])


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
def test_json_yaml_xlsx_and_csv_load_the_same_workspace(db_url, tmp_path, fmt):
    source = yaml.safe_load(RICH_YAML.read_text(encoding="utf-8"))
    path = write_workspace_file(source, tmp_path / f"ws.{fmt}", fmt)
    other = f"sqlite:///{tmp_path}/yaml.db"
    assert invoke("import", str(RICH_YAML), "--db", other).exit_code == 0
    result = invoke("import", str(path), "--db", db_url)
    assert result.exit_code == 0, result.output
    assert export(db_url) == export(other)


def test_the_shipped_xlsx_and_csv_fixtures_import(tmp_path):
    for name in ("workspace_rich.xlsx", "workspace_rich_csv"):
        url = f"sqlite:///{tmp_path}/{name}.db"
        assert invoke("import", str(FIXTURES / name), "--db", url).exit_code == 0
        assert len(export(url)["projects"]) == 2


def test_a_hand_made_spreadsheet_with_one_sheet_per_key_and_one_row_per_item_imports(db_url, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheets = {
        "people": [["handle", "name", "role", "skills", "hourly_cost", "telegram_id"],
                   ["ann", "Ann Lee", "pm", "scrum, budgets", 300, 7001],
                   ["ken", "王小明", "member", None, 200, None]],
        "clients": [["name", "payment_terms"], ["星河科技", "net 45"]],
        "projects": [["code", "name", "aliases", "client", "manager", "members", "start", "budget"],
                     ["GX", "星河 App", "星河, galaxy", "星河科技", "ann", "ann, ken",
                      datetime(2026, 10, 1), 90000]],
        "tasks": [["project", "title", "assignee", "status", "depends_on"],
                  ["GX", "登录页", "ken", "done", None], ["GX", "Push", "ann", "todo", "登录页"]],
        "time_entries": [["person", "project", "date", "hours", "task"],
                         ["ken", "GX", datetime(2026, 11, 17), 6, "登录页"]],
        "expenses": [["project", "date", "amount", "currency", "category"],
                     ["GX", "2026-11-12", 880.5, "USD", "software"]],
    }
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(tmp_path / "hand.xlsx")
    assert invoke("import", str(tmp_path / "hand.xlsx"), "--db", db_url).exit_code == 0
    data = export(db_url)
    assert data["people"][0]["skills"] == ["scrum", "budgets"]
    assert data["people"][0]["telegram_id"] == "7001"
    assert data["projects"][0]["aliases"] == ["星河", "galaxy"]
    assert [(t["id"], t["title"]) for t in data["projects"][0]["tasks"]] == [(1, "登录页"), (2, "Push")]
    assert data["time_entries"] == [{"person": "ken", "project": "GX", "date": "2026-11-17",
                                     "hours": 6.0, "task": "登录页"}]


def test_a_folder_of_csv_files_or_one_csv_file_imports(db_url, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "people.csv").write_text("handle,name,role\nann,Ann Lee,pm\nken,王小明,member\n",
                                       encoding="utf-8")
    (folder / "projects.csv").write_text("code,name,manager,members\nGX,星河 App,ann,\"ann, ken\"\n",
                                         encoding="utf-8")
    assert invoke("import", str(folder), "--db", db_url).exit_code == 0
    single = tmp_path / "time_entries.csv"
    single.write_text("person,project,date,hours\nken,GX,2026-11-17,6\n", encoding="utf-8")
    assert invoke("import", str(single), "--db", db_url).exit_code == 0
    data = export(db_url)
    assert data["projects"][0]["members"] == ["ann", "ken"] and len(data["time_entries"]) == 1


def test_names_aliases_and_titles_may_be_in_any_language(db_url, tmp_path):
    invoke("import", str(every_key_file(tmp_path)), "--db", db_url)
    result = invoke("say", "--as", "小王", "--now", NOW, "昨天星河做了2小时", "--db", db_url)
    assert result.exit_code == 0 and "GX-APP" in result.stdout


def test_imported_tasks_get_ids_1_2_3_in_file_order_project_by_project(db_url):
    assert invoke("import", str(RICH_YAML), "--db", db_url).exit_code == 0
    source = yaml.safe_load(RICH_YAML.read_text(encoding="utf-8"))
    titles = [t["title"] for p in source["projects"] for t in p["tasks"]]
    engine = make_engine(db_url)
    with Session(engine) as session:
        rows = session.exec(select(Task.id, Task.title).order_by(Task.id)).all()
    engine.dispose()
    assert [(i, title) for i, title in rows] == list(enumerate(titles, start=1))


def test_a_script_can_refer_to_an_imported_task_by_its_id(db_url):
    invoke("import", str(RICH_YAML), "--db", db_url)
    result = invoke("parse", "--as", "dave", "--now", NOW, "mark #6 done", "--db", db_url)
    assert json.loads(result.stdout)["slots"] == {"task": 6, "status": "done"}


# ---------------------------------------------------------------- all-or-nothing
@pytest.mark.parametrize(("edit", "place", "key"), [
    (lambda d: d["projects"][1]["tasks"][0].update(colour="red"), "projects[1].tasks[0]", "colour"),
    (lambda d: d["people"][2].update(nickname="Lin"), "people[2]", "nickname"),
    (lambda d: d["time_entries"][3].update(billable=True), "time_entries[3]", "billable"),
    (lambda d: d["clients"][0]["contacts"][0].update(phone="1"), "clients[0].contacts[0]", "phone"),
])
def test_an_unknown_key_is_an_error_naming_the_key_and_its_place(db_url, tmp_path, edit, place, key):
    data = yaml.safe_load(RICH_YAML.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = invoke("import", str(path), "--db", db_url)
    assert result.exit_code == 1
    assert place in result.stderr and key in result.stderr and "unknown key" in result.stderr


def test_an_unknown_top_level_key_is_named_with_its_place(db_url, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("people: []\ninvoices: []\n", encoding="utf-8")
    result = invoke("import", str(path), "--db", db_url)
    assert result.exit_code == 1
    assert "top level" in result.stderr and "invoices" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
def test_a_bad_last_row_rejects_the_whole_file_and_writes_nothing(db_url, tmp_path, fmt):
    data = yaml.safe_load(RICH_YAML.read_text(encoding="utf-8"))
    data["expenses"][-1]["project"] = "NOPE"
    path = write_workspace_file(data, tmp_path / f"bad.{fmt}", fmt)
    result = invoke("import", str(path), "--db", db_url)
    assert result.exit_code == 1 and "NOPE" in result.stderr and result.stdout == ""
    assert all(rows == [] for rows in export(db_url).values())


def test_importing_into_a_store_that_holds_the_same_names_is_refused_and_changes_nothing(db_url):
    invoke("import", str(RICH_YAML), "--db", db_url)
    before = export(db_url)
    assert invoke("import", str(RICH_YAML), "--db", db_url).exit_code == 1
    assert export(db_url) == before


# ---------------------------------------------------------------- export
def test_export_writes_json_to_stdout_or_to_a_file(db_url, tmp_path):
    invoke("import", str(WORKSPACE), "--db", db_url)
    out = tmp_path / "dump.json"
    assert invoke("export", "--format", "json", "-o", str(out), "--db", db_url).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == export(db_url)


def _chat(db_url: str, handle: str, *lines: str) -> None:
    for text in lines:
        result = invoke("say", "--as", handle, "--now", NOW, text, "--db", db_url)
        assert result.exit_code == 0, result.output


def _link_chat_accounts(db_url: str) -> None:
    now = datetime.fromisoformat(NOW)
    app = build_app(database_url=db_url)
    for handle, platform, user in [("sam", "slack", "U0SAM"), ("nina", "telegram", "4242")]:
        code = invoke("invite", handle, "--now", NOW, "--db", db_url).stdout.strip()
        reply = handle_incoming(app, Incoming(platform, user, user, f"link {code}"), now=now)
        assert reply.error is None
    app.engine.dispose()


@pytest.fixture
def chatted(db_url, tmp_path) -> str:
    """The small firm after a morning of chat: every kind of thing chat can add."""
    invoke("import", str(WORKSPACE), "--db", db_url)
    _link_chat_accounts(db_url)
    _chat(db_url, "sam", "log 2h on NW-OPS today", "add task Write API docs to NW-OPS", "yes",
          "expense 300 元 travel on NW-PORTAL taxi", "annual leave from Dec 14 to Dec 15",
          "request 3h overtime on NW-PORTAL tomorrow")
    _chat(db_url, "mei", "approve #2", "reject #1")
    _chat(db_url, "nina", "I rate NW-PORTAL 4 out of 5")
    doc = tmp_path / "spec.md"
    doc.write_text("# Spec\nSign-in uses the company's single sign-on.\n", encoding="utf-8")
    invoke("docs", "add", str(doc), "--project", "NW-PORTAL", "--now", NOW, "--db", db_url)
    return db_url


def test_export_adds_what_chat_added(chatted):
    data = export(chatted)
    sam = next(p for p in data["people"] if p["handle"] == "sam")
    assert sam["slack_id"] == "U0SAM"
    assert data["clients"][0]["contacts"][0]["telegram_id"] == "4242"
    ops = next(p for p in data["projects"] if p["code"] == "NW-OPS")
    assert [t["title"] for t in ops["tasks"]] == ["Write API docs"]
    assert {"person": "sam", "project": "NW-OPS", "date": "2026-11-27", "hours": 2.0}.items() \
        <= data["time_entries"][-1].items()
    assert (data["expenses"][-1]["amount"], data["expenses"][-1]["currency"]) == (300, "CNY")
    assert [(r["leave_type"], r["status"]) for r in data["leave_requests"]] == [("annual", "rejected")]
    assert [(r["hours"], r["status"], r["decided_by"]) for r in data["overtime_requests"]] == [
        (3, "approved", "mei")]
    assert [(d["title"], d["file_name"], d["version"]) for d in data["documents"]] == [
        ("Spec", "spec.md", 1)]
    assert [(f["contact"], f["score"]) for f in data["feedback"]] == [("nina", 4)]


def test_importing_an_export_reproduces_it(chatted, tmp_path):
    first = export(chatted)
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    other = f"sqlite:///{tmp_path}/other.db"
    assert invoke("import", str(dump), "--db", other).exit_code == 0
    assert export(other) == first


def test_the_demo_workspace_survives_export_and_import(tmp_path):
    first, second = f"sqlite:///{tmp_path}/demo.db", f"sqlite:///{tmp_path}/again.db"
    assert invoke("demo", "--no-chat", "--now", NOW, "--db", first).exit_code == 0
    dump = tmp_path / "demo.json"
    assert invoke("export", "-o", str(dump), "--db", first).exit_code == 0
    assert invoke("import", str(dump), "--db", second).exit_code == 0
    assert export(second) == export(first)
