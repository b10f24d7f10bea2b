"""Configuration read at the edge: `.env` and the environment."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import load_settings


def test_a_cache_folder_set_only_in_dot_env_reaches_the_knowledge_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from knowledge.search.weights import cache_root

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMBOT_CACHE_DIR", "")  # recorded, so the value handed down is undone
    monkeypatch.delenv("PMBOT_CACHE_DIR")
    (tmp_path / ".env").write_text(f"PMBOT_CACHE_DIR={tmp_path / 'unpacked'}\n", encoding="utf-8")
    load_settings()
    assert cache_root() == tmp_path / "unpacked"


def test_a_cache_folder_in_the_environment_wins_over_dot_env(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from knowledge.search.weights import cache_root

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMBOT_CACHE_DIR", str(tmp_path / "from-env"))
    (tmp_path / ".env").write_text(f"PMBOT_CACHE_DIR={tmp_path / 'from-file'}\n", encoding="utf-8")
    assert load_settings().cache_dir == str(tmp_path / "from-env")
    assert cache_root() == tmp_path / "from-env"
