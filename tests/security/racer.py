"""One contender in a race, run as its own process: `python -m tests.security.racer URL
START_FILE HANDLE ACTION ARGS_JSON`. It waits for START_FILE (so that every contender
starts together), carries out ACTION as HANDLE in one transaction and prints one JSON line:
{"ok": true, "id": …} or {"ok": false, "key": …, "params": …}."""
from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from pathlib import Path


def main(url: str, start_file: str, handle: str, action: str, args_json: str) -> None:
    from domain.core.actors import actor_for_handle
    from domain.core.errors import DomainError
    from domain.core.store import make_engine, unit_of_work

    engine = make_engine(url)
    args = json.loads(args_json)
    with engine.connect():
        pass  # connect before the start signal, so the race is about the transaction
    deadline = time.monotonic() + 60
    while not Path(start_file).exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    now = datetime.fromisoformat(args.pop("now"))
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_handle(session, handle)
            row = _act(session, actor, action, args, now)
        print(json.dumps({"ok": True, "id": row.id}))
    except DomainError as error:
        print(json.dumps({"ok": False, "key": error.key, "params": error.params}, default=str))


def _act(session, actor, action: str, args: dict, now: datetime):  # type: ignore[no-untyped-def]
    if action == "decide":
        from domain.requests.approvals import decide

        return decide(session, actor, decision=args["decision"], request=args["request"], now=now)
    if action == "leave":
        from domain.requests.leave_overtime import request_leave

        return request_leave(session, actor, start=date.fromisoformat(args["start"]),
                             end=date.fromisoformat(args["end"]), now=now)
    from domain.requests.leave_overtime import request_overtime

    return request_overtime(session, actor, day=date.fromisoformat(args["day"]),
                            hours=args["hours"], project=args.get("project"), now=now)


if __name__ == "__main__":
    main(*sys.argv[1:6])
