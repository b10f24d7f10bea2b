"""Heavy helpers (the knowledge index, a chat model) are built once, however many threads ask."""
from __future__ import annotations

import threading
import time

from intents.conversation.assistant import Tools


def test_eight_threads_asking_for_the_index_at_once_share_one_build():
    builds: list[object] = []
    started = threading.Barrier(8)

    def slow_index() -> object:
        time.sleep(0.05)  # a real index takes seconds to open; the overlap is what matters
        builds.append(object())
        return builds[-1]

    tools = Tools(index=slow_index)
    got: list[object] = []

    def ask() -> None:
        started.wait()
        got.append(tools.get("index"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert got == [builds[0]] * 8
