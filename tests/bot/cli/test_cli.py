"""The `pmbot` command as a script sees it: output, exit codes, nothing written on errors."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.cli.main import main
from domain.core.store import make_engine

WORKSPACE = Path(__file__).parents[2] / "e2e" / "workspace.yaml"
NOW = "2026-11-27T10:00:00+08:00"


@pytest.fixture
def pmbot(db_url):
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(main, [*args, "--db", db_url], input=input)

    assert run("import", str(WORKSPACE)).exit_code == 0
    return run


def test_import_reports_what_it_loaded(db_url):
    result = CliRunner().invoke(main, ["import", str(WORKSPACE), "--db", db_url])
    assert result.exit_code == 0
    assert "4 people" in result.output and "2 projects" in result.output


def test_a_bad_file_exits_1_names_the_place_and_writes_nothing(db_url, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - {handle: x, name: X, role: wizard}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(bad), "--db", db_url])
    assert result.exit_code == 1
    assert "people[0]" in result.output and "role" in result.output
    exported = json.loads(CliRunner().invoke(main, ["export", "--db", db_url]).output)
    assert exported.get("people", []) == []


def test_export_then_import_reproduces_the_workspace(pmbot, tmp_path):
    first = pmbot("export")
    dump = tmp_path / "dump.json"
    dump.write_text(first.output, encoding="utf-8")
    other = f"sqlite:///{tmp_path}/other.db"
    assert CliRunner().invoke(main, ["import", str(dump), "--db", other]).exit_code == 0
    second = CliRunner().invoke(main, ["export", "--db", other])
    assert json.loads(second.output) == json.loads(first.output)


def test_audit_verify_passes_then_names_the_event_edited_behind_its_back(pmbot, db_url):
    assert pmbot("say", "--as", "sam", "--now", NOW, "log 2h on NW-OPS today").exit_code == 0
    ok = pmbot("audit", "verify")
    assert ok.exit_code == 0 and "intact: 2 events" in ok.output
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'person:ada' WHERE seq = 2"))
    engine.dispose()
    broken = pmbot("audit", "verify")
    assert broken.exit_code == 1
    assert "event #2" in broken.output and "altered" in broken.output


def test_audit_verify_notices_an_inserted_event(pmbot, db_url):
    pmbot("say", "--as", "sam", "--now", NOW, "log 2h on NW-OPS today")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET seq = seq + 1 WHERE seq = 2"))
        conn.execute(text(
            "INSERT INTO audit_event (seq, at, actor, action, entity, entity_id, payload, "
            "prev_hash, hash) SELECT 2, at, 'person:mallory', 'time.log', 'time_entry', '9', "
            "payload, hash, hash FROM audit_event WHERE seq = 1"))
    engine.dispose()
    broken = pmbot("audit", "verify")
    assert broken.exit_code == 1 and "event #2" in broken.output


def test_parse_prints_one_json_object_and_writes_nothing(pmbot):
    result = pmbot("parse", "--as", "sam", "--now", NOW, "log 3h on NW-PORTAL yesterday")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "intent": "log_time", "lang": "en", "confidence": json.loads(result.output)["confidence"],
        "slots": {"hours": 3, "date": "2026-11-26", "project": "NW-PORTAL"}, "unresolved": {}}
    assert "Logged" not in pmbot("say", "--as", "sam", "--now", NOW, "how many hours this week?").output


def test_parse_batch_takes_speaker_and_clock_per_line(pmbot):
    lines = "\n".join([json.dumps({"text": "昨天客户门户做了3小时", "as": "mei", "now": NOW}),
                       json.dumps({"text": "hello", "as": "sam", "now": NOW})])
    result = pmbot("parse", "--batch", input=lines + "\n")
    first, second = [json.loads(line) for line in result.output.splitlines()]
    assert (first["intent"], first["lang"], first["slots"]["date"]) == ("log_time", "zh", "2026-11-26")
    assert second["intent"] == "smalltalk"


def test_say_exits_0_even_when_the_bot_answers_with_an_error(pmbot):
    result = pmbot("say", "--as", "nina", "--now", NOW, "log 3h on NW-PORTAL yesterday")
    assert result.exit_code == 0 and result.output.strip()


def test_an_unknown_speaker_is_a_user_error(pmbot):
    result = pmbot("say", "--as", "nobody", "--now", NOW, "hello")
    assert result.exit_code == 1 and "nobody" in result.output


def test_a_missing_argument_is_a_usage_error(pmbot):
    assert pmbot("say", "--now", NOW, "hello").exit_code == 2


def test_forget_anonymises_a_person_but_keeps_their_hours(pmbot):
    assert pmbot("forget", "ravi", "--yes").exit_code == 0
    exported = json.loads(pmbot("export").output)
    assert "Ravi Shah" not in json.dumps(exported, ensure_ascii=False)
    assert sum(e["hours"] for e in exported["time_entries"]) == 10


def test_invite_prints_the_code_alone_on_stdout(db_url):
    runner = CliRunner()
    runner.invoke(main, ["import", str(WORKSPACE), "--db", db_url])
    result = runner.invoke(main, ["invite", "sam", "--db", db_url])
    assert result.exit_code == 0
    assert result.stdout.strip().count("\n") == 0 and len(result.stdout.strip()) >= 6


def test_chat_reads_lines_from_a_pipe_and_answers_each(pmbot):
    result = pmbot("chat", "--as", "sam", "--now", NOW, input="hello\nlog 1h on NW-OPS today\nexit\n")
    assert result.exit_code == 0
    assert "Hi Sam" in result.output and "Logged 1 h on NW-OPS" in result.output


def test_demo_seeds_a_bilingual_workspace_once(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--no-chat", "--db", url]).exit_code == 0
    assert runner.invoke(main, ["demo", "--no-chat", "--db", url]).exit_code == 0
    exported = json.loads(runner.invoke(main, ["export", "--db", url]).output)
    assert (len(exported["clients"]), len(exported["projects"]), len(exported["people"])) == (3, 6, 8)
    assert any(p["aliases"] and any("\u4e00" <= ch <= "\u9fff" for a in p["aliases"] for ch in a)
               for p in exported["projects"])
    assert len(exported["time_entries"]) > 500
