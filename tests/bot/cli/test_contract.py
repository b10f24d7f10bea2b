"""CONTRACT.md, promise by promise: configuration, the commands and their flags, exit codes.

Each test drives the real `pmbot` command (click's runner on `bot.cli.main.main`) the way an
outside script would. The import format, `pmbot parse` and the file-producing commands
have their own files: test_contract_import.py, test_contract_parse.py, test_contract_files.py.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import Session, select

from bot.bootstrap import build_app
from bot.cli.main import main
from bot.gateway import Incoming, handle_incoming
from domain.core.models import AuditEvent, ChatIdentity, TimeEntry
from domain.core.store import make_engine

WORKSPACE = Path(__file__).parents[2] / "e2e" / "workspace.yaml"
NOW = "2026-11-27T10:00:00+08:00"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def pmbot(db_url):
    """`pmbot … --db URL` on the small firm of tests/e2e/workspace.yaml."""

    def run(*args: str, input: str | None = None):
        return invoke(*args, "--db", db_url, input=input)

    assert run("import", str(WORKSPACE)).exit_code == 0
    return run


def count(db_url: str, model: type) -> int:
    engine = make_engine(db_url)
    with Session(engine) as session:
        found = session.exec(select(func.count()).select_from(model)).one()
    engine.dispose()
    return found


def all_commands(group: click.Group = main, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += all_commands(command, f"{prefix}{name} ")
        else:
            found.append((prefix + name, command))
    return found


# ---------------------------------------------------------------- configuration
def test_without_any_setting_the_store_is_pmbot_db_in_the_working_directory(tmp_path):
    assert invoke("init").exit_code == 0
    assert (tmp_path / "pmbot.db").is_file()


def test_a_dotenv_file_in_the_working_directory_is_read(tmp_path):
    (tmp_path / ".env").write_text("PMBOT_DATABASE_URL=sqlite:///from-dotenv.db\n", encoding="utf-8")
    assert invoke("init").exit_code == 0
    assert (tmp_path / "from-dotenv.db").is_file() and not (tmp_path / "pmbot.db").exists()


def test_pmbot_database_url_names_the_store_and_db_overrides_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PMBOT_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    assert invoke("init").exit_code == 0
    assert invoke("init", "--db", f"sqlite:///{tmp_path}/flag.db").exit_code == 0
    assert (tmp_path / "env.db").is_file() and (tmp_path / "flag.db").is_file()
    assert not (tmp_path / "pmbot.db").exists()


def test_the_data_dir_defaults_to_pmbot_data_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("PMBOT_DATA_DIR")
    assert build_app().settings.data_dir == "./pmbot-data"
    monkeypatch.setenv("PMBOT_DATA_DIR", str(tmp_path / "elsewhere"))
    assert build_app().settings.data_dir == str(tmp_path / "elsewhere")


def _without_timezone(tmp_path: Path, handle: str) -> Path:
    data = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))
    for person in data["people"]:
        if person["handle"] == handle:
            del person["timezone"]
    path = tmp_path / "no-timezone.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("zone", "today"), [(None, "2026-11-27"),
                                             ("America/New_York", "2026-11-26")])
def test_pmbot_timezone_is_the_calendar_of_people_without_one(db_url, tmp_path, monkeypatch,
                                                               zone, today):
    if zone:
        monkeypatch.setenv("PMBOT_TIMEZONE", zone)
    assert invoke("import", str(_without_timezone(tmp_path, "sam")), "--db", db_url).exit_code == 0
    # 01:00 in Shanghai on the 27th is still the 26th in New York
    result = invoke("parse", "--as", "sam", "--now", "2026-11-27T01:00:00+08:00",
                    "log 2h on NW-OPS today", "--db", db_url)
    assert json.loads(result.stdout)["slots"]["date"] == today


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api", "http://127.0.0.1:9/api/"])
def test_the_slack_api_url_is_taken_with_or_without_its_trailing_slash(monkeypatch, url):
    from bot.outbound.delivery import senders_from
    from bot.slack.app import web_client

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("PMBOT_SLACK_API_URL", url)
    settings = build_app().settings
    assert web_client(settings).base_url == "http://127.0.0.1:9/api/"
    assert senders_from(settings)["slack"].client.base_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "http://127.0.0.1:9/",
                                 "http://127.0.0.1:9/bot", "http://127.0.0.1:9/bot/"])
def test_the_telegram_api_url_is_a_root_with_or_without_slash_or_bot(monkeypatch, url):
    from bot.outbound.delivery import senders_from
    from bot.telegram.app import build_telegram

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("PMBOT_TELEGRAM_API_URL", url)
    app = build_app(database_url="sqlite://")
    sender = senders_from(app.settings)["telegram"]
    try:
        assert sender.bot.base_url == "http://127.0.0.1:9/bot123:abc"
        assert build_telegram(app).bot.base_url == "http://127.0.0.1:9/bot123:abc"
    finally:
        sender.close()


def test_the_slack_http_endpoint_listens_on_3000_on_all_addresses_unless_told(monkeypatch):
    settings = build_app().settings
    assert (settings.slack_port, settings.slack_host) == (3000, "0.0.0.0")
    monkeypatch.setenv("PMBOT_SLACK_PORT", "8080")
    monkeypatch.setenv("PMBOT_SLACK_HOST", "127.0.0.1")
    settings = build_app().settings
    assert (settings.slack_port, settings.slack_host) == (8080, "127.0.0.1")


def test_without_pmbot_llm_there_is_no_chat_model(monkeypatch):
    from bot.bootstrap import open_llm

    assert open_llm(build_app().settings) is None
    monkeypatch.setenv("PMBOT_LLM", "openai:gpt-4o-mini")
    assert build_app().settings.llm == "openai:gpt-4o-mini"


def test_the_telegram_api_url_defaults_to_telegrams_own():
    assert build_app().settings.telegram_api_url == "https://api.telegram.org"


# ---------------------------------------------------------------- flags every command shares
def test_every_command_takes_db():
    missing = [name for name, command in all_commands()
               if "--db" not in {opt for p in command.params for opt in p.opts}]
    assert missing == []


def test_as_accepts_a_client_contacts_handle(pmbot):
    result = pmbot("say", "--as", "nina", "--now", NOW, "how is NW-PORTAL going?")
    assert result.exit_code == 0 and "NW-PORTAL" in result.stdout


def test_now_with_an_offset_is_the_same_moment_in_any_spelling(pmbot):
    shanghai = pmbot("parse", "--as", "sam", "--now", "2026-11-27T01:00:00+08:00", "log 1h today")
    utc = pmbot("parse", "--as", "sam", "--now", "2026-11-26T17:00:00+00:00", "log 1h today")
    assert json.loads(shanghai.stdout)["slots"]["date"] == "2026-11-27"
    assert json.loads(utc.stdout) == json.loads(shanghai.stdout)


def test_a_now_that_is_not_iso_8601_is_a_usage_error(pmbot):
    assert pmbot("say", "--as", "sam", "--now", "tomorrow", "hello").exit_code == 2


# ---------------------------------------------------------------- exit codes
def test_a_user_error_exits_1_with_the_message_on_stderr_and_nothing_on_stdout(pmbot):
    result = pmbot("say", "--as", "nobody", "--now", NOW, "log 2h on NW-OPS today")
    assert result.exit_code == 1
    assert "nobody" in result.stderr and result.stdout == ""


def test_a_user_error_writes_nothing(pmbot, db_url):
    before = count(db_url, AuditEvent)
    assert pmbot("forget", "nobody").exit_code == 1
    assert pmbot("invite", "nobody").exit_code == 1
    assert count(db_url, AuditEvent) == before


@pytest.mark.parametrize("args", [["say", "--now", NOW, "hello"], ["no-such-command"],
                                  ["report", "profits"], ["chart", "pie", "NW-OPS", "-o", "x.png"],
                                  ["export", "--format", "pdf"]])
def test_a_usage_error_exits_2(pmbot, args):
    assert pmbot(*args).exit_code == 2


# ---------------------------------------------------------------- init, demo, chat, say, serve
def test_init_creates_then_migrates_an_existing_store_again(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh.db"
    first, second = invoke("init", "--db", url), invoke("init", "--db", url)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout and "revision" in first.stdout


def test_demo_seeds_the_workspace_and_opens_the_console_chat(tmp_path):
    result = invoke("demo", "--db", f"sqlite:///{tmp_path}/demo.db", input="hello\nexit\n")
    assert result.exit_code == 0
    assert "pmbot console" in result.stdout and "Type help" in result.stdout
    assert count(f"sqlite:///{tmp_path}/demo.db", TimeEntry) > 100


def test_chat_answers_each_line_as_that_person(pmbot):
    result = pmbot("chat", "--as", "mei", "--now", NOW, input="你好\n客户门户怎么样了？\nexit\n")
    assert result.exit_code == 0 and "NW-PORTAL" in result.stdout


def test_say_prints_the_reply_and_does_what_it_says(pmbot, db_url):
    result = pmbot("say", "--as", "sam", "--now", NOW, "log 2h on NW-OPS today")
    assert result.exit_code == 0 and "2 h" in result.stdout and "NW-OPS" in result.stdout
    assert count(db_url, TimeEntry) == 3


def test_say_exits_0_when_the_bot_answers_with_an_error_message(pmbot, db_url):
    result = pmbot("say", "--as", "nina", "--now", NOW, "log 3h on NW-PORTAL yesterday")
    assert result.exit_code == 0 and result.stdout.strip()
    assert count(db_url, TimeEntry) == 2


def test_serve_without_a_token_says_which_one_is_missing_and_exits_1(pmbot):
    result = pmbot("serve")
    assert result.exit_code == 1 and "SLACK_BOT_TOKEN" in result.stderr
    named = pmbot("serve", "telegram")
    assert named.exit_code == 1 and "TELEGRAM_BOT_TOKEN" in named.stderr


def test_serve_takes_only_slack_and_telegram(pmbot):
    assert pmbot("serve", "--help").exit_code == 0
    assert pmbot("serve", "irc").exit_code == 2


# ---------------------------------------------------------------- invite
def _link(db_url: str, text: str, *, user: str, now: datetime):
    app = build_app(database_url=db_url)
    try:
        return handle_incoming(app, Incoming("telegram", user, user, text), now=now)
    finally:
        app.engine.dispose()


def _linked(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        ids = list(session.exec(select(ChatIdentity.external_id)
                                .where(ChatIdentity.person_id.is_not(None))).all())
    engine.dispose()
    return ids


def test_invite_prints_the_code_alone_on_stdout_and_the_guidance_on_stderr(pmbot):
    result = pmbot("invite", "sam")
    assert result.exit_code == 0
    assert result.stdout.strip() and "\n" not in result.stdout.strip()
    assert "link" in result.stderr and "/start" in result.stderr


def test_an_invite_code_links_a_chat_account_once(pmbot, db_url):
    code = pmbot("invite", "sam").stdout.strip()
    now = datetime.now(UTC)
    assert _link(db_url, f"/start {code}", user="111", now=now).error is None
    assert _link(db_url, f"/start {code}", user="222", now=now).error == "link.code_invalid"
    assert _linked(db_url) == ["111"]


def test_an_expired_invite_code_links_nothing(pmbot, db_url):
    code = pmbot("invite", "sam").stdout.strip()
    later = datetime.now(UTC) + timedelta(days=8)
    assert _link(db_url, f"link {code}", user="111", now=later).error == "link.code_invalid"
    assert _linked(db_url) == []


def test_invite_takes_a_clock_so_the_expiry_is_deterministic(pmbot, db_url):
    code = pmbot("invite", "nina", "--now", NOW).stdout.strip()
    at = datetime.fromisoformat(NOW)
    assert _link(db_url, f"link {code}", user="9", now=at + timedelta(days=8)).error
    assert _link(db_url, f"link {code}", user="9", now=at + timedelta(days=6)).error is None


def test_chat_as_an_unknown_speaker_is_a_user_error_before_anything_is_printed(pmbot):
    result = pmbot("chat", "--as", "nobody", input="hello\n")
    assert result.exit_code == 1 and result.stdout == "" and "nobody" in result.stderr


def test_forgetting_someone_keeps_the_audit_chain_intact(pmbot):
    pmbot("say", "--as", "sam", "--now", NOW, "log 2h on NW-OPS today")
    assert pmbot("forget", "sam").exit_code == 0
    assert pmbot("audit", "verify").exit_code == 0


def test_db_may_also_come_before_the_command(tmp_path):
    url = f"sqlite:///{tmp_path}/first.db"
    assert invoke("--db", url, "import", str(WORKSPACE)).exit_code == 0
    assert json.loads(invoke("export", "--db", url).stdout)["people"]
    assert not (tmp_path / "pmbot.db").exists()
