"""Charts as PNG files, drawn headless with matplotlib from `domain.insight.charts.data`'s numbers.

Legible on a phone: 1080 px wide, 13–16 px text, one idea per chart. Chinese renders with
the Noto Sans CJK SC font shipped inside the `mplfonts` wheel (a fresh machine has no CJK
font and nothing is downloaded at run time); DejaVu Sans stays the fallback for symbols.
matplotlib is imported on first use, through the object-oriented API (no pyplot global
state), so `pmbot --help` stays fast and renders in several threads do not trample each other.
The drawing of each kind lives in `bot.charts.draw`.
"""
from __future__ import annotations

import threading
import uuid
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

WIDTH_IN, DPI = 9.0, 120  # 1080 px wide
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
_lock = threading.Lock()


def cjk_font_path() -> Path | None:
    """The CJK font file inside the installed mplfonts package, without importing it."""
    spec = find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / CJK_FONT_FILE
    return path if path.is_file() else None


@cache
def font_families() -> tuple[str, ...]:
    """Register the CJK font once; the family list every chart uses, CJK first."""
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is None:
        return ("DejaVu Sans",)
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    return (name, "DejaVu Sans")


def new_figure(height_in: float):  # type: ignore[no-untyped-def]
    """A figure on the Agg canvas with the phone-friendly style."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, max(4.0, height_in)), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def style() -> dict[str, Any]:
    return {"font.family": list(font_families()), "font.size": 11, "axes.titlesize": 14,
            "axes.labelsize": 11, "xtick.labelsize": 10, "ytick.labelsize": 10,
            "axes.unicode_minus": False}


def render_chart(kind: str, data: Any, path: Path, *, lang: str = "en") -> Path:
    """Draw `data` (the matching `domain.insight.charts.data` result) as `kind` into `path`."""
    import matplotlib

    from bot.charts import draw as charts_draw

    draw = getattr(charts_draw, f"draw_{kind}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, matplotlib.rc_context(style()):
        figure = draw(data, lang)
        figure.savefig(path, format="png", dpi=DPI, facecolor="white")
    return path


class ChartRenderer:
    """What the conversation core reaches as `ctx.tools.get("charts")`: renders into a folder
    (`PMBOT_DATA_DIR/charts`), one new file per request, so that two chats never share one."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def render(self, kind: str, data: Any, *, lang: str = "en") -> Path:
        project = getattr(data, "project", "chart")
        stamp = date.today().strftime("%Y%m%d")
        name = f"{kind}-{_safe(project)}-{stamp}-{uuid.uuid4().hex[:8]}.png"
        return render_chart(kind, data, self.folder / name, lang=lang)


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:40]


def open_charts(data_dir: str | Path) -> ChartRenderer:
    """The bootstrap factory: `Tools(charts=lambda: open_charts(settings.data_dir))`."""
    return ChartRenderer(Path(data_dir) / "charts")
