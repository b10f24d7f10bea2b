"""The second blind set, written before its author read the understanding code, as a test.

`blind2/cases.jsonl` (337 messages, a different firm: an architecture practice with a marketing
arm, `blind2/workspace.yaml`) is scored by the shared scorer over `parse_lines`, what
`pmbot parse --batch` prints. Its figures before any fix are in `blind2/README.md`.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from domain.workspace.importing import import_workspace
from intents.understanding.parse import parse_lines
from tests.intents.understanding.dev import score_nlu

HERE = Path(__file__).parent / "blind2"


@pytest.fixture
def scored(session, now):  # type: ignore[no-untyped-def]
    data = yaml.safe_load((HERE / "workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=now, source="workspace.yaml")
    session.commit()
    score = score_nlu
    cases = score.load_jsonl(str(HERE / "cases.jsonl"))
    lines = [json.dumps({"text": c["text"], "as": c["as"], "now": c["now"]}, ensure_ascii=False)
             for c in cases]
    predictions = list(parse_lines(session, lines, default_as=None,
                                   default_now=datetime.fromisoformat(cases[0]["now"])))
    groups, _per_intent, _confusion, _details = score.evaluate(cases, predictions)
    return {lang: agg.metrics() for lang, agg in groups.items()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_blind_set_in_another_firms_words_is_understood_in_each_language(scored, lang) -> None:
    assert scored[lang]["n"] >= 150
    assert scored[lang]["intent_acc"] >= 0.95
    assert scored[lang]["slot_f1"] >= 0.92


def test_no_question_chit_chat_or_out_of_scope_line_of_the_blind_set_becomes_a_write(scored) -> None:
    assert scored["overall"]["guarded_cases"] >= 200
    assert scored["overall"]["unsafe_writes"] == 0
