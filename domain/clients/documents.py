"""Project documents: versions, who may read them, and comments on them.

A document is identified by its project and file name. Registering a changed file makes
the next version and retires the previous one; the same content again changes nothing.
Who may read what is expressed as *scopes*, the strings the knowledge index filters on:

    project:<id>:internal   internal documents of a project  (the firm's people on it)
    project:<id>:client     client documents of a project    (those, plus the client's contacts)
    doc:<id>                one restricted document           (its named readers, and admins)

The domain computes an actor's scopes; the index never learns who anyone is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlmodel import Session, col, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Invalid, NotFound
from domain.core.lookup import find_person, find_project
from domain.core.matching import closest, fold
from domain.core.models import (
    ClientContact,
    Document,
    DocumentComment,
    DocumentReader,
    Person,
    Project,
    Visibility,
)
from domain.core.permissions import is_insider, require_work, visible_project_ids

MAX_COMMENT = 2000


def document_scope(document: Document) -> str:
    if document.visibility == Visibility.restricted:
        return f"doc:{document.id}"
    return f"project:{document.project_id}:{document.visibility}"


# ---------------------------------------------------------------- registering
def register_document(
    session: Session, actor: Actor, *, project: str | Project, file_name: str, title: str,
    content_hash: str, visibility: str = Visibility.internal, readers: list[str] | None = None,
    now: datetime,
) -> tuple[Document, str]:
    """Add a document or its next version; status is `added`, `updated` or `unchanged`."""
    target = find_project(session, actor, project)
    require_work(session, actor, target)
    name = PurePath(file_name.replace("\\", "/")).name.strip()
    if not name:
        raise Invalid("documents.no_file_name")
    if visibility not in Visibility.__members__:
        raise Invalid("documents.bad_visibility", visibility=visibility,
                      options=[v.value for v in Visibility])
    if readers and visibility != Visibility.restricted:
        raise Invalid("documents.readers_need_restricted")
    people = [find_person(session, handle) for handle in readers or []]
    current = _current(session, target, name)
    if current is not None and current.content_hash == content_hash:
        return current, "unchanged"
    if current is not None and visibility == Visibility.restricted and readers is None:
        people = _readers_of(session, current)
    document = _new_version(session, actor, target, name, title, content_hash, visibility,
                            current, now)
    session.add_all([DocumentReader(document_id=document.id, person_id=p.id) for p in people])
    session.flush()
    status = "updated" if current is not None else "added"
    audit.record(session, actor=actor.label, action=f"document.{status}", entity="document",
                 entity_id=document.id,
                 payload={"project": target.code, "file": name, "version": document.version,
                          "visibility": visibility, "readers": sorted(p.handle for p in people),
                          "hash": content_hash},
                 now=now)
    return document, status


def _current(session: Session, project: Project, file_name: str) -> Document | None:
    return session.exec(
        select(Document).where(Document.project_id == project.id, Document.file_name == file_name,
                               Document.retired == False)  # noqa: E712
        .order_by(col(Document.version).desc())
    ).first()


def _readers_of(session: Session, document: Document) -> list[Person]:
    ids = select(DocumentReader.person_id).where(DocumentReader.document_id == document.id)
    return list(session.exec(select(Person).where(col(Person.id).in_(ids))).all())


def _new_version(session: Session, actor: Actor, project: Project, file_name: str, title: str,
                 content_hash: str, visibility: str, current: Document | None,
                 now: datetime) -> Document:
    if current is not None:
        current.retired = True
        session.add(current)
    document = Document(project_id=project.id, title=(title or file_name).strip()[:300],
                        file_name=file_name, version=current.version + 1 if current else 1,
                        visibility=visibility, content_hash=content_hash,
                        added_by_id=actor.id if actor.kind == "person" and actor.id else None,
                        added_at=now)
    session.add(document)
    session.flush()
    return document


def superseded_ids(session: Session, document: Document) -> list[int]:
    """The retired versions of a document, whose passages must leave the index."""
    rows = session.exec(select(Document.id).where(
        Document.project_id == document.project_id, Document.file_name == document.file_name,
        Document.id != document.id, Document.retired == True))  # noqa: E712
    return [int(i) for i in rows.all() if i is not None]


# ---------------------------------------------------------------- reading rights
def reader_scopes(session: Session, actor: Actor, *, project: str | Project | None = None
                  ) -> list[str]:
    """Every scope the actor may read, optionally narrowed to one (visible) project."""
    only = find_project(session, actor, project) if project is not None else None
    visible = list(session.exec(select(Project).where(
        col(Project.id).in_(visible_project_ids(session, actor)))).all())
    projects = [p for p in visible if only is None or p.id == only.id]
    scopes = []
    for p in projects:
        scopes.append(f"project:{p.id}:client")
        if is_insider(actor):  # not a client's contact, not a partner's person
            scopes.append(f"project:{p.id}:internal")
    return scopes + [f"doc:{i}" for i in _restricted_ids(session, actor, only)]


def _restricted_ids(session: Session, actor: Actor, only: Project | None) -> list[int]:
    if actor.is_contact:
        return []
    query = select(Document.id).where(Document.visibility == Visibility.restricted,
                                      Document.retired == False)  # noqa: E712
    if not actor.is_admin:
        named = select(DocumentReader.document_id).where(DocumentReader.person_id == actor.id)
        query = query.where(col(Document.id).in_(named))
    if only is not None:
        query = query.where(Document.project_id == only.id)
    return [int(i) for i in session.exec(query).all() if i is not None]


def can_read(session: Session, actor: Actor, document: Document) -> bool:
    return document_scope(document) in reader_scopes(session, actor)


# ---------------------------------------------------------------- listing and finding
@dataclass(frozen=True)
class DocumentView:
    id: int
    project: str
    title: str
    file: str
    version: int
    visibility: str
    added_at: datetime
    comments: int


def list_documents(session: Session, actor: Actor, *, project: str | Project | None = None
                   ) -> list[DocumentView]:
    """The current versions of the documents the actor may read, by project then title."""
    scopes = set(reader_scopes(session, actor, project=project))
    rows = session.exec(select(Document, Project.code).join(Project)
                        .where(Document.retired == False)  # noqa: E712
                        .order_by(Project.code, Document.title)).all()
    views = []
    for doc, code in rows:
        if document_scope(doc) in scopes:
            count = len(session.exec(select(DocumentComment.id).where(
                DocumentComment.document_id == doc.id)).all())
            views.append(DocumentView(int(doc.id), code, doc.title, doc.file_name, doc.version,
                                      doc.visibility, doc.added_at, count))
    return views


def find_document(session: Session, actor: Actor, ref: str, *,
                  project: str | Project | None = None) -> Document:
    """A readable current document by title or file name ("the SOW", "sow.pdf")."""
    views = list_documents(session, actor, project=project)
    wanted = fold(ref.strip().removeprefix("the ").strip())
    for view in views:
        if wanted in (fold(view.title), fold(view.file), fold(PurePath(view.file).stem)):
            return session.get(Document, view.id)  # type: ignore[return-value]
    for view in views:
        if wanted and (wanted in fold(view.title) or wanted in fold(view.file)):
            return session.get(Document, view.id)  # type: ignore[return-value]
    raise NotFound("documents.not_found", query=ref,
                   matches=closest(ref, [v.title for v in views]))


# ---------------------------------------------------------------- comments
@dataclass(frozen=True)
class CommentView:
    author: str
    text: str
    created_at: datetime


def add_comment(session: Session, actor: Actor, *, document: str | Document, text: str,
                project: str | None = None, visibility: str | None = None,
                now: datetime) -> DocumentComment:
    """Anyone who may read a document may comment on it. A comment has a visibility of its
    own: the firm's comments are for staff unless marked "client" (a client-visible
    document's margin talk must not reach the client); a contact's comments are "client"."""
    target = document if isinstance(document, Document) else find_document(
        session, actor, document, project=project)
    if not can_read(session, actor, target):
        raise NotFound("documents.not_found", query=target.title, matches=[])
    body = (text or "").strip()
    if not body or len(body) > MAX_COMMENT:
        raise Invalid("documents.bad_comment", limit=MAX_COMMENT)
    shown = "client" if actor.is_contact else (visibility or "staff")
    if shown not in ("staff", "client"):
        raise Invalid("documents.bad_comment_visibility", visibility=shown, options="staff, client")
    comment = DocumentComment(document_id=target.id, text=body, created_at=now, visibility=shown,
                              person_id=None if actor.is_contact else (actor.id or None),
                              contact_id=actor.id if actor.is_contact else None)
    session.add(comment)
    session.flush()
    audit.record(session, actor=actor.label, action="document.comment", entity="document",
                 entity_id=target.id, payload={"comment_id": comment.id, "text": body}, now=now)
    return comment


def list_comments(session: Session, actor: Actor, *, document: str | Document,
                  project: str | None = None) -> list[CommentView]:
    target = document if isinstance(document, Document) else find_document(
        session, actor, document, project=project)
    if not can_read(session, actor, target):
        raise NotFound("documents.not_found", query=target.title, matches=[])
    query = select(DocumentComment).where(DocumentComment.document_id == target.id)
    if actor.is_contact:  # staff comments stay with staff
        query = query.where(DocumentComment.visibility == "client")
    rows = session.exec(query.order_by(col(DocumentComment.created_at),
                                       col(DocumentComment.id))).all()
    return [CommentView(_author(session, c), c.text, c.created_at) for c in rows]


def _author(session: Session, comment: DocumentComment) -> str:
    if comment.person_id is not None:
        person = session.get(Person, comment.person_id)
        return person.handle if person else "?"
    if comment.contact_id is not None:
        contact = session.get(ClientContact, comment.contact_id)
        return contact.handle if contact else "?"
    return "system"

