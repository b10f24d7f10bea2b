"""Scores the third blind set: the shared scorer for the first entry, plus the `entries` list.

The shared scorer (`dev/score_nlu.py`) knows one frame per message; this set also holds
messages with several entries, so every further entry is compared the same way (intent and
slots by the scorer's own `value_match`), and an entry printed where none was written counts
as a wrong one.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from domain.workspace.importing import import_workspace
from intents.understanding.parse import parse_lines
from tests.intents.understanding.dev import score_nlu

HERE = Path(__file__).parent


def predictions(session: Session, now: datetime) -> tuple[list[dict], list[dict]]:
    data = yaml.safe_load((HERE / "workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=now, source="workspace.yaml")
    session.commit()
    cases = score_nlu.load_jsonl(str(HERE / "cases.jsonl"))
    lines = [json.dumps({"text": c["text"], "as": c["as"], "now": c["now"]}, ensure_ascii=False)
             for c in cases]
    return cases, list(parse_lines(session, lines, default_as=None,
                                   default_now=datetime.fromisoformat(cases[0]["now"])))


def entry_ok(gold: dict, pred: dict) -> bool:
    """The shared scorer's frame rule: every gold slot right, no extra closed slot (an extra
    free-text note is allowed)."""
    g, p = score_nlu.clean(gold.get("slots")), score_nlu.clean(pred.get("slots"))
    extra = set(p) - set(g) - score_nlu.FREE_TEXT
    return (gold["intent"] == pred.get("intent") and not extra
            and all(k in p and score_nlu.value_match(k, p[k], v) for k, v in g.items()))


def score_entries(cases: list[dict], preds: list[dict]) -> dict[str, Any]:
    """Of the further entries written, how many were printed right; and how many were made up."""
    written = right = made_up = 0
    wrong: list[str] = []
    for case, pred in zip(cases, preds, strict=True):
        gold_more, pred_more = case.get("entries") or [], pred.get("entries") or []
        written += len(gold_more)
        hits = sum(entry_ok(g, p) for g, p in zip(gold_more, pred_more, strict=False))
        right += hits
        made_up += max(0, len(pred_more) - len(gold_more))
        if hits < len(gold_more) or len(pred_more) > len(gold_more):
            wrong.append(case["id"])
    return {"written": written, "right": right, "made_up": made_up, "wrong": wrong}


def score(session: Session, now: datetime) -> dict[str, Any]:
    cases, preds = predictions(session, now)
    groups, per_intent, confusion, details = score_nlu.evaluate(cases, preds)
    return {"groups": {lang: agg.metrics() for lang, agg in groups.items()},
            "entries": score_entries(cases, preds), "report": (groups, per_intent, confusion, details)}
