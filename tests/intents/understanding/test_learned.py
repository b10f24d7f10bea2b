"""The learned second opinion: shipped small, read without numpy, trusted only for reads.

The model (`intents/understanding/learned/`) is a hashed character n-gram logistic regression
trained offline on a generated paraphrase corpus; `second_opinion.review` asks it only about
messages the rules leave `unknown`, and takes its answer only when it is a read above the
calibrated threshold.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from domain.core.actors import actor_for_handle
from intents.understanding.learned import corpus, model
from intents.understanding.registry import learned_reads
from intents.understanding.schema import SLOT_NAMES, WRITE_INTENTS
from intents.understanding.understand import understand

ROOT = Path(__file__).resolve().parents[3]


def test_the_shipped_weights_are_small_and_cover_every_intent() -> None:
    assert model.WEIGHTS.stat().st_size + model.META.stat().st_size < 400_000
    assert set(model.info()["classes"]) == set(SLOT_NAMES)
    assert 0.5 <= model.threshold() <= 1.0


def test_the_corpus_has_every_intent_in_both_languages() -> None:
    assert set(corpus.EN) == set(SLOT_NAMES) == set(corpus.ZH)


def test_reading_the_model_does_not_import_numpy() -> None:
    code = ("import sys; from intents.understanding.learned import model; "
            "print(model.predict('where do my <project> stand?')[0], 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split()[-1] == "False"


def test_status_asked_without_a_verb_is_read_by_the_second_opinion(world, session, now) -> None:  # type: ignore[no-untyped-def]
    actor = actor_for_handle(session, "dave")
    intent = understand(session, text="where do my projects stand?", actor=actor, now=now)
    assert intent.intent == "project_status"


def test_the_second_opinion_never_makes_a_write(world, session, now) -> None:  # type: ignore[no-untyped-def]
    actor = actor_for_handle(session, "dave")
    for text in ("hmm", "我不知道", "remind me to buy milk", "the client paid 5000 yesterday", "好吧"):
        intent = understand(session, text=text, actor=actor, now=now)
        assert intent.intent not in WRITE_INTENTS, text
    assert not learned_reads() & WRITE_INTENTS


def test_the_model_is_deterministic_on_the_same_text() -> None:
    first = model.predict("<project>有没有卡住的任务")
    assert first == model.predict("<project>有没有卡住的任务")
    assert json.loads(model.META.read_text(encoding="utf-8"))["buckets"] == model.BUCKETS
