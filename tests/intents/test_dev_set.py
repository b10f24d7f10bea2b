"""The shared NLU dev set, scored by the shared scorer, as a test of the whole understanding.

Every gold message of `../shared/nlu/dev.jsonl` goes through `parse_lines` (what
`pmbot parse --batch` prints) against the dev workspace imported into the test database.
"""
from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from pathlib import Path
from types import ModuleType

import yaml

from domain.workspace_import import import_workspace
from intents.parse import parse_lines

SHARED = Path(__file__).parents[2].parent / "shared" / "nlu"


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_nlu", SHARED / "score_nlu.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dev_set_is_understood_well_enough_in_both_languages(session, now, capsys) -> None:
    data = yaml.safe_load((SHARED / "dev_workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=now, source="dev_workspace.yaml")
    session.commit()
    score = scorer()
    cases = score.load_jsonl(str(SHARED / "dev.jsonl"))
    lines = [json.dumps({"text": c["text"], "as": c["as"], "now": c["now"]}, ensure_ascii=False)
             for c in cases]
    predictions = list(parse_lines(session, lines, default_as=None,
                                   default_now=datetime.fromisoformat(cases[0]["now"])))
    groups, per_intent, confusion, details = score.evaluate(cases, predictions)
    with capsys.disabled():
        print()
        score.report(groups, per_intent, confusion, details, n_errors=10)
    overall = groups["overall"].metrics()
    assert overall["intent_acc"] >= 0.97
    assert overall["slot_f1"] >= 0.95
    assert overall["unsafe_writes"] == 0
