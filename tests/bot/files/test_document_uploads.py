"""A file handed over from chat: which project, who may read it, and who may add it."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.bootstrap import App, build_app
from bot.files.uploads import ingest_upload
from domain.core.models import Document, Project, ProjectAlias

SOW = b"# Statement of Work\n\n## Acceptance\nThe client accepts within ten working days.\n"


@pytest.fixture
def app(db_url: str, world) -> Iterator[App]:  # type: ignore[no-untyped-def]
    pmbot = build_app(database_url=db_url)
    yield pmbot
    pmbot.engine.dispose()


@pytest.fixture
def sow(tmp_path: Path) -> Path:
    path = tmp_path / "sow.md"
    path.write_bytes(SOW)
    return path


def documents(session: Session) -> list[Document]:
    session.rollback()
    return list(session.exec(select(Document)).all())


def test_the_project_code_in_the_text_decides_where_the_file_goes(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    reply = ingest_upload(app, world.bob, sow, "add to GLX", now)
    assert reply.error is None and "GLX" in reply.text
    [doc] = documents(session)
    assert doc.project_id == session.exec(select(Project.id).where(Project.code == "GLX")).one()


def test_a_project_named_by_its_name_is_found_too(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    reply = ingest_upload(app, world.bob, sow, "please upload this to Globex Portal", now)
    assert reply.error is None and "GLX" in reply.text


def test_an_alias_in_a_chinese_caption_names_the_project(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    web = session.exec(select(Project).where(Project.code == "WEB")).one()
    session.add(ProjectAlias(project_id=web.id, alias="官网"))
    session.commit()
    reply = ingest_upload(app, world.lin, sow, "加到官网项目", now)
    assert reply.error is None and reply.text.startswith("已将 sow.md 加入 WEB")


def test_someone_on_one_project_need_not_name_it(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    reply = ingest_upload(app, world.dave, sow, "", now)
    assert reply.error is None and "GLX" in reply.text


def test_someone_on_several_projects_is_asked_which(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    reply = ingest_upload(app, world.bob, sow, "here you go", now)
    assert reply.error == "docs.upload_which_project"
    assert documents(session) == []


@pytest.mark.parametrize("text", ["add to WEB, client-visible", "add to WEB for the client",
                                  "加到WEB，给客户看"])
def test_the_client_may_read_it_only_when_the_text_says_so(app, world, session, sow, now, text):  # type: ignore[no-untyped-def]
    ingest_upload(app, world.bob, sow, text, now)
    assert [d.visibility for d in documents(session)] == ["client"]


def test_without_a_word_about_the_client_it_stays_internal(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    ingest_upload(app, world.bob, sow, "add to WEB", now)
    assert [d.visibility for d in documents(session)] == ["internal"]


def test_a_client_contact_cannot_add_documents(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    reply = ingest_upload(app, world.tom, sow, "add to WEB", now)
    assert reply.error is not None
    assert documents(session) == []


def test_a_changed_file_becomes_the_next_version(app, world, session, sow, now):  # type: ignore[no-untyped-def]
    ingest_upload(app, world.bob, sow, "add to WEB", now)
    sow.write_bytes(SOW + b"\n## Payment\nForty percent on acceptance.\n")
    reply = ingest_upload(app, world.bob, sow, "add to WEB", now)
    assert "v2" in reply.text
    assert sorted((d.version, d.retired) for d in documents(session)) == [(1, True), (2, False)]


def test_an_empty_file_is_refused_and_nothing_is_stored(app, world, session, tmp_path, now):  # type: ignore[no-untyped-def]
    empty = tmp_path / "notes.txt"
    empty.write_bytes(b"   \n")
    reply = ingest_upload(app, world.bob, empty, "add to WEB", now)
    assert reply.error == "documents.empty" and "notes.txt" in reply.text
    assert documents(session) == []


def test_the_answer_comes_in_the_senders_language(app, world, session, sow, now: datetime):  # type: ignore[no-untyped-def]
    assert ingest_upload(app, world.lin, sow, "add to WEB", now).text.startswith("已将")


def test_other_audited_writes_go_through_while_an_upload_is_being_embedded(  # type: ignore[no-untyped-def]
        app, world, session, sow, now, monkeypatch):
    import threading

    import knowledge.search.embedding as embedding
    from domain.core import audit
    from domain.core.store import unit_of_work

    real_embed, went_through = embedding.embed, []

    def embed_while_a_colleague_logs(texts):  # type: ignore[no-untyped-def]
        def colleague_writes() -> None:
            with unit_of_work(app.engine) as other:
                audit.record(other, actor="lin", action="time.log", entity="time_entry",
                             entity_id=1, payload={}, now=now)
            went_through.append("written")

        colleague = threading.Thread(target=colleague_writes, daemon=True)
        colleague.start()
        colleague.join(timeout=10)  # the upload's transaction, if open, would hold it back
        if not went_through:
            went_through.append("held back by the upload")
        return real_embed(texts)

    monkeypatch.setattr(embedding, "embed", embed_while_a_colleague_logs)
    reply = ingest_upload(app, world.bob, sow, "add to WEB", now)
    assert reply.error is None and went_through[0] == "written"
