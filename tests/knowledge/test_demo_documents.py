"""`pmbot demo` seeds documents, so the README's document examples answer on `make demo`."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

import bot.cli.docs  # noqa: F401  (registers `docs` on `main`)
from bot.cli.main import main
from bot.demo.run import seed_demo

NOW = "2026-11-27T10:00:00+08:00"


def test_the_demo_answers_the_readme_questions_from_its_own_documents(tmp_path: Path) -> None:
    from bot.migrate import upgrade
    from domain.core.store import make_engine

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_demo(engine, now=datetime.fromisoformat(NOW))
    engine.dispose()

    def ask(handle: str, question: str) -> dict:
        result = CliRunner().invoke(main, ["docs", "ask", "--as", handle, "--json", question,
                                           "--db", url], catch_exceptions=False)
        return json.loads(result.output)

    english = ask("bob", "What are the acceptance criteria in the Acme contract?")
    assert english["found"] and english["sources"][0]["file"] == "acme_sow.md"
    assert "Every page loads in under 2.5 seconds" in english["answer"]
    assert "signs the acceptance certificate" in english["answer"]
    chinese = ask("bob", "官网项目的验收标准是什么？")
    assert "所有页面在 4G 网络下 2.5 秒内加载完成" in chinese["answer"]
    client = ask("tom", "What is our target margin on the Acme website?")  # an internal note
    assert not client["found"] and client["sources"] == []
