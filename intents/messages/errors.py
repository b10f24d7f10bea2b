"""Domain errors as sentences, with their suggestions, in the reader's language."""
from __future__ import annotations

from domain.core.errors import DomainError
from intents.messages import render


def render_error(error: DomainError, lang: str = "en") -> str:
    params = dict(error.params)
    matches = [str(m) for m in params.get("matches") or []]
    params["did_you_mean"] = ""
    if matches:
        options = render("or", lang).join(matches)
        params["did_you_mean"] = render("did_you_mean", lang, options=options)
    return render(error.key, lang, **params)
