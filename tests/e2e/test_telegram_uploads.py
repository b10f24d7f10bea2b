"""Files sent to the bot in a private Telegram chat become project documents.

The same harness as test_telegram.py: a real python-telegram-bot Application polls the
local FakeTelegram, which also answers `getFile` and serves the file under `/file/bot…`.
"""
from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from domain.core.models import Document, Project, ProjectAlias
from tests.bot.fake_telegram import FakeTelegram, document_update, text_update
from tests.e2e.test_telegram import (  # noqa: F401  (fixtures)
    BOB,
    DAVE,
    LIN,
    STRANGER,
    TOKEN,
    Bot,
    fake,
    pmbot,
    run_bot,
    said,
)

SOW = b"""# Acme Website Statement of Work

## Acceptance
The client accepts each delivery within ten working days; silence counts as acceptance.
"""


def send_file(fake: FakeTelegram, user_id: int, name: str, data: bytes,  # noqa: F811
              caption: str | None, file_id: str = "doc-1") -> None:
    fake.add_file(file_id, data, f"documents/{file_id}-{name}")
    fake.push(document_update(fake, user_id=user_id, file_id=file_id, file_name=name,
                              size=len(data), caption=caption))


def documents(session: Session) -> list[Document]:
    session.rollback()  # end the read snapshot, see what the bot committed since
    return list(session.exec(select(Document)).all())


def test_a_file_sent_with_add_to_a_project_is_downloaded_and_ingested(
        pmbot, fake, session, now):  # noqa: F811
    def scenario(bot: Bot) -> None:
        send_file(fake, BOB, "sow.md", SOW, "add to WEB")
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "sow.md" in said(fake, BOB)[0] and "WEB" in said(fake, BOB)[0]
    [doc] = documents(session)
    assert (doc.file_name, doc.visibility, doc.version) == ("sow.md", "internal", 1)
    [download] = fake.calls_to("download")
    assert download.token == TOKEN and download.params["file_path"] == "documents/doc-1-sow.md"


def test_the_ingested_file_answers_a_question_afterwards(pmbot, fake, now):  # noqa: F811
    def scenario(bot: Bot) -> None:
        send_file(fake, BOB, "sow.md", SOW, "add to WEB")
        fake.wait_for("sendMessage")
        fake.push(text_update(fake, user_id=BOB, text="according to the statement of work, "
                              "how long does the client have to accept a delivery?"))
        fake.wait_for("sendMessage", 2)

    run_bot(pmbot, now, scenario)
    answer = said(fake, BOB)[1]
    assert "ten working days" in answer and "Acme Website Statement of Work v1" in answer


def test_a_chinese_caption_names_the_project_by_alias_and_makes_it_client_visible(
        pmbot, fake, session, now):  # noqa: F811
    web = session.exec(select(Project).where(Project.code == "WEB")).one()
    session.add(ProjectAlias(project_id=web.id, alias="官网"))
    session.commit()

    def scenario(bot: Bot) -> None:
        send_file(fake, LIN, "验收说明.md", "# 验收\n客户在十个工作日内完成验收。".encode(),
                  "加到官网项目，给客户看")
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "已将" in said(fake, LIN)[0]
    [doc] = documents(session)
    assert doc.project_id == web.id and doc.visibility == "client"


def test_someone_not_on_the_project_cannot_add_to_it(pmbot, fake, session, now):  # noqa: F811
    def scenario(bot: Bot) -> None:
        send_file(fake, DAVE, "sow.md", SOW, "add to WEB")
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "WEB" in said(fake, DAVE)[0]
    assert documents(session) == []
    assert not (Path(pmbot.settings.data_dir) / "files").exists()


def test_an_unlinked_sender_is_asked_to_link_and_nothing_is_stored(
        pmbot, fake, session, now):  # noqa: F811
    def scenario(bot: Bot) -> None:
        send_file(fake, STRANGER, "sow.md", SOW, "add to WEB")
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "link" in said(fake, STRANGER)[0]
    assert documents(session) == []


def test_a_file_that_cannot_be_fetched_is_reported_not_swallowed(pmbot, fake, session, now):  # noqa: F811
    def scenario(bot: Bot) -> None:
        fake.push(document_update(fake, user_id=BOB, file_id="gone", file_name="sow.md",
                                  size=10, caption="add to WEB"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "sow.md" in said(fake, BOB)[0] and "send it again" in said(fake, BOB)[0]
    assert documents(session) == []
