"""The `ask_docs` intent in chat: a cited answer in the asker's language, or a plain refusal."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from intents.conversation.assistant import Context, Tools
from intents.handlers import docs as handle_docs
from intents.understanding.schema import Intent
from knowledge.search.index import KnowledgeIndex
from tests.knowledge.conftest import MSA_EN
from tests.knowledge.test_access import ingest


def ask(session: Session, actor, text: str, now: datetime, lang: str = "en",  # type: ignore[no-untyped-def]
        index: KnowledgeIndex | None = None) -> str:
    intent = Intent(intent="ask_docs", lang=lang, confidence=0.9, slots={"question": text})
    tools = Tools(index=(lambda: index) if index is not None else None)
    return handle_docs.handle_ask_docs(Context(session, actor, intent, lang, now, tools=tools)).text


def test_without_an_index_the_bot_says_documents_are_not_set_up(session: Session, world, now: datetime) -> None:  # type: ignore[no-untyped-def]
    assert ask(session, world.tom, "payment terms?", now) == "Document search is not set up on this pmbot."


def test_a_chinese_asker_gets_a_cited_answer_framed_in_chinese(
        session: Session, world, now: datetime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    index = KnowledgeIndex(tmp_path / "index")
    ingest(session, index, world.bob, "WEB", "msa.md", MSA_EN, now, visibility="client")
    reply = ask(session, world.tom, "发票需要在多少天内付款？", now, lang="zh", index=index)
    assert reply.splitlines()[:2] == [
        "根据您的文档：",
        "Acme pays each invoice within 30 days of receipt. [Master Services Agreement v1, § Payment terms]"]
    assert "[1] [Master Services Agreement v1, § Payment terms] (WEB, msa.md)" in reply


def test_a_question_with_no_answer_gets_the_not_found_sentence(
        session: Session, world, now: datetime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    index = KnowledgeIndex(tmp_path / "index")
    ingest(session, index, world.bob, "WEB", "msa.md", MSA_EN, now, visibility="client")
    assert ask(session, world.tom, "Who painted the Mona Lisa?", now, index=index) == \
        "I couldn't find that in your documents."
