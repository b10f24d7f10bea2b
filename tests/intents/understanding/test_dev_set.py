"""The shared NLU dev set, scored by the shared scorer, as a test of the whole understanding.

Every gold message of `dev/dev.jsonl` (vendored from the team's shared NLU set, with its
scorer, so that a plain clone of the repository runs it) goes through `parse_lines` (what
`pmbot parse --batch` prints) against the dev workspace imported into the test database.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import yaml

from domain.workspace.importing import import_workspace
from intents.understanding.parse import parse_lines
from tests.intents.understanding.dev import score_nlu

DEV = Path(__file__).parent / "dev"


def test_the_dev_set_is_understood_well_enough_in_both_languages(session, now, capsys) -> None:
    data = yaml.safe_load((DEV / "dev_workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=now, source="dev_workspace.yaml")
    session.commit()
    score = score_nlu
    cases = score.load_jsonl(str(DEV / "dev.jsonl"))
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
