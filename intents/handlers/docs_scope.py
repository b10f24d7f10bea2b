"""Where a document question should look: the project it names, the document it names.

"官网项目的验收标准是什么？" names a project (by an alias), so only that project's documents
are searched; "the Acme contract" names a client, so that client's projects; "acceptance
criteria in the SOW" names a document, which is preferred (never read as a project called
"SOW"). A question naming neither searches everything the asker may read, the asker's own
projects first. The knowledge index knows none of this: it receives scopes and preferences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from sqlmodel import Session, col, or_, select

from domain.core.actors import Actor
from domain.core.matching import fold
from domain.core.models import Client, Project, ProjectAlias, ProjectMember
from domain.core.permissions import visible_project_ids

GENERIC = frozenset({"project", "projects", "the", "contract", "document", "doc", "file", "v1", "v2",
                     "final", "draft", "项目", "文档", "文件"})


@dataclass
class QuestionScope:
    scopes: list[str]
    projects: list[str] = field(default_factory=list)  # codes the question named
    prefer_docs: set[int] = field(default_factory=set)  # documents the question named
    prefer_scopes: set[str] = field(default_factory=set)  # the asker's own projects


def scope_question(session: Session, actor: Actor, question: str, *, project: str | None = None,
                   hint: str | None = None) -> QuestionScope:
    """The scopes to search and what to prefer. `project` is a project the asker chose
    explicitly (unknown ⇒ NotFound, as everywhere); `hint` is a name the understanding layer
    could not resolve as a project, read here as a document's name."""
    from domain.clients.documents import list_documents, reader_scopes

    named = [project] if project else named_projects(session, actor, question)
    if named:
        scopes = sorted({s for code in named for s in reader_scopes(session, actor, project=code)})
        docs = [d for code in named for d in list_documents(session, actor, project=code)]
        own: set[str] = set()
    else:
        scopes = reader_scopes(session, actor)
        docs = list_documents(session, actor)
        own = _own_scopes(session, actor, scopes)
    text = f"{question} {hint or ''}"
    titles = [(d.id, d.title, d.file) for d in docs]
    return QuestionScope(scopes, named, named_documents(text, titles, named), own)


def _own_scopes(session: Session, actor: Actor, scopes: list[str]) -> set[str]:
    """Scopes of the projects the asker manages or belongs to (an admin sees more)."""
    if actor.is_contact or actor.id is None:
        return set()
    member_of = select(ProjectMember.project_id).where(ProjectMember.person_id == actor.id)
    ids = session.exec(select(Project.id).where(
        or_(col(Project.manager_id) == actor.id, col(Project.id).in_(member_of)))).all()
    mine = {f"project:{i}:" for i in ids}
    return {s for s in scopes if any(s.startswith(m) for m in mine)}


def _mentions(name: str, text: str) -> bool:
    """Whether a (folded) name occurs in the (folded) text as a word, or inside Chinese."""
    if not name or name in GENERIC:
        return False
    if re.search(r"[\u3400-\u9fff]", name):
        return name in text
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def named_projects(session: Session, actor: Actor, question: str) -> list[str]:
    """Codes of the visible projects the question names by code, name, alias or client."""
    text = fold(question)
    visible = session.exec(select(Project).where(
        col(Project.id).in_(visible_project_ids(session, actor)))).all()
    aliases = session.exec(select(ProjectAlias).where(
        col(ProjectAlias.project_id).in_([p.id for p in visible]))).all()
    clients = {c.id: c for c in session.exec(select(Client).where(
        col(Client.id).in_([p.client_id for p in visible if p.client_id]))).all()}
    forms: dict[str, set[str]] = {p.code: {fold(p.code), fold(p.name)} for p in visible}
    by_id = {p.id: p.code for p in visible}
    for a in aliases:
        forms[by_id[a.project_id]].add(fold(a.alias))
        forms[by_id[a.project_id]].add(fold(a.alias).removesuffix("项目"))
    direct = [code for code, names in forms.items() if any(_mentions(n, text) for n in names if len(n) >= 2)]
    if direct:
        return direct
    return [p.code for p in visible if p.client_id in clients
            and _names_client(clients[p.client_id].name, text)]


def _names_client(name: str, text: str) -> bool:
    """"the Acme contract" names "Acme Trading Ltd." by its full name or its first word."""
    folded = fold(name)
    head = folded.split(" ")[0] if folded else ""
    return _mentions(folded, text) or (len(head) >= 3 and _mentions(head, text))


def named_documents(question: str, docs: list[tuple[int, str, str]],
                    projects: list[str] | None = None) -> set[int]:
    """Ids of the documents the question names: its whole title or file name, or a word of
    its title or file name that few documents share ("SOW", "brand guide", "蓝图设计说明书")."""
    from knowledge.reading.text import tokens

    text = fold(question)
    asked = set(tokens(question))
    skip = {w for p in projects or [] for w in tokens(p)} | GENERIC
    latin_only = not re.search(r"[\u3400-\u9fff]", question)  # then Chinese names cannot match,
    # and leaving them out spares an English question loading the Chinese dictionary

    def name_words(title: str, file: str) -> set[str]:
        name = f"{title} {PurePath(file).stem.replace('_', ' ')}"
        return set(tokens(re.sub(r"[\u3400-\u9fff]+", " ", name) if latin_only else name))

    names = {i: name_words(title, file) - skip for i, title, file in docs}
    shared: dict[str, int] = {}
    for words in names.values():
        for w in words:
            shared[w] = shared.get(w, 0) + 1
    rare = max(1, len(docs) // 10)
    out = {i for i, title, file in docs
           if _mentions(fold(title), text) or _mentions(fold(PurePath(file).stem), text)}
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,6}\b", question)}
    scored: dict[int, float] = {}
    for i, words in names.items():
        hits = {w for w in words & asked if shared[w] <= rare}
        if len(hits) >= 2 or hits & acronyms:  # one ordinary word is not a document's name
            scored[i] = sum(1.0 / shared[w] for w in hits)
    best = max(scored.values(), default=0.0)
    return out | {i for i, s in scored.items() if s >= best * 0.99}
