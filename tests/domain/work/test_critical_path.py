"""The critical path on a graph worked out by hand.

    A(3) ──▶ B(2) ──▶ D(1)        earliest finish: A 3, B 5, C 7, D 8, E 7
      │        └────▶ E(2)        length 8 along A → C → D
      └────▶ C(4) ──▶ D           slack: A 0, C 0, D 0, B 1, E 1
"""

import pytest

from domain.core.errors import Forbidden
from domain.core.models import Task, TaskDependency
from domain.work.critical_path import critical_path, project_critical_path

A, B, C, D, E = 1, 2, 3, 4, 5
DURATIONS = {A: 3, B: 2, C: 4, D: 1, E: 2}
DEPENDS_ON = {B: {A}, C: {A}, D: {B, C}, E: {B}}


def test_the_longest_chain_of_waiting_work_is_the_critical_path():
    cp = critical_path(DURATIONS, DEPENDS_ON)
    assert cp.length == 8
    assert cp.path == [A, C, D]


def test_earliest_finish_of_every_task_follows_its_slowest_predecessor():
    cp = critical_path(DURATIONS, DEPENDS_ON)
    assert cp.earliest_finish == {A: 3, B: 5, C: 7, D: 8, E: 7}


def test_tasks_off_the_critical_path_have_slack_and_those_on_it_have_none():
    cp = critical_path(DURATIONS, DEPENDS_ON)
    assert cp.slack == {A: 0, B: 1, C: 0, D: 0, E: 1}
    assert [t for t in DURATIONS if cp.is_critical(t)] == [A, C, D]


def test_an_empty_plan_has_an_empty_critical_path():
    cp = critical_path({}, {})
    assert (cp.length, cp.path) == (0.0, [])


def test_a_dependency_on_an_unknown_task_is_ignored():
    cp = critical_path({A: 3, B: 2}, {B: {A, 99}})
    assert (cp.length, cp.path) == (5, [A, B])


def test_a_loop_in_the_data_does_not_hang_the_computation():
    cp = critical_path({A: 3, B: 2}, {A: {B}, B: {A}})
    assert cp.length == 5


def _task(session, world, title, estimate, status="todo", **kw):
    task = Task(project_id=world.web.id, title=title, estimate_hours=estimate, status=status, **kw)
    session.add(task)
    session.flush()
    return task


def test_done_work_no_longer_counts_on_a_projects_critical_path(session, world):
    design = _task(session, world, "Design", 20, "done")
    api = _task(session, world, "API", 30)
    ui = _task(session, world, "UI", 12)
    session.add_all([TaskDependency(task_id=api.id, depends_on_id=design.id),
                     TaskDependency(task_id=ui.id, depends_on_id=api.id)])
    session.commit()
    cp = project_critical_path(session, world.bob, project="WEB")
    assert cp.path[-2:] == [api.id, ui.id]
    assert cp.length == 42  # the login page (10 h, in progress) is off the path


def test_a_task_with_subtasks_weighs_only_through_its_subtasks(session, world):
    payments = _task(session, world, "Payments", 100)
    _task(session, world, "Stripe", 5, parent_id=payments.id)
    session.commit()
    cp = project_critical_path(session, world.bob, project="WEB")
    assert cp.length == 10  # the login page; Payments' own 100 h are its subtasks' hours


def test_a_client_contact_cannot_see_the_critical_path(session, world):
    with pytest.raises(Forbidden):
        project_critical_path(session, world.tom, project="WEB")
