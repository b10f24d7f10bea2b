"""Questions answered from project documents, cited, within what the asker may read.

The domain says which scopes the asker may read; `docs_scope` narrows them to the project
the question names (by code, name, alias or client, in any language) and says which
documents it names; the knowledge index answers inside those scopes only. The index (and
an optional chat model) come from `ctx.tools`, handed in by the edge, because building them
reads settings and opens files, which intents never do.
"""
from __future__ import annotations

from typing import Any

from sqlmodel import Session

from domain.core.actors import Actor
from intents.conversation.assistant import Context, Reply
from intents.handlers.dispatch import slot
from intents.messages import render


def ask_documents(session: Session, actor: Actor, index: Any, *, question: str,
                  project: str | None = None, lang: str = "en", llm: Any = None,
                  hint: str | None = None) -> Any:
    """The answer (knowledge.answer.Answer) from the documents this actor may read.

    `project` is a project chosen explicitly (an unknown one raises NotFound); without it
    a project named in the question restricts the search; `hint` is a name the
    understanding layer could not resolve as a project ("the SOW"): a document's name."""
    from intents.handlers.docs_scope import scope_question
    from knowledge.answer import answer_question
    from knowledge.search.retrieval import Preference

    scope = scope_question(session, actor, question, project=project, hint=hint)
    preference = Preference(frozenset(scope.prefer_docs), frozenset(scope.prefer_scopes))
    return answer_question(index, question, scope.scopes, lang=lang, llm=llm, preference=preference)


def not_found_text(answer: Any, lang: str) -> str:
    """"Not found", and the closest documents by title when there are any."""
    text = render("docs.not_found", lang)
    if answer.suggestions:
        sep = "、" if lang == "zh" else ", "
        titles = sep.join(f"{s.document} ({s.project})" for s in answer.suggestions)
        text += " " + render("docs.closest", lang, titles=titles)
    return text


def render_answer(answer: Any, lang: str) -> str:
    """The answer text, then its sources, one line each, in the reader's language."""
    if not answer.found:
        return not_found_text(answer, lang)
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
                           project=ctx.slots.get("project") or None, lang=ctx.lang,
                           llm=ctx.tools.get("llm"), hint=ctx.intent.unresolved.get("project"))
    return Reply(render_answer(answer, ctx.lang))
