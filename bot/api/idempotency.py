"""`Idempotency-Key` on creates: a retried POST with the same key writes once.

The response of a successful create is stored with the key (per token) in the same
transaction as the records it made, so either both exist or neither does. A retry with
the same key and the same request gets the stored response (and `Idempotent-Replayed:
true`); the same key with a different request is a 422 problem. Two retries racing past
each other meet at the unique (token, key) index: the loser rolls back and replays.
A failed request stores nothing (it wrote nothing), so retrying it simply tries again.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from starlette.responses import Response

from bot.api.problems import ApiProblem
from domain.core.models import ApiIdempotency

MAX_KEY = 255


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise ApiProblem(400, "api.bad_request", problems=f"Idempotency-Key: 1 to {MAX_KEY} characters")
    return key


def replay(session: Session, token_id: int, key: str, print_: str) -> Response | None:
    """The stored response for this key, None if the key is new; 422 if used differently."""
    row = session.exec(select(ApiIdempotency).where(ApiIdempotency.token_id == token_id,
                                                    ApiIdempotency.key == key)).first()
    if row is None:
        return None
    if row.fingerprint != print_:
        raise ApiProblem(422, "api.idempotency_reused", value=key[:80])
    return Response(row.body, status_code=row.status, media_type="application/json",
                    headers={"Idempotent-Replayed": "true"})


def remember(session: Session, token_id: int, key: str, print_: str, status: int,
             body: object, now: datetime) -> str:
    text = json.dumps(body, ensure_ascii=False, default=str)
    session.add(ApiIdempotency(token_id=token_id, key=key, fingerprint=print_, status=status,
                               body=text, created_at=now))
    return text


def write_once(engine: Any, token_id: int, key: str | None, print_: str, now: datetime,
               work: Callable[[Session], tuple[int, object]]) -> Response:
    """Run `work` (which returns status and body) in one transaction, answering a repeated
    key from the store instead; the key is stored with the records `work` made."""
    from domain.core.store import unit_of_work

    try:
        with unit_of_work(engine) as session:
            if key is not None:
                stored = replay(session, token_id, key, print_)
                if stored is not None:
                    return stored
            status, out = work(session)
            text = (remember(session, token_id, key, print_, status, out, now)
                    if key is not None else json.dumps(out, ensure_ascii=False, default=str))
    except IntegrityError:
        if key is None:
            raise
        with Session(engine) as session:  # a racing retry stored it first: replay that
            stored = replay(session, token_id, key, print_)
        if stored is None:
            raise
        return stored
    return Response(text, status_code=status, media_type="application/json")


async def create_once(request: Any, token_id: int, key_header: str | None,
                      work: Callable[[Session], tuple[int, object]]) -> Response:
    """A create route's whole answer: the key checked, the body fingerprinted, `work` run
    once in a worker thread (its records and the stored answer in one transaction)."""
    from starlette.concurrency import run_in_threadpool

    from bot.api.context import context_of

    key = check_key(key_header)
    print_ = fingerprint("POST", request.url.path, await request.body())
    ctx = context_of(request)
    return await run_in_threadpool(write_once, ctx.engine, token_id, key, print_, ctx.clock(),
                                   work)
