"""The one place that builds engines from settings and wires the parts together."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.settings import Settings


@dataclass
class App:
    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        from domain.store import make_engine

        _ensure_sqlite_folder(self.settings.database_url)
        return make_engine(self.settings.database_url)

    def migrate(self) -> None:
        from bot.migrate import upgrade

        upgrade(self.engine)

    def require_schema(self) -> None:
        """Commands other than `init` migrate an empty database on the fly, like `init`."""
        from bot.migrate import current_revision, head_revision

        if current_revision(self.engine) != head_revision(self.engine):
            self.migrate()


def _ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)


def build_app(*, database_url: str | None = None) -> App:
    from bot.settings import load_settings

    return App(load_settings(database_url=database_url))
