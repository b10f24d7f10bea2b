"""Questions answered from project documents, cited, within what the asker may read.

The domain says which scopes the asker may read; the knowledge index answers inside those
scopes only. The index (and an optional chat model) come from `ctx.tools`, handed in by the edge,
because building them reads settings and opens files, which intents never do.
"""
from __future__ import annotations

from typing import Any

from sqlmodel import Session

from domain.core.actors import Actor
from intents.conversation.assistant import Context, Reply
from intents.handlers.dispatch import slot
from intents.messages import render


def ask_documents(session: Session, actor: Actor, index: Any, *, question: str,
                  project: str | None = None, lang: str = "en", llm: Any = None) -> Any:
    """The answer (knowledge.answer.Answer) from the documents this actor may read."""
    from domain.clients.documents import reader_scopes
    from knowledge.answer import answer_question

    scopes = reader_scopes(session, actor, project=project)
    return answer_question(index, question, scopes, lang=lang, llm=llm)


def render_answer(answer: Any, lang: str) -> str:
    """The answer text, then its sources, one line each, in the reader's language."""
    if not answer.found:
        return render("docs.not_found", lang)
    lines = [render("docs.answer_head", lang), answer.answer, render("docs.sources", lang)]
    for n, source in enumerate(answer.sources, 1):
        lines.append(f"[{n}] {source.citation()} ({source.project}, {source.file})")
    return "\n".join(lines)


def handle_ask_docs(ctx: Context) -> Reply:
    question = slot(ctx, "question")
    if not question:
        return Reply(ctx.say("docs.no_question"))
    index = ctx.tools.get("index")
    if index is None:
        return Reply(ctx.say("docs.not_configured"))
    answer = ask_documents(ctx.session, ctx.actor, index, question=str(question),
                           project=slot(ctx, "project"), lang=ctx.lang, llm=ctx.tools.get("llm"))
    return Reply(render_answer(answer, ctx.lang))
