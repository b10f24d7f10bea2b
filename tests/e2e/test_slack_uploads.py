"""Files sent to the bot in a Slack DM become project documents, then answers cite them.

The same harness as test_slack.py: a real Bolt app over loopback, signed events, and the
Web API (files.info) plus the file's `url_private` served by FakeSlack.
"""
from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from domain.core.models import Document, Project, ProjectAlias
from tests.e2e.test_slack import SlackHarness, _text, slack  # noqa: F401  (the fixture)

SOW = b"""# Acme Website Statement of Work

## Acceptance
The client accepts each delivery within ten working days; silence counts as acceptance.
"""


def send_file(slack: SlackHarness, user: str, name: str, data: bytes, text: str,  # noqa: F811
              file_id: str = "F0SOW") -> str:
    """A DM with a file attached, as Slack delivers it (subtype file_share)."""
    shared = slack.fake.add_file(file_id, name, data)
    ts = slack.ts()
    assert slack.event({"type": "message", "subtype": "file_share", "channel": f"D_{user}",
                        "channel_type": "im", "user": user, "text": text, "ts": ts,
                        "event_ts": ts, "files": [shared]}) == 200
    return _text(slack.posted(f"D_{user}")[-1])


def documents(session: Session) -> list[Document]:
    session.rollback()  # end the read snapshot, see what the bot committed since
    return list(session.exec(select(Document)).all())


def test_a_file_sent_with_add_to_a_project_is_ingested_and_then_answers_cite_it(
        slack, session):  # noqa: F811
    said = send_file(slack, "U_BOB", "sow.md", SOW, "add to WEB")
    assert "sow.md" in said and "WEB" in said and "v1" in said
    [doc] = documents(session)
    assert (doc.file_name, doc.visibility, doc.version) == ("sow.md", "internal", 1)
    [download] = slack.fake.calls_to("download")
    assert download.headers["authorization"] == "Bearer xoxb-test-0000-secret-token"
    question = "according to the statement of work, how long does the client have to accept a delivery?"
    assert slack.dm("U_BOB", question) == 200
    answer = _text(slack.posted("D_U_BOB")[-1])
    assert "ten working days" in answer and "Acme Website Statement of Work v1" in answer


def test_the_original_is_kept_so_the_index_can_be_rebuilt(slack, session):  # noqa: F811
    send_file(slack, "U_BOB", "sow.md", SOW, "please add this to WEB")
    [doc] = documents(session)
    kept = Path(slack.app.settings.data_dir) / "files" / "WEB" / str(doc.id) / "sow.md"
    assert kept.read_bytes() == SOW


def test_a_chinese_caption_names_the_project_by_alias_and_makes_it_client_visible(
        slack, session):  # noqa: F811
    web = session.exec(select(Project).where(Project.code == "WEB")).one()
    session.add(ProjectAlias(project_id=web.id, alias="官网"))
    session.commit()
    said = send_file(slack, "U_LIN", "验收说明.md", "# 验收\n客户在十个工作日内完成验收。".encode(),
                     "加到官网项目，给客户看")
    assert "已将" in said and "WEB" in said
    [doc] = documents(session)
    assert doc.project_id == web.id and doc.visibility == "client"


def test_sending_the_same_file_again_changes_nothing_and_says_so(slack, session):  # noqa: F811
    send_file(slack, "U_BOB", "sow.md", SOW, "add to WEB")
    said = send_file(slack, "U_BOB", "sow.md", SOW, "add to WEB", file_id="F0SOW2")
    assert "unchanged" in said
    assert [d.version for d in documents(session)] == [1]


def test_someone_not_on_the_project_cannot_add_to_it_and_nothing_is_stored(
        slack, session):  # noqa: F811
    said = send_file(slack, "U_DAVE", "sow.md", SOW, "add to WEB")
    assert "WEB" in said and "v1" not in said
    assert documents(session) == []
    assert not (Path(slack.app.settings.data_dir) / "files").exists()


def test_a_file_without_a_project_is_answered_with_how_to_name_one(slack, session):  # noqa: F811
    said = send_file(slack, "U_BOB", "sow.md", SOW, "")
    assert "add to" in said
    assert documents(session) == []


def test_a_format_the_bot_cannot_read_is_refused_politely(slack, session):  # noqa: F811
    said = send_file(slack, "U_BOB", "setup.exe", b"MZ\x90\x00", "add to WEB")
    assert "setup.exe" in said and "supported formats" in said
    assert documents(session) == []
