"""CONTRACT.md "`pmbot parse` output": one JSON object per message, in the promised shape.

The workspace is tests/fixtures/workspace_rich.yaml (tasks WEB 1-5, CRM 6-8; lin on WEB
only; dave on WEB and CRM, in Berlin). These tests hold the shape and the value sets, not
the breadth of the understanding (tests/intents has that).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import Session, select

from bot.cli.main import main
from domain.core.models import AuditEvent
from domain.core.store import make_engine

RICH_YAML = Path(__file__).parents[2] / "fixtures" / "workspace_rich.yaml"
NOW = "2026-11-27T10:00:00+08:00"
INTENTS = {"create_task", "update_task", "list_tasks", "log_time", "timesheet", "project_status",
           "budget_status", "log_expense", "request_leave", "request_overtime", "decide",
           "complete_milestone", "ask_docs", "feedback", "report", "chart", "suggest_assignee",
           "help", "smalltalk", "unknown", "list_approvals"}
SLOTS = {"create_task": {"title", "project", "assignee", "due", "priority", "estimate_hours",
                         "milestone"},
         "update_task": {"task", "status", "progress", "assignee", "due", "priority"},
         "list_tasks": {"person", "project", "status", "due"},
         "log_time": {"hours", "date", "project", "task", "note", "person"},
         "timesheet": {"person", "project", "start", "end"},
         "project_status": {"project", "task", "milestone"}, "budget_status": {"project"},
         "log_expense": {"amount", "currency", "category", "project", "date", "note"},
         "request_leave": {"start", "end", "leave_type", "note"},
         "request_overtime": {"date", "hours", "project", "note"},
         "decide": {"decision", "request"}, "complete_milestone": {"milestone", "project"},
         "ask_docs": {"question", "project"}, "feedback": {"score", "project", "note"},
         "report": {"report", "project", "client", "start", "end"},
         "chart": {"chart", "project"}, "suggest_assignee": {"project", "task", "skills"},
         "help": set(), "smalltalk": set(), "unknown": set(), "list_approvals": set()}
DATE_SLOTS = {"due", "date", "start", "end"}

# One message per intent, as its speaker would say it.
SAID = [
    ("bob", "create a task Homepage copy in WEB for lin due Dec 4, high priority", "create_task"),
    ("dave", "mark #2 as blocked", "update_task"),
    ("bob", "what is Lin working on?", "list_tasks"),
    ("dave", "log 2.5h on WEB yesterday for #2 fixing validation", "log_time"),
    ("bob", "timesheet for dave from 2026-11-01 to 2026-11-30", "timesheet"),
    ("bob", "how is WEB going?", "project_status"),
    ("bob", "WEB budget?", "budget_status"),
    ("dave", "spent 100 yuan on a taxi for WEB", "log_expense"),
    ("lin", "I'd like annual leave from Dec 21 to Dec 23", "request_leave"),
    ("dave", "request 3h overtime on CRM on Saturday", "request_overtime"),
    ("bob", "approve #2", "decide"),
    ("bob", "Beta milestone of WEB is done", "complete_milestone"),
    ("bob", "what are the payment terms in the SOW for WEB?", "ask_docs"),
    ("tom", "I rate WEB 4 out of 5", "feedback"),
    ("alice", "profit report for Acme Retail Co. from 2026-11-01 to 2026-11-30", "report"),
    ("bob", "show me the gantt chart for WEB", "chart"),
    ("bob", "who should take the SSO integration on CRM? needs react", "suggest_assignee"),
    ("bob", "help", "help"),
    ("bob", "thanks!", "smalltalk"),
    ("bob", "what's the weather in Paris", "unknown"),
    ("lin", "昨天官网改版做了3小时", "log_time"),
    ("bob", "what's waiting for my approval?", "list_approvals"),
    ("dave", "#2 is 50% done", "update_task"),
    ("dave", "is #2 done?", "project_status"),
]


@pytest.fixture
def parse(db_url):
    """`pmbot parse` on the rich workspace: one message → its JSON object."""
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(RICH_YAML), "--db", db_url]).exit_code == 0

    def run(handle: str, text: str, now: str = NOW) -> dict:
        result = runner.invoke(main, ["parse", "--as", handle, "--now", now, text, "--db", db_url])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


def batch(db_url: str, lines: list[str], *args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["parse", "--batch", *args, "--db", db_url],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _well_formed(found: dict) -> bool:
    slots = found["slots"]
    return (set(found) - {"entries"} == {"intent", "lang", "confidence", "slots", "unresolved"}
            and found["intent"] in INTENTS and found["lang"] in {"en", "zh"}
            and isinstance(found["confidence"], float) and 0 <= found["confidence"] <= 1
            and set(slots) | set(found["unresolved"]) <= SLOTS[found["intent"]]
            and all(isinstance(v, str) for v in found["unresolved"].values())
            and all(len(slots[k]) == 10 and slots[k][4] == "-" for k in DATE_SLOTS & set(slots)))


# ---------------------------------------------------------------- the object
@pytest.mark.parametrize(("handle", "text", "intent"), SAID)
def test_each_intent_prints_one_well_formed_object(parse, handle, text, intent):
    found = parse(handle, text)
    assert found["intent"] == intent and _well_formed(found), found


def test_the_contract_example_parses_as_printed(parse):
    assert parse("dave", "log 3h on WEB yesterday") == {
        "intent": "log_time", "lang": "en", "confidence": parse("dave", "log 3h on WEB yesterday")
        ["confidence"], "slots": {"hours": 3, "date": "2026-11-26", "project": "WEB"},
        "unresolved": {}}


def test_lang_is_the_main_language_of_the_message(parse):
    assert parse("lin", "昨天官网改版做了3小时")["lang"] == "zh"
    assert parse("bob", "what is 林芳 working on?")["lang"] == "en"


def test_parse_writes_nothing(parse, db_url):
    engine = make_engine(db_url)
    with Session(engine) as session:
        before = session.exec(select(func.count()).select_from(AuditEvent)).one()
        parse("dave", "log 3h on WEB yesterday")
        parse("bob", "approve #2")
        parse("bob", "create a task Homepage copy in WEB")
        session.rollback()
        after = session.exec(select(func.count()).select_from(AuditEvent)).one()
    engine.dispose()
    assert after == before


# ---------------------------------------------------------------- slots
def test_slots_hold_only_what_the_message_states_not_the_speakers_only_project(parse):
    assert parse("lin", "log 2h today")["slots"] == {"hours": 2, "date": "2026-11-27"}


def test_dates_are_in_the_speakers_timezone_relative_to_now(parse):
    # 06:00 in Shanghai is 23:00 the day before in Berlin, where dave lives
    early = "2026-11-27T06:00:00+08:00"
    assert parse("lin", "log 2h on WEB today", early)["slots"]["date"] == "2026-11-27"
    assert parse("dave", "log 2h on WEB today", early)["slots"]["date"] == "2026-11-26"


def test_hours_and_amounts_are_json_numbers(parse):
    assert parse("dave", "log 2.5 hours on WEB today")["slots"]["hours"] == 2.5
    expense = parse("dave", "spent 100 yuan on a taxi for WEB")["slots"]
    assert type(expense["amount"]) in (int, float) and expense["amount"] == 100


def test_a_project_is_its_code_even_when_named_by_an_alias(parse):
    assert parse("bob", "how is 官网改版 going")["slots"] == {"project": "WEB"}
    assert parse("bob", "how is acme site going")["slots"] == {"project": "WEB"}


def test_a_person_is_their_handle_even_when_named_by_name(parse):
    assert parse("bob", "what is 林芳 working on?")["slots"]["person"] == "lin"


def test_an_existing_task_is_its_integer_id_even_when_named_by_title(parse):
    assert parse("dave", "log 2h on the Login page today")["slots"]["task"] == 2
    assert parse("dave", "mark #6 done")["slots"]["task"] == 6


@pytest.mark.parametrize(("handle", "text", "slot", "written"), [
    ("dave", "log 3h on Zebra yesterday", "project", "Zebra"),
    ("bob", "what is zed working on", "person", "zed"),
    ("dave", "mark #999 done", "task", "#999"),
])
def test_a_mention_that_matches_nothing_is_unresolved_as_written(parse, handle, text, slot, written):
    found = parse(handle, text)
    assert found["unresolved"] == {slot: written} and slot not in found["slots"]


# ---------------------------------------------------------------- closed value sets
@pytest.mark.parametrize(("handle", "text", "slot", "value"), [
    ("bob", "mark #4 todo", "status", "todo"),
    ("bob", "mark #4 in progress", "status", "in_progress"),
    ("bob", "mark #4 blocked", "status", "blocked"),
    ("bob", "mark #4 done", "status", "done"),
    ("bob", "set #4 priority to low", "priority", "low"),
    ("bob", "set #4 priority to normal", "priority", "normal"),
    ("bob", "set #4 priority to high", "priority", "high"),
    ("bob", "set #4 priority to urgent", "priority", "urgent"),
    ("bob", "approve #1", "decision", "approve"),
    ("bob", "reject #1", "decision", "reject"),
    ("dave", "expense 100 yuan for contractor labor on WEB", "category", "labor"),
    ("dave", "spent 100 yuan on a taxi for WEB", "category", "travel"),
    ("dave", "bought a monitor for 100 yuan on WEB", "category", "procurement"),
    ("dave", "expense 100 yuan software on WEB", "category", "software"),
    ("lin", "I'd like annual leave from Dec 21 to Dec 23", "leave_type", "annual"),
    ("lin", "sick leave tomorrow", "leave_type", "sick"),
    ("lin", "personal leave on Dec 2", "leave_type", "personal"),
    ("alice", "profit report", "report", "profit"),
    ("alice", "variance report", "report", "variance"),
    ("alice", "utilization report", "report", "utilization"),
    ("alice", "satisfaction report", "report", "satisfaction"),
    ("bob", "gantt chart for WEB", "chart", "gantt"),
    ("bob", "kanban for WEB", "chart", "kanban"),
    ("bob", "burndown chart for WEB", "chart", "burndown"),
    ("bob", "budget chart for WEB", "chart", "budget"),
    ("bob", "utilization chart for WEB", "chart", "utilization"),
    ("lin", "报销 100 元 差旅 官网改版", "currency", "CNY"),
    ("lin", "报销 100 块 软件 官网改版", "currency", "CNY"),
    ("lin", "报销 100 人民币 采购 官网改版", "currency", "CNY"),
    ("dave", "expense 120 USD software for WEB", "currency", "USD"),
])
def test_closed_value_sets_use_the_contracts_words(parse, handle, text, slot, value):
    assert parse(handle, text)["slots"][slot] == value


# ---------------------------------------------------------------- --batch
def test_batch_reads_plain_lines_and_answers_one_object_per_line_in_order(parse, db_url):
    lines = ["log 3h on WEB yesterday", "hello", "mark #2 done"]
    found = batch(db_url, lines, "--as", "dave", "--now", NOW)
    assert [f["intent"] for f in found] == ["log_time", "smalltalk", "update_task"]


def test_batch_json_lines_override_the_speaker_and_the_clock_per_line(parse, db_url):
    lines = ["log 1h on WEB today",
             json.dumps({"text": "log 1h on WEB today", "now": "2026-12-01T10:00:00+08:00"}),
             json.dumps({"text": "昨天官网改版做了3小时", "as": "lin"}),
             # 06:00 in Shanghai is the evening before in Berlin, where dave lives
             json.dumps({"text": "log 1h on CRM today", "as": "dave",
                         "now": "2026-11-20T06:00:00+08:00"})]
    found = batch(db_url, lines, "--as", "lin", "--now", NOW)
    assert [f["slots"].get("date") for f in found] == [
        "2026-11-27", "2026-12-01", "2026-11-26", "2026-11-19"]


def test_a_batch_line_with_an_unknown_speaker_answers_in_its_place(parse, db_url):
    lines = ["hello", json.dumps({"text": "hello", "as": "nobody"}), "mark #2 done"]
    found = batch(db_url, lines, "--as", "dave", "--now", NOW)
    assert [f.get("intent") for f in found] == ["smalltalk", None, "update_task"]
    assert found[1]["error"] == "person.not_found"


def test_parse_as_an_unknown_speaker_is_a_user_error(parse, db_url):
    result = CliRunner().invoke(main, ["parse", "--as", "nobody", "--now", NOW, "hello",
                                       "--db", db_url])
    assert result.exit_code == 1 and "nobody" in result.stderr and result.stdout == ""


def test_parse_without_text_or_batch_is_a_usage_error(parse, db_url):
    assert CliRunner().invoke(main, ["parse", "--as", "bob", "--db", db_url]).exit_code == 2


def test_slots_do_not_carry_the_project_talked_about_a_moment_ago(parse, db_url):
    def say(text: str) -> str:
        return CliRunner().invoke(main, ["say", "--as", "bob", "--now", NOW, text,
                                         "--db", db_url]).stdout

    say("how is CRM going?")
    found = parse("bob", "how much budget is left?")
    assert (found["intent"], found["slots"]) == ("budget_status", {})
    assert "CRM" in say("how much budget is left?")  # the context is applied when carried out


def test_several_entries_print_the_first_as_usual_and_the_rest_as_entries(parse):
    found = parse("dave", "log 2h on WEB and 3h on CRM yesterday")
    assert found["slots"] == {"hours": 2, "project": "WEB", "date": "2026-11-26"}
    assert found["entries"] == [{"intent": "log_time", "unresolved": {},
                                 "slots": {"hours": 3, "project": "CRM", "date": "2026-11-26"}}]
    assert "entries" not in parse("dave", "log 3h on WEB yesterday")


def test_progress_is_a_percentage_never_a_status(parse):
    assert parse("dave", "#2 is 50% done")["slots"] == {"task": 2, "progress": 50}
