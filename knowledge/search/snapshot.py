"""The mirror on disk: a one-shot `pmbot docs ask` loads it instead of Chroma.

A question from the command line used to pay for importing chromadb, opening the
collection, reading every vector and token out of it and rebuilding BM25 — seconds, for
one question. In the embedded setup every write goes through `KnowledgeIndex`, which
records the collection's new revision in a small file beside it; the first reader after a
change rebuilds the mirror from Chroma once and saves it here (vectors, rows, passages'
text and metadata, the BM25 indexes) under that revision. Later readers compare the two
revisions and, when they match, load this one file and never touch Chroma. Writes stay
cheap: a file added never rewrites the snapshot, it only makes it stale.

With a Chroma server (`PMBOT_CHROMA_URL`) there is no revision file and no snapshot:
other replicas write to the same server, so the collection itself stays the authority.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

REVISION = "revision"
SNAPSHOT = "snapshot.pkl"
FORMAT = 2  # 2: BM25 as plain arrays (no bm25s objects inside)


def write_revision(folder: Path, revision: str) -> None:
    _atomic(folder / REVISION, revision.encode())


def read_revision(folder: Path) -> str | None:
    try:
        return (folder / REVISION).read_text().strip() or None
    except OSError:
        return None


def save(folder: Path, revision: str, mirror: Any) -> None:
    """Keep the mirror (and its BM25 indexes, built now) for readers of this revision."""
    mirror.lexical([], mirror.allowed([]))  # builds the BM25 indexes so they are saved too
    _atomic(folder / SNAPSHOT, pickle.dumps((FORMAT, revision, mirror), protocol=5))


def load(folder: Path, revision: str) -> Any | None:
    """The saved mirror if it was saved at this revision; None otherwise."""
    try:
        data = (folder / SNAPSHOT).read_bytes()
        version, saved, mirror = pickle.loads(data)  # noqa: S301 (our own file, our folder)
    except (OSError, pickle.UnpicklingError, ValueError, EOFError, AttributeError, ImportError):
        return None
    return mirror if version == FORMAT and saved == revision else None


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
