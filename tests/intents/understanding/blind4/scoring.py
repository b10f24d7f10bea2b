"""Scores the fourth blind set (issue 13) in its two parts: tuning and held-out.

The cases are in a fixed shuffled order (by a hash of the text, written before any run);
the first `TUNING` of them may be looked at when a miss is studied, the rest are the held-out
part whose misses are never read, only counted. The frame of each message is scored by the
shared scorer (`dev/score_nlu.py`); further entries by the third set's rule.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from domain.workspace.importing import import_workspace
from intents.understanding.parse import parse_lines
from tests.intents.understanding.blind3.scoring import score_entries
from tests.intents.understanding.dev import score_nlu

HERE = Path(__file__).parent
TUNING = 200  # b4-001 .. b4-200; b4-201 .. are held out


def predictions(session: Session, now: datetime) -> tuple[list[dict], list[dict]]:
    data = yaml.safe_load((HERE / "workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=now, source="workspace.yaml")
    session.commit()
    cases = score_nlu.load_jsonl(str(HERE / "cases.jsonl"))
    lines = [json.dumps({"text": c["text"], "as": c["as"], "now": c["now"]}, ensure_ascii=False)
             for c in cases]
    return cases, list(parse_lines(session, lines, default_as=None,
                                   default_now=datetime.fromisoformat(cases[0]["now"])))


def part(cases: list[dict], preds: list[dict], name: str) -> tuple[list[dict], list[dict]]:
    keep = range(0, TUNING) if name == "tuning" else range(TUNING, len(cases))
    return [cases[i] for i in keep], [preds[i] for i in keep]


def score(session: Session, now: datetime) -> dict[str, Any]:
    cases, preds = predictions(session, now)
    out: dict[str, Any] = {}
    for name in ("all", "tuning", "heldout"):
        cs, ps = (cases, preds) if name == "all" else part(cases, preds, name)
        groups, per_intent, confusion, details = score_nlu.evaluate(cs, ps)
        out[name] = {"groups": {lang: agg.metrics() for lang, agg in groups.items()},
                     "entries": score_entries(cs, ps),
                     "report": (groups, per_intent, confusion, details)}
    return out


def print_scores(scored: dict[str, Any], errors: int = 0, out: Any = sys.stdout) -> None:
    """Every part's table; the misses only of the tuning part."""
    for name in ("all", "tuning", "heldout"):
        groups, per_intent, confusion, details = scored[name]["report"]
        print(f"\n== {name} ==", file=out)
        score_nlu.report(groups, {} if name != "tuning" else per_intent, {}, details,
                         n_errors=errors if name == "tuning" else 0, out=out)
        e = scored[name]["entries"]
        print(f"further entries right {e['right']}/{e['written']}, made up {e['made_up']}", file=out)
