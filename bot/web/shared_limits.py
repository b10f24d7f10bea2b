"""Sliding-window rate limits counted in the SQL store, shared by every replica.

One short write transaction per event: forget the bucket's events older than the window,
count the rest, and record this one if there is room. Two replicas never both take the
last place: on SQLite the transaction starts IMMEDIATE (writers queue), on PostgreSQL it
takes an advisory lock on the bucket first. No new service (Redis) is needed, so CI and
a one-machine install run the same code as a fleet of replicas.
"""
from __future__ import annotations

import math
import random

from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import col, delete, select

from domain.core.models import RateLimitHit
from domain.core.store import unit_of_work

SWEEP_AFTER = 86_400.0  # events of forgotten buckets (an IP never seen again) go after a day
SWEEP_CHANCE = 0.01


def wait_for(engine: Engine, bucket: str, limit: int, window: float, now: float) -> int:
    """0 and the event is counted, or the whole seconds until there is room again."""
    with unit_of_work(engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.exec(text("SELECT pg_advisory_xact_lock(:k)").bindparams(  # type: ignore[call-overload]
                k=int(bucket[:15], 16)))
        session.exec(delete(RateLimitHit).where(
            col(RateLimitHit.bucket) == bucket, col(RateLimitHit.at) <= now - window))
        if random.random() < SWEEP_CHANCE:
            session.exec(delete(RateLimitHit).where(
                col(RateLimitHit.at) <= now - max(window, SWEEP_AFTER)))
        count, oldest = session.exec(
            select(func.count(), func.min(RateLimitHit.at)).where(RateLimitHit.bucket == bucket)
        ).one()
        if count >= limit:
            return max(1, math.ceil(float(oldest) + window - now))
        session.add(RateLimitHit(bucket=bucket, at=now))
        return 0
