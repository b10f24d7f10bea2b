"""Message catalogue: every key a reply or a domain error can carry, in English and Chinese.

Keys live in the YAML files of this folder (one per area, merged at first use), so that
wording is edited in one place and a translator never has to read code. A value is a
`str.format` template over the error's or reply's parameters.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@cache
def catalogue() -> dict[str, dict[str, str]]:
    import yaml

    # libyaml's loader when PyYAML has it: the pure-Python one took a few hundred
    # milliseconds of every one-shot command that prints a message
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(HERE.glob("*.yaml")):
        for key, texts in (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).items():  # noqa: S506 (a safe loader)
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice ({path.name})")
            merged[key] = texts
    return merged


def render(key: str, lang: str = "en", **params: Any) -> str:
    """The text for a key in a language, falling back to English, then to the key itself."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts.get("en") or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
