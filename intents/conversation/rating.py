"""The milestone rating loop: after a milestone notice a client taps 0–10, maybe with a comment.

The notice carries `rating_buttons(...)`; each button's value is a plain command,

    rate ACME-WEB 9            rate ACME-WEB 9 #m12            rate ACME-WEB 9 #m12 great work

(`#m12`: the milestone's id, so that a renamed milestone is still found; anything after the
score is the comment). A typed message of the same shape works too. A score outside 0–10 is not
this command's: "rate ACME-WEB -2" goes on to understanding, which keeps the minus and has
it refused with the range (`handle_feedback`), never stored as 2. The conversation core
answers such a message with `rating_reply` before understanding it as free text, the way it
treats "undo", and the score is stored through `domain.clients.feedback.give_feedback(scale=10)`
(rescaled to the stored 1–5), so it counts in the satisfaction report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import DomainError
from intents.conversation.assistant import Button, Reply
from intents.messages import render
from intents.messages.errors import render_error

RATING = re.compile(
    r"^\s*(?:rate|评分|打分)\s+(?P<project>[^\s#]+)\s+(?P<score>10|[0-9])(?![\d.])"
    r"(?:\s+#m(?P<milestone>\d+))?(?:\s+(?P<comment>.*\S))?\s*$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Rating:
    project: str
    score: int  # 0–10
    milestone_id: int | None
    comment: str | None


def parse_rating(text: str) -> Rating | None:
    """The rating a button value (or a typed "rate CODE N …") stands for; None otherwise."""
    found = RATING.match(text or "")
    if found is None:
        return None
    milestone = found["milestone"]
    return Rating(found["project"], int(found["score"]), int(milestone) if milestone else None,
                  found["comment"] or None)


def rating_value(project: str, score: int, milestone_id: int | None = None) -> str:
    return f"rate {project} {score}" + (f" #m{milestone_id}" if milestone_id else "")


def rating_buttons(project: str, milestone_id: int | None = None) -> list[Button]:
    """Eleven quick buttons, 0 to 10, for a milestone notice to a client contact."""
    return [Button(str(n), rating_value(project, n, milestone_id)) for n in range(11)]


def rating_prompt(lang: str, *, project: str, milestone: str,
                  milestone_id: int | None = None) -> Reply:
    """The question and its buttons, to append to (or send after) a milestone notice."""
    return Reply(render("rating.ask", lang, project=project, milestone=milestone),
                 buttons=rating_buttons(project, milestone_id))


def rating_reply(session: Session, actor: Actor, text: str, *, now: datetime,
                 lang: str | None = None) -> Reply | None:
    """Store the rating `text` carries and thank; None if `text` is not a rating.

    Runs in a savepoint: a refused rating (not their project, unknown milestone) writes
    nothing and is answered with the rendered error.
    """
    rating = parse_rating(text)
    if rating is None:
        return None
    lang = lang or actor.language or "en"
    savepoint = session.begin_nested()
    try:
        row, replaced = _store(session, actor, rating, now)
        savepoint.commit()
    except DomainError as error:
        savepoint.rollback()
        return Reply(render_error(error, lang), error=error.key)
    key = "rating.thanks_comment" if row.note else "rating.thanks"
    text = render(key, lang, score=rating.score, project=rating.project.upper())
    if replaced:
        text += " " + render("feedback.replaced_note", lang)
    return Reply(text)


def _store(session: Session, actor: Actor, rating: Rating, now: datetime) -> Any:
    from domain.clients.feedback import rate

    # the id as written: the domain resolves it only among what the actor may see
    milestone = f"#m{rating.milestone_id}" if rating.milestone_id is not None else None
    return rate(session, actor, project=rating.project, score=rating.score, scale=10,
                note=rating.comment, milestone=milestone, now=now)
