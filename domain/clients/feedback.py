"""Client satisfaction: the one thing a client contact may write.

Scores are stored on one scale, 1 (unhappy) to 5 (delighted), so that reports can average
them without knowing how each was asked. A survey asked on 0–10 (the NPS habit) passes
`scale=10`; its answer is rescaled linearly, 0 → 1 and 10 → 5, and the raw answer and its
scale are kept in the audit event. The firm's people record feedback on a client's behalf
(a call, a meeting) only if they manage the project or are admins, naming the contact
when they know who spoke.
"""
from __future__ import annotations

import math
from datetime import datetime

from sqlmodel import Session

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Forbidden, Invalid
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
    target = find_project(session, actor, project)
    contact_id = _speaker(session, actor, target, contact)
    stored = _rescaled(score, scale)
    about = _milestone(session, actor, target, milestone)
    row = Feedback(project_id=target.id, contact_id=contact_id,
                   milestone_id=about.id if about else None, score=stored,
                   note=(note or "").strip() or None, created_at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor=actor.label, action="feedback.give", entity="feedback",
                 entity_id=row.id,
                 payload={"before": None, "after": snapshot(row),
                          "raw_score": score, "scale": scale},
                 now=now)
    return row


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
        return None
    found = find_contact(session, contact)
    if found.client_id != project.client_id or found.forgotten:
        raise Invalid("feedback.contact_not_client", contact=contact, project=project.code)
    return found.id


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
    return find_milestone(session, project, ref, actor)
