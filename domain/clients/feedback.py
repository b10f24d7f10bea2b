"""Client satisfaction: the one thing a client contact may write.

Scores are stored on one scale, 1 (unhappy) to 5 (delighted), so that reports can average
them without knowing how each was asked. A survey asked on 0–10 (the NPS habit) passes
`scale=10`; its answer is rescaled linearly, 0 → 1 and 10 → 5, and the raw answer and its
scale are kept in the audit event. The firm's people record feedback on a client's behalf
(a call, a meeting) only if they manage the project or are admins, and only naming the
contact who spoke: staff never rate in their own name, since that would count as the
client's voice.

Integrity: a milestone is rated once it is reached; one contact has one rating per
milestone (a new one replaces the old, and `replaced` says so, so the average counts each
contact once).
"""
from __future__ import annotations

import math
from datetime import datetime

from sqlmodel import Session, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.lookup import find_contact, find_milestone, find_project
from domain.core.models import Feedback, Milestone, Project
from domain.core.permissions import require_manage
from domain.requests.approvals import snapshot

SCALES = {5: (1.0, 5.0), 10: (0.0, 10.0)}


def give_feedback(
    session: Session, actor: Actor, *, project: str | Project, score: float,
    note: str | None = None, milestone: str | None = None, scale: int = 5,
    contact: str | None = None, now: datetime,
) -> Feedback:
    return rate(session, actor, project=project, score=score, note=note, milestone=milestone,
                scale=scale, contact=contact, now=now)[0]


def rate(
    session: Session, actor: Actor, *, project: str | Project, score: float,
    note: str | None = None, milestone: str | None = None, scale: int = 5,
    contact: str | None = None, now: datetime,
) -> tuple[Feedback, bool]:
    """The stored feedback, and whether it replaced this contact's earlier rating of the milestone."""
    target = find_project(session, actor, project)
    contact_id = _speaker(session, actor, target, contact)
    stored = _rescaled(score, scale)
    about = _milestone(session, actor, target, milestone)
    earlier = _earlier(session, contact_id, about)
    before = snapshot(earlier) if earlier is not None else None
    row = earlier or Feedback(project_id=target.id, contact_id=contact_id,
                              milestone_id=about.id if about else None, score=stored,
                              created_at=now)
    row.score, row.note, row.created_at = stored, (note or "").strip() or None, now
    session.add(row)
    session.flush()
    audit.record(session, actor=actor.label, action="feedback.give", entity="feedback",
                 entity_id=row.id,
                 payload={"before": before, "after": snapshot(row),
                          "raw_score": score, "scale": scale},
                 now=now)
    return row, before is not None


def _earlier(session: Session, contact_id: int | None, milestone: Milestone | None) -> Feedback | None:
    """This contact's rating of this milestone, if there is one: it is replaced, not added to."""
    if contact_id is None or milestone is None:
        return None
    return session.exec(select(Feedback).where(Feedback.contact_id == contact_id,
                                               Feedback.milestone_id == milestone.id)).first()


def _speaker(session: Session, actor: Actor, project: Project, contact: str | None) -> int | None:
    """The contact the feedback comes from, after checking who may record it."""
    if actor.is_contact:
        if contact is not None and contact.strip().lstrip("@").lower() != actor.handle.lower():
            raise Forbidden("feedback.only_yourself")
        return actor.id
    require_manage(session, actor, project)
    if project.client_id is None:
        raise Invalid("feedback.no_client", project=project.code)
    if contact is None:
        raise Forbidden("feedback.staff_not_client", project=project.code)
    found = find_contact(session, contact)
    if found.client_id != project.client_id or found.forgotten:
        raise Invalid("feedback.contact_not_client", contact=contact, project=project.code)
    return found.id


def check_score(score: float, scale: int = 5) -> float:
    """The score on the stored 1–5 scale, or `feedback.bad_score` naming the range: lets a
    conversation refuse "rate -2" before asking which project it is about."""
    return _rescaled(score, scale)


def _rescaled(score: float, scale: int) -> float:
    if scale not in SCALES:
        raise Invalid("feedback.bad_scale", scale=scale, options=sorted(SCALES))
    low, high = SCALES[scale]
    bad = isinstance(score, bool) or not isinstance(score, (int, float))
    if bad or not math.isfinite(score) or not low <= score <= high:
        raise Invalid("feedback.bad_score", score=score, low=f"{low:g}", high=f"{high:g}")
    if scale == 5:
        return float(score)
    return round(1 + (score - low) * 4 / (high - low), 2)


def _milestone(
    session: Session, actor: Actor, project: Project, ref: str | None,
) -> Milestone | None:
    if ref is None:
        return None
    found = find_milestone(session, project, ref, actor)
    if actor.is_contact and not found.client_visible:
        raise NotFound("milestone.not_found", query=ref, project=project.code, matches=[])
    if not found.done:
        due = found.due.isoformat() if found.due else "—"
        raise Invalid("feedback.milestone_not_reached", milestone=found.name, project=project.code,
                      due=due)
    return found
