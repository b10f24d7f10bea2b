"""Pages from Jinja2 templates, every string through the EN/ZH message catalogue."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.web.security import csrf_token
from intents.messages import render

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(),
                      auto_reload=False)
    env.filters["num"] = _number
    return env


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}".removesuffix(".0")


def page(request: Request, template: str, *, lang: str, status: int = 200,
         **context: Any) -> HTMLResponse:
    def t(key: str, **params: Any) -> str:
        return render(f"portal.{key}", lang, **params)

    html = environment().get_template(template).render(
        t=t, lang=lang, csrf=csrf_token(request), path=request.url.path, **context)
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response
