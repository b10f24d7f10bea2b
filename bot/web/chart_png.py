"""A chat chart as PNG bytes, for the portal's pages and the e-mails' inline images."""
from __future__ import annotations

import hashlib
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()
CACHED = 128


def chart_png(kind: str, data: object, lang: str) -> bytes:
    """Drawn by the chat's renderer into a temporary file, read back, the file removed.

    Drawing takes a second or more; the chart's data take milliseconds. So the PNG is kept
    for the exact data it was drawn from (a hash of their repr, the language and the kind):
    the same figures give the same picture, and any change draws anew. Data are per viewer
    class (the client's contacts see fewer tasks), so a cached picture never shows more than
    the data it was asked for.
    """
    key = hashlib.sha256(f"{kind}|{lang}|{data!r}".encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    png = _draw(kind, data, lang)
    with _lock:
        _cache[key] = png
        while len(_cache) > CACHED:
            _cache.popitem(last=False)
    return png


def _draw(kind: str, data: object, lang: str) -> bytes:
    from bot.charts.render import render_chart

    with tempfile.TemporaryDirectory(prefix="pmbot-chart-") as folder:
        path = render_chart(kind, data, Path(folder) / f"{kind}.png", lang=lang)
        return path.read_bytes()
