"""The one place that builds engines from settings and wires the parts together."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from bot.settings import Settings

log = logging.getLogger(__name__)


class SchemaMissing(Exception):
    """The store exists but holds no pmbot schema (`pmbot init` was never run on it)."""


@dataclass
class App:
    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        from domain.core.store import make_engine

        _ensure_sqlite_folder(self.settings.database_url)
        return make_engine(self.settings.database_url)

    @cached_property
    def assistant(self):  # type: ignore[no-untyped-def]
        from intents.conversation.assistant import Assistant, Tools

        tools = Tools(index=lambda: open_knowledge(self.settings),
                      llm=lambda: open_llm(self.settings), charts=self.open_charts,
                      portal=(lambda: self.settings.public_url) if self.settings.public_url else None)
        return Assistant(self.engine, default_timezone=self.settings.timezone, tools=tools)

    def open_charts(self) -> Any:
        from bot.charts.render import open_charts

        return open_charts(self.settings.data_dir)

    def migrate(self) -> None:
        from bot.migrate import upgrade

        upgrade(self.engine)

    def require_schema(self, *, create: bool = True) -> None:
        """An older schema is migrated on the fly; a store without one is created only when
        `create` (init, import, demo), else `SchemaMissing` says to run `pmbot init`."""
        from bot.migrate import LATEST, current_revision

        revision = current_revision(self.engine)
        if revision is None and not create:
            raise SchemaMissing(self.settings.database_url)
        if revision != LATEST:
            self.migrate()


def _ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)


def open_knowledge(settings: Settings) -> Any:
    """The knowledge index the settings point at (embedded folder or Chroma server)."""
    from knowledge.search.index import KnowledgeIndex

    return KnowledgeIndex(Path(settings.data_dir) / "index", chroma_url=settings.chroma_url)


def open_llm(settings: Settings) -> Any:
    """The optional chat model (PMBOT_LLM, `provider:model`); None when unset or unavailable."""
    if not settings.llm:
        return None
    try:
        from langchain.chat_models import init_chat_model
    except ImportError:
        log.warning("PMBOT_LLM is set but langchain is not installed; answering extractively")
        return None
    return init_chat_model(settings.llm)


def files_dir(settings: Settings) -> Path:
    """Where uploaded document originals are kept, so the index can be rebuilt from them."""
    return Path(settings.data_dir) / "files"


def build_app(*, database_url: str | None = None) -> App:
    from bot.settings import load_settings

    return App(load_settings(database_url=database_url))
