"""A chat chart as PNG bytes, for the portal's pages and the e-mails' inline images."""
from __future__ import annotations

import tempfile
from pathlib import Path


def chart_png(kind: str, data: object, lang: str) -> bytes:
    """Drawn by the chat's renderer into a temporary file, read back, the file removed."""
    from bot.charts.render import render_chart

    with tempfile.TemporaryDirectory(prefix="pmbot-chart-") as folder:
        path = render_chart(kind, data, Path(folder) / f"{kind}.png", lang=lang)
        return path.read_bytes()
