"""Documents in the domain: versions, who may read which scope, comments."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session, select

from domain.clients.documents import (
    add_comment,
    document_scope,
    list_comments,
    list_documents,
    reader_scopes,
    register_document,
    superseded_ids,
)
from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import AuditEvent, Document


def register(session: Session, actor, name: str = "sow.md", digest: str = "h1", **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("project", "WEB")
    kw.setdefault("now", datetime.fromisoformat("2026-11-27T10:00:00+08:00"))
    return register_document(session, actor, file_name=name, title=kw.pop("title", "SOW"),
                             content_hash=digest, **kw)


def test_a_new_file_is_added_as_version_one(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    doc, status = register(session, world.bob)
    assert (status, doc.version, doc.retired, doc.visibility) == ("added", 1, False, "internal")


def test_a_changed_file_becomes_the_next_version_and_retires_the_old(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    first, _ = register(session, world.bob)
    second, status = register(session, world.lin, digest="h2")
    assert (status, second.version) == ("updated", 2)
    assert session.get(Document, first.id).retired
    assert superseded_ids(session, second) == [first.id]


def test_the_same_content_again_is_unchanged_and_writes_nothing(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    first, _ = register(session, world.bob)
    events = len(session.exec(select(AuditEvent)).all())
    again, status = register(session, world.bob)
    assert (status, again.id) == ("unchanged", first.id)
    assert len(session.exec(select(AuditEvent)).all()) == events


def test_a_person_not_on_the_project_cannot_add_documents_nor_learn_it_exists(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        register(session, world.dave, project=world.web)


def test_a_client_contact_cannot_add_documents(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Forbidden):
        register(session, world.tom)


def test_readers_are_refused_unless_the_document_is_restricted(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as raised:
        register(session, world.bob, readers=["lin"])
    assert raised.value.key == "documents.readers_need_restricted"


def test_the_firm_people_on_a_project_read_its_internal_and_client_scopes(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    web = world.web.id
    assert set(reader_scopes(session, world.lin)) == {f"project:{web}:client", f"project:{web}:internal"}


def test_a_client_contact_reads_only_client_scopes_of_their_own_client(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    assert reader_scopes(session, world.tom) == [f"project:{world.web.id}:client"]


def test_a_restricted_document_is_read_by_its_named_readers_and_admins_only(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    doc, _ = register(session, world.bob, name="pay.md", visibility="restricted", readers=["lin"])
    assert document_scope(doc) == f"doc:{doc.id}"
    assert document_scope(doc) in reader_scopes(session, world.lin)
    assert document_scope(doc) in reader_scopes(session, world.alice)
    assert document_scope(doc) not in reader_scopes(session, world.bob)
    assert document_scope(doc) not in reader_scopes(session, world.tom)


def test_a_new_version_of_a_restricted_document_keeps_its_readers(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    register(session, world.bob, name="pay.md", visibility="restricted", readers=["lin"])
    second, _ = register(session, world.bob, name="pay.md", digest="h2", visibility="restricted")
    assert document_scope(second) in reader_scopes(session, world.lin)


def test_asking_about_a_project_one_cannot_see_is_like_an_unknown_project(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as raised:
        reader_scopes(session, world.tom, project="GLX")
    assert raised.value.key == "project.not_found"


def test_a_client_contact_lists_only_client_documents(session: Session, world) -> None:  # type: ignore[no-untyped-def]
    register(session, world.bob, name="msa.md", title="MSA", visibility="client")
    register(session, world.bob, name="rates.md", title="Rates")
    assert [v.title for v in list_documents(session, world.tom)] == ["MSA"]


def test_a_comment_is_stored_and_shown_with_the_document(session: Session, world, now: datetime) -> None:  # type: ignore[no-untyped-def]
    register(session, world.bob, name="msa.md", title="MSA", visibility="client")
    add_comment(session, world.tom, document="the msa", text="Please extend to 45 days.", now=now)
    comments = list_comments(session, world.bob, document="msa.md")
    assert [(c.author, c.text) for c in comments] == [("tom", "Please extend to 45 days.")]
    assert list_documents(session, world.bob)[0].comments == 1


def test_a_client_cannot_comment_on_an_internal_document(session: Session, world, now: datetime) -> None:  # type: ignore[no-untyped-def]
    register(session, world.bob, name="rates.md", title="Rates")
    with pytest.raises(NotFound):
        add_comment(session, world.tom, document="Rates", text="Too high!", now=now)
