"""The cached index of names serves what the store says now, from any number of threads."""
from __future__ import annotations

import threading
from datetime import date

from sqlmodel import Session

from domain.core.models import Task
from intents.understanding.gazetteer import gazetteer_for, key


def _tasks_named(engine, title: str) -> list[int]:
    with Session(engine) as session:
        found = gazetteer_for(session).scan(key(title), frozenset({"task"}))
    return [m.value for m in found if m.text == key(title)]


def _rename(engine, task_id: int, title: str, due: date | None = None) -> None:
    with Session(engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        task.title = title
        if due is not None:
            task.due = due
        session.add(task)
        session.commit()


def test_a_renamed_task_is_known_by_its_new_name_and_no_longer_by_its_old(engine, world):
    login = world.login_task.id
    assert _tasks_named(engine, "Login page") == [login]
    _rename(engine, login, "Sign-up page")
    assert _tasks_named(engine, "Sign-up page") == [login]
    assert _tasks_named(engine, "Login page") == []


def test_a_moved_due_date_is_the_one_the_index_holds(engine, world):
    with Session(engine) as session:
        assert gazetteer_for(session).task_due[world.login_task.id] == date(2026, 11, 30)
    _rename(engine, world.login_task.id, "Login page", due=date(2026, 12, 7))
    with Session(engine) as session:
        assert gazetteer_for(session).task_due[world.login_task.id] == date(2026, 12, 7)


def test_threads_reading_while_the_task_is_renamed_always_see_a_committed_name(engine, world):
    """Eight threads scan while one renames the task 30 times; after each rename is committed,
    every later scan in the renaming thread finds that name."""
    login = world.login_task.id
    names = [f"Checkout step {n}" for n in range(30)]
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                with Session(engine) as session:
                    gaz = gazetteer_for(session)
                    assert login in gaz.task_ids
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(8)]
    for t in readers:
        t.start()
    try:
        for name in names:
            _rename(engine, login, name)
            assert _tasks_named(engine, name) == [login]
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=60)
    assert errors == []
    assert not any(t.is_alive() for t in readers)
