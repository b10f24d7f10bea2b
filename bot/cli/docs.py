"""`pmbot docs`: add project documents, ask them questions, list them, rebuild the index.

Files are kept under PMBOT_DATA_DIR/files/<project>/<document id>/ so that `reindex` can
rebuild the passages (after a model change, or a lost index) without the originals.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from bot.bootstrap import files_dir, open_knowledge, open_llm
from bot.cli.main import as_option, db_option, main, now_option, opened, parse_now, user_errors


@main.group()
def docs() -> None:
    """Project documents: add, ask, list, reindex."""


@docs.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                 path_type=Path))
@click.option("--project", required=True, metavar="CODE")
@click.option("--visibility", type=click.Choice(["internal", "client", "restricted"]),
              default="internal", show_default=True)
@click.option("--readers", default=None, metavar="HANDLE,…", help="Readers of a restricted document.")
@click.option("--as", "handle", default=None, metavar="HANDLE", help="Add as this person (default: system).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
@db_option
@now_option
@user_errors
def add(paths: tuple[Path, ...], project: str, visibility: str, readers: str | None,
        handle: str | None, as_json: bool, db: str | None, now: str | None) -> None:
    """Ingest documents into a project; a changed file becomes the next version."""
    moment = parse_now(now)
    names = [r.strip().lstrip("@") for r in readers.split(",") if r.strip()] if readers else None
    with opened(db) as app:
        index = open_knowledge(app.settings)
        for start in range(0, len(paths), GROUP):
            done: list[dict[str, Any]] = []
            try:
                with index.bulk():  # the group's passages go to the index together
                    for path in paths[start:start + GROUP]:
                        done.append(_add_one(app, index, path, project=project,
                                             visibility=visibility, readers=names,
                                             handle=handle, now=moment))
            finally:  # said once indexed; also when a later file of the group was refused
                for result in done:
                    _echo(result, as_json)


GROUP = 64  # files indexed together by `docs add` (see KnowledgeIndex.bulk)


def _echo(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(f"{result['status']}: {result['file']} → {result['project']} "
                   f"v{result['version']} ({result['title']})")


def _add_one(app: Any, index: Any, path: Path, **kw: Any) -> dict[str, Any]:
    from bot.files.uploads import add_document, check_document
    from domain.core.actors import actor_for_handle, system_actor
    from domain.core.store import unit_of_work
    from intents.messages import render

    data = path.read_bytes()
    refused = check_document(path.name, data)  # size named, content checked, nothing written
    if refused is not None:
        click.echo(render(refused[0], **refused[1]), err=True)
        sys.exit(1)
    parsed = _parse(path.name, data)
    with unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, kw["handle"]) if kw["handle"] else system_actor()
    result = add_document(app, index, actor, data=data, file_name=path.name, title=parsed.title,
                          parsed=parsed, project=kw["project"], visibility=kw["visibility"],
                          readers=kw["readers"], now=kw["now"])
    del result["visibility"]
    return result


def _parse(name: str, data: bytes) -> Any:
    from intents.messages import render
    from knowledge.reading.parsers import UnsupportedFormat, parse

    try:
        parsed = parse(name, data)
    except UnsupportedFormat:
        click.echo(render("documents.unsupported", file=name), err=True)
        sys.exit(1)
    except Exception:  # a damaged file: say which, write nothing
        click.echo(render("documents.empty", file=name), err=True)
        sys.exit(1)
    if not parsed.text.strip():
        click.echo(render("documents.empty", file=name), err=True)
        sys.exit(1)
    return parsed


@docs.command("ask")
@as_option
@click.option("--project", default=None, metavar="CODE")
@click.option("--json", "as_json", is_flag=True)
@click.argument("text", nargs=-1, required=True)
@db_option
@user_errors
def ask(handle: str, project: str | None, as_json: bool, text: tuple[str, ...],
        db: str | None) -> None:
    """Answer a question from the documents this person may read, with sources."""
    from domain.core.actors import actor_for_handle
    from domain.core.store import unit_of_work
    from intents.handlers.docs import ask_documents, not_found_text, render_answer
    from knowledge.reading.text import is_cjk, language_of, preload_chinese
    from knowledge.search.embedding import warm_up_in_background

    question = " ".join(text).strip()
    warm_up_in_background()  # the encoder and the Chinese dictionary load side by side
    if any(is_cjk(ch) for ch in question):
        preload_chinese()
    lang = language_of(question)
    with opened(db) as app, unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, handle)
        answer = ask_documents(session, actor, open_knowledge(app.settings), question=question,
                               project=project, lang=lang, llm=open_llm(app.settings))
    if as_json:
        if not answer.found:
            answer.answer = not_found_text(answer, lang)
        click.echo(json.dumps(answer.as_json(), ensure_ascii=False))
    else:
        click.echo(render_answer(answer, lang))


@docs.command("list")
@click.option("--as", "handle", default=None, metavar="HANDLE")
@click.option("--project", default=None, metavar="CODE")
@click.option("--json", "as_json", is_flag=True)
@db_option
@user_errors
def list_(handle: str | None, project: str | None, as_json: bool, db: str | None) -> None:
    """The current documents (as someone: those they may read), with comment counts."""
    from domain.clients.documents import list_documents
    from domain.core.actors import actor_for_handle, system_actor
    from domain.core.store import unit_of_work

    with opened(db) as app, unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, handle) if handle else system_actor()
        views = list_documents(session, actor, project=project)
    for v in views:
        row = {"project": v.project, "title": v.title, "file": v.file, "version": v.version,
               "visibility": v.visibility, "comments": v.comments}
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else
                   f"{v.project}  {v.title} (v{v.version}, {v.visibility})  {v.file}"
                   + (f"  💬 {v.comments}" if v.comments else ""))


@docs.command("comment")
@as_option
@click.option("--project", default=None, metavar="CODE")
@click.argument("document")
@click.argument("text", nargs=-1, required=True)
@db_option
@now_option
@user_errors
def comment(handle: str, project: str | None, document: str, text: tuple[str, ...],
            db: str | None, now: str | None) -> None:
    """Comment on a document you may read (by title or file name)."""
    from domain.clients.documents import add_comment
    from domain.core.actors import actor_for_handle
    from domain.core.models import Document
    from domain.core.store import unit_of_work

    with opened(db) as app, unit_of_work(app.engine) as session:
        actor = actor_for_handle(session, handle)
        row = add_comment(session, actor, document=document, text=" ".join(text),
                          project=project, now=parse_now(now))
        doc = session.get(Document, row.document_id)
        click.echo(f"comment added to {doc.title} (v{doc.version})")


@docs.command("reindex")
@db_option
def reindex(db: str | None) -> None:
    """Rebuild every current document's passages from the stored files."""
    from sqlmodel import Session, select

    from domain.clients.documents import document_scope
    from domain.core.models import Document, Project
    from knowledge.ingest import index_document, read
    from knowledge.search.index import DocumentRef

    with opened(db) as app, Session(app.engine) as session:
        index = open_knowledge(app.settings)
        index.clear()
        rows = session.exec(select(Document, Project.code).join(Project)
                            .where(Document.retired == False)).all()  # noqa: E712
        done = missing = 0
        with index.bulk():
            for doc, code in rows:
                path = files_dir(app.settings) / code / str(doc.id) / doc.file_name
                if not path.exists():
                    missing += 1
                    click.echo(f"missing file: {path}", err=True)
                    continue
                ref = DocumentRef(doc.id, document_scope(doc), doc.title, doc.file_name, code,
                                  doc.version)
                index_document(index, ref, read(doc.file_name, path.read_bytes()))
                done += 1
    click.echo(f"reindexed {done} documents" + (f", {missing} files missing" if missing else ""))
