"""The learned second opinion: a linear model over hashed character n-grams, numpy only.

Why not the sentence encoder the project ships (USE multilingual, `knowledge.search.embedding`)?
Measured on this machine it costs about 13 ms per message warm (p50) and 4 s to load — over the
3 ms p50 budget and far over a one-shot `pmbot parse`. Character n-grams of the rules' masked
text (names already replaced by `<project>` …) cost a fraction of a millisecond and read Chinese,
Cantonese and misspelt English alike. Inference is plain Python over int8 weights
(`weights.bin`, 8192 buckets × 22 intents = 176 KB, one scale per intent, and `weights.json`):
importing numpy alone costs a one-shot `pmbot parse` 0.2–0.6 s on a busy machine, the weights
load in a few milliseconds, and only when the rules are unsure. Trained offline by `benchmarks/train_learned_nlu.py`
on the generated paraphrase corpus of `corpus.py`; `threshold()` is the calibrated probability
above which its read is taken.
"""
from __future__ import annotations

import json
import math
import re
import threading
import zlib
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
WEIGHTS, META = HERE / "weights.bin", HERE / "weights.json"
BUCKETS = 1 << 13
PLACEHOLDERS = {"<project>": "\ue000", "<person>": "\ue001", "<milestone>": "\ue002", "<task>": "\ue003",
                "<client>": "\ue004"}
_PLACE = re.compile("|".join(map(re.escape, PLACEHOLDERS)))
_DIGITS = re.compile(r"\d+")
_LOCK = threading.Lock()


def features(masked: str) -> list[int]:
    """Hashed n-grams of the masked, lower-cased text: characters 1–3 (with a boundary mark)
    and words. Numbers are one symbol, names one character each."""
    t = _DIGITS.sub("0", _PLACE.sub(lambda m: PLACEHOLDERS[m.group(0)], masked.lower()))
    t = " ".join(t.split())
    padded = f"^{t}$"
    grams = [padded[i:i + n] for n in (1, 2, 3) for i in range(len(padded) - n + 1)]
    grams += ["w:" + w for w in re.findall(r"[a-z']+", t)]
    return sorted({zlib.crc32(g.encode("utf-8")) % BUCKETS for g in grams})


@lru_cache(maxsize=1)
def _load() -> tuple[array, list[float], list[float], tuple[str, ...], float]:
    with _LOCK:
        meta = json.loads(META.read_text(encoding="utf-8"))
        coef = array("b")
        coef.frombytes(WEIGHTS.read_bytes())
    return coef, meta["scale"], meta["bias"], tuple(meta["classes"]), float(meta["threshold"])


def available() -> bool:
    return WEIGHTS.exists() and META.exists()


def predict(masked: str) -> tuple[str, float]:
    """The most likely intent of the masked text and its calibrated probability."""
    coef, scale, bias, classes, _ = _load()
    k = len(classes)
    sums = [0] * k
    for f in features(masked):
        row = coef[f * k:(f + 1) * k]
        for j in range(k):
            sums[j] += row[j]
    logits = [s * scale[j] + bias[j] for j, s in enumerate(sums)]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    best = max(range(k), key=exps.__getitem__)
    return classes[best], exps[best] / sum(exps)


def threshold() -> float:
    return _load()[4]


def info() -> dict[str, Any]:
    _, _, _, classes, thr = _load()
    return {"classes": classes, "buckets": BUCKETS, "threshold": thr}


def save(coef: Any, bias: Any, classes: list[str], threshold_: float) -> None:
    """Quantise (buckets × intents) weights to int8 with one scale per intent; write both files."""
    scale = [float(abs(coef[:, j]).max()) / 127 or 1.0 for j in range(coef.shape[1])]
    q = array("b", (max(-127, min(127, round(float(coef[i, j]) / scale[j])))
                    for i in range(coef.shape[0]) for j in range(coef.shape[1])))
    WEIGHTS.write_bytes(q.tobytes())
    META.write_text(json.dumps({"classes": classes, "scale": scale, "bias": [float(b) for b in bias],
                                "threshold": threshold_, "buckets": BUCKETS}, indent=0), encoding="utf-8")
    _load.cache_clear()
