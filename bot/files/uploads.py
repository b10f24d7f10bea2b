"""A file sent to the bot in a direct message, with "add to ACME-WEB", becomes a document.

The adapters only download the file (Slack `files.info` + `url_private`, Telegram `getFile`)
and hand its path here with the message's text. The text names the project (its code, name
or an alias, as the gazetteer knows them: "add to ACME-WEB", "加到官网项目") and, optionally,
who may read it: internal by default, the client too when it says "client-visible" or
"给客户看". The rest is `pmbot docs add`: the domain registers the version (and refuses
someone who does not work on the project), the original is kept under PMBOT_DATA_DIR, the
passages go into the same knowledge index the assistant answers from.
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

from sqlmodel import Session

from bot.bootstrap import App, files_dir
from domain.core.actors import Actor
from domain.core.errors import DomainError
from intents.conversation.assistant import Reply
from intents.messages import render

MAX_BYTES = 20 * 1024 * 1024  # Telegram's own limit for a bot's download, Slack's is higher
MAX_TEXT_BYTES = 2 * 1024 * 1024  # plain text past 2 MB is a dump, not a project document
TEXT_KINDS = frozenset({"txt", "text", "md", "markdown", "csv", "html", "htm"})
ZIP_KINDS = frozenset({"docx", "xlsx", "xlsm"})  # Office files are zip archives
CLIENT = re.compile(r"client[- ]?visible|visible to (?:the )?client|for (?:the )?client|"
                    r"share with (?:the )?client|给客户看|客户可见|对客户可见|客户也能看", re.IGNORECASE)
ADD_TO = re.compile(r"(?:add|upload|put|file)\s+(?:it\s+|this\s+)?(?:to|in|into|under)\s+"
                    r"(?:the\s+)?(?P<en>[^,.;!?\n]+?)(?:\s+project)?\s*(?:[,.;!?\n]|$)|"
                    r"(?:加到|加入|添加到|上传到|放到|归到|存到)\s*(?P<zh>[^，。；！？,.;!?\s]+?)"
                    r"(?:项目)?\s*(?:[，。；！？,.;!?\s]|$)", re.IGNORECASE)


def upload_from_chat(app: App, *, platform: str, user_id: str, path: Path, file_name: str,
                     text: str, now: datetime) -> Reply:
    """The chat account's person (or contact) uploads; an unlinked account is asked to link."""
    from domain.people.linking import actor_for_chat

    with Session(app.engine) as session:
        actor = actor_for_chat(session, platform=platform, external_id=user_id)
    if actor is None:
        return Reply(render("link.please_link", _lang(None, text)), error="link.please_link")
    return ingest_upload(app, actor, path, text, now, file_name=file_name)


def ingest_upload(app: App, actor: Actor, path: Path, text: str, now: datetime, *,
                  file_name: str | None = None) -> Reply:
    """Ingest the file into the project the text names; the reply says what happened."""
    name = PurePath(file_name or path.name).name
    lang = _lang(actor, text)
    if path.stat().st_size > MAX_BYTES:
        return Reply(render("docs.upload_too_big", lang, file=name, limit=MAX_BYTES // 2**20),
                     error="docs.upload_too_big")
    data = path.read_bytes()
    refused = check_document(name, data)
    if refused is not None:
        return Reply(render(refused[0], lang, **refused[1]), error=refused[0])
    parsed, problem = _parse(name, data)
    if problem:
        return Reply(render(problem, lang, file=name), error=problem)
    try:
        result = add_document(app, app.assistant.tools.get("index"), actor, data=data,
                              file_name=name, title=parsed.title, parsed=parsed,
                              project=_project(app, actor, text),
                              visibility="client" if CLIENT.search(text or "") else "internal",
                              now=now)
    except DomainError as error:
        from intents.messages.errors import render_error

        return Reply(render_error(error, lang), error=error.key)
    return Reply(render(f"docs.upload_{result['status']}", lang, file=name,
                        project=result["project"], version=result["version"],
                        title=result["title"],
                        visibility=render(f"docs.visibility_{result['visibility']}", lang)))


def add_document(app: App, index: Any, actor: Actor, *, data: bytes, file_name: str, title: str,
                 parsed: Any, project: Any, visibility: str, readers: list[str] | None = None,
                 now: datetime) -> dict[str, Any]:
    """Register, keep the original, index; all or nothing (the passages leave on failure).
    The passages are embedded first, outside the transaction: registering takes the audit
    chain's lock, and every audited write (a time entry from chat) would wait for the model."""
    from domain.clients.documents import document_scope, register_document, superseded_ids
    from domain.core.models import Project
    from domain.core.store import unit_of_work
    from knowledge.ingest import content_hash, index_prepared, prepare
    from knowledge.search.index import DocumentRef

    prepared = prepare(parsed, (title or file_name).strip()[:300])
    added_id = None
    try:
        with unit_of_work(app.engine) as session:
            doc, status = register_document(
                session, actor, project=project, file_name=file_name, title=title,
                content_hash=content_hash(data), visibility=visibility, readers=readers, now=now)
            code = session.get(Project, doc.project_id).code  # type: ignore[union-attr]
            if status != "unchanged":
                keep_original(app, code, doc.id, file_name, data)  # type: ignore[arg-type]
                added_id = doc.id
                index_prepared(index, DocumentRef(doc.id, document_scope(doc), doc.title,  # type: ignore[arg-type]
                                                  doc.file_name, code, doc.version), prepared)
                for old in superseded_ids(session, doc):
                    index.remove_document(old)
            result = {"file": file_name, "title": doc.title, "project": code,
                      "version": doc.version, "status": status,
                      "visibility": str(getattr(doc.visibility, "value", doc.visibility))}
    except BaseException:  # interrupted or refused: no passages, no original left behind
        if added_id is not None:
            index.remove_document(added_id)
            _drop_original(app, added_id)
        raise
    return result


def _drop_original(app: App, doc_id: int) -> None:
    import shutil

    for folder in files_dir(app.settings).glob(f"*/{doc_id}"):
        shutil.rmtree(folder, ignore_errors=True)


def check_document(name: str, data: bytes) -> tuple[str, dict[str, Any]] | None:
    """(message key, params) when a file may not become a document: too big for its kind
    (the limit named), or not what its name says (random bytes named `.md`)."""
    kind = PurePath(name).suffix.lower().lstrip(".")
    limit = MAX_TEXT_BYTES if kind in TEXT_KINDS else MAX_BYTES
    if len(data) > limit:
        return "docs.upload_too_big", {"file": name, "limit": limit // 2**20}
    if not _looks_like(kind, data):
        return "docs.not_what_it_says", {"file": name, "kind": kind or "?"}
    return None


def _looks_like(kind: str, data: bytes) -> bool:
    if kind == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if kind in ZIP_KINDS:
        return data.startswith(b"PK\x03\x04")
    if kind not in TEXT_KINDS:
        return True  # the parser decides (and refuses formats it does not know)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return False
    controls = sum(1 for c in text[:100_000] if ord(c) < 32 and c not in "\t\n\r\f")
    return "\x00" not in text and controls <= len(text[:100_000]) // 100


def keep_original(app: App, code: str, doc_id: int, name: str, data: bytes) -> None:
    """Originals live under PMBOT_DATA_DIR/files/<project>/<id>/ so `docs reindex` can rebuild."""
    folder = files_dir(app.settings) / code / str(doc_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _parse(name: str, data: bytes) -> tuple[Any, str | None]:
    from knowledge.reading.parsers import UnsupportedFormat, parse

    try:
        parsed = parse(name, data)
    except UnsupportedFormat:
        return None, "documents.unsupported"
    except Exception:  # a damaged file: say which, write nothing
        return None, "documents.empty"
    return (parsed, None) if parsed.text.strip() else (None, "documents.empty")


def _project(app: App, actor: Actor, text: str) -> str:
    """The project the text names: a gazetteer mention, else the words after "add to"."""
    from sqlmodel import col, select

    from domain.core.errors import Invalid
    from domain.core.lookup import find_project
    from domain.core.models import Project
    from domain.core.permissions import visible_project_ids
    from intents.understanding.gazetteer import gazetteer_for, key

    with Session(app.engine) as session:
        mentions = gazetteer_for(session, actor).scan(key(text or ""), frozenset({"project"}))
        codes = {str(m.value) for m in mentions if m.kind == "project"}
        if len(codes) == 1:
            return codes.pop()
        match = ADD_TO.search(text or "")
        if match:
            return find_project(session, actor, (match.group("en") or match.group("zh")).strip()).code
        mine = session.exec(select(Project.code).where(
            col(Project.id).in_(visible_project_ids(session, actor))).limit(2)).all()
        if len(mine) == 1:  # someone on exactly one project: that one
            return str(mine[0])
    raise Invalid("docs.upload_which_project")


def _lang(actor: Actor | None, text: str | None) -> str:
    from intents.extract.text import detect_lang

    if actor is not None and actor.language:
        return actor.language
    return detect_lang(text or "")


@contextmanager
def download(url: str | None, name: str | None, *, headers: dict[str, str]) -> Iterator[Path]:
    """Fetch a file (at most MAX_BYTES) into a temporary folder; the folder goes afterwards."""
    import urllib.request

    if not url:
        raise ValueError("the file has no download URL")
    safe = PurePath(name or "upload").name or "upload"
    from urllib.parse import quote

    request = urllib.request.Request(quote(url, safe=":/?&=%#@+;,~"), headers=headers)
    with tempfile.TemporaryDirectory(prefix="pmbot-upload-") as folder:
        path = Path(folder) / safe
        with urllib.request.urlopen(request, timeout=60) as response:  # the URL comes from the chat API
            path.write_bytes(response.read(MAX_BYTES + 1))
        yield path
