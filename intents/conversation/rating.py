"""The milestone rating loop: after a milestone notice a client taps 0–10, maybe with a comment.

The notice carries `rating_buttons(...)`; each button's value is a plain command,

    rate ACME-WEB 9            rate ACME-WEB 9 #m12            rate ACME-WEB 9 #m12 great work

(`#m12`: the milestone's id, so that a renamed milestone is still found; anything after the
score is the comment). A typed message of the same shape works too: understanding reads it as
the `rate` intent (`intents.understanding.commands`). A score outside 0–10 is not this
command's: "rate ACME-WEB -2" goes on to the classifier, whose `feedback` keeps the minus and has
it refused with the range (`handle_feedback`), never stored as 2. The score is stored through
`domain.clients.feedback.rate(scale=10)` (rescaled to the stored 1–5), so it counts in the
satisfaction report.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import DomainError
from intents.conversation.assistant import Button, Reply
from intents.messages import render
from intents.messages.errors import render_error


@dataclass(frozen=True)
class Rating:
    project: str
    score: int  # 0–10
    milestone_id: int | None
    comment: str | None


def parse_rating(text: str) -> Rating | None:
    """The rating a button value (or a typed "rate CODE N …") stands for; None otherwise."""
    from intents.understanding.commands import read_rating

    slots = read_rating(text)
    if slots is None:
        return None
    milestone = slots.get("milestone")
    return Rating(slots["project"], slots["score"], int(milestone[2:]) if milestone else None,
                  slots.get("note"))


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
    milestone = f"#m{rating.milestone_id}" if rating.milestone_id is not None else None
    return store_rating(session, actor, project=rating.project, score=rating.score,
                        milestone=milestone, note=rating.comment, now=now,
                        lang=lang or actor.language or "en")


def store_rating(session: Session, actor: Actor, *, project: str, score: int,
                 milestone: str | None, note: str | None, now: datetime, lang: str) -> Reply:
    """Store a 0–10 rating and thank; a refused one (not their project, unknown milestone)
    writes nothing and is answered with the rendered error."""
    from domain.clients.feedback import rate

    savepoint = session.begin_nested()
    try:
        # the milestone id as written: the domain resolves it only among what the actor may see
        row, replaced = rate(session, actor, project=project, score=score, scale=10, note=note,
                             milestone=milestone, now=now)
        savepoint.commit()
    except DomainError as error:
        savepoint.rollback()
        return Reply(render_error(error, lang), error=error.key)
    key = "rating.thanks_comment" if row.note else "rating.thanks"
    text = render(key, lang, score=score, project=project.upper())
    if replaced:
        text += " " + render("feedback.replaced_note", lang)
    return Reply(text)
