"""Planning work in chat: adding, changing and listing tasks."""

from datetime import date

import pytest
from sqlmodel import func, select

from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import AuditEvent, Task, TaskDependency
from domain.work.tasks import CLEAR, create_task, list_tasks, open_dependencies, update_task

TODAY = date(2026, 11, 27)


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def add_task(session, w, title, **kw):
    task = Task(project_id=kw.pop("project_id", w.web.id), title=title, **kw)
    session.add(task)
    session.commit()
    return task


# ---------------------------------------------------------------- creating
def test_a_manager_adds_a_task_with_all_its_details(session, world, now):
    task = create_task(
        session,
        world.bob,
        project="web",
        title="  Checkout   page ",
        assignee="lin",
        due=date(2026, 12, 3),
        priority="High",
        estimate_hours=6,
        milestone="beta",
        now=now,
    )
    assert (task.title, task.status, task.priority, task.estimate_hours) == (
        "Checkout page",
        "todo",
        "high",
        6,
    )
    assert task.milestone_id == world.beta.id and task.due == date(2026, 12, 3)


def test_adding_a_task_appends_one_audit_event_that_describes_it(session, world, now):
    task = create_task(session, world.lin, project="WEB", title="Footer", now=now)
    events = session.exec(select(AuditEvent)).all()
    assert [(e.action, e.entity_id) for e in events] == [("task.create", str(task.id))]
    assert events[0].payload["after"]["title"] == "Footer" and events[0].payload["before"] is None


def test_a_task_without_priority_is_normal_and_unassigned(session, world, now):
    task = create_task(session, world.lin, project="WEB", title="Footer", now=now)
    assert (task.priority, task.assignee_id) == ("normal", None)


def test_a_member_may_take_a_new_task_for_themselves(session, world, now):
    task = create_task(session, world.lin, project="WEB", title="Footer", assignee="lin", now=now)
    assert task.assignee_id == world.lin.id


def test_a_member_may_not_hand_a_new_task_to_someone_else(session, world, now):
    with pytest.raises(Forbidden) as error:
        create_task(session, world.lin, project="WEB", title="Footer", assignee="bob", now=now)
    assert error.value.key == "forbidden.not_manager"
    assert count(session, Task) == 1 and count(session, AuditEvent) == 0


def test_work_cannot_be_given_to_someone_who_is_not_on_the_project(session, world, now):
    with pytest.raises(Invalid) as error:
        create_task(session, world.bob, project="WEB", title="Footer", assignee="dave", now=now)
    assert error.value.params == {"person": "dave", "project": "WEB"}
    assert count(session, Task) == 1


def test_an_unknown_project_suggests_the_close_one(session, world, now):
    with pytest.raises(NotFound) as error:
        create_task(session, world.bob, project="WEBB", title="Footer", now=now)
    assert "WEB" in error.value.params["matches"]
    assert count(session, Task) == 1 and count(session, AuditEvent) == 0


@pytest.mark.parametrize(
    "field, value, key",
    [
        ("title", "   ", "task.title_required"),
        ("title", "x" * 301, "task.title_too_long"),
        ("priority", "asap", "task.bad_priority"),
        ("estimate_hours", 0, "task.estimate_not_positive"),
        ("estimate_hours", -3, "task.estimate_not_positive"),
    ],
)
def test_a_task_with_a_bad_field_is_refused_and_nothing_is_written(
    session, world, now, field, value, key
):
    args = {"project": "WEB", "title": "Footer", field: value}
    with pytest.raises(Invalid) as error:
        create_task(session, world.bob, now=now, **args)
    assert error.value.key == key
    assert count(session, Task) == 1 and count(session, AuditEvent) == 0


def test_a_bad_priority_lists_the_allowed_ones(session, world, now):
    with pytest.raises(Invalid) as error:
        create_task(session, world.bob, project="WEB", title="Footer", priority="asap", now=now)
    assert error.value.params["options"] == ["low", "normal", "high", "urgent"]


def test_an_unknown_milestone_suggests_the_close_one(session, world, now):
    with pytest.raises(NotFound) as error:
        create_task(session, world.bob, project="WEB", title="Footer", milestone="Betta", now=now)
    assert error.value.matches == ["Beta"]


def test_a_subtask_belongs_to_its_parent_and_dependencies_are_recorded(session, world, now):
    task = create_task(
        session,
        world.bob,
        project="WEB",
        title="Login tests",
        parent="Login page",
        depends_on=[f"#{world.login_task.id}"],
        now=now,
    )
    assert task.parent_id == world.login_task.id
    assert count(session, TaskDependency) == 1


def test_a_parent_from_another_project_is_refused(session, world, now):
    other = add_task(session, world, "Portal login", project_id=world.glx.id)
    with pytest.raises(Invalid) as error:
        create_task(
            session, world.bob, project="WEB", title="Login tests", parent=other.id, now=now
        )
    assert error.value.key == "task.parent_other_project"
    assert count(session, Task) == 2


def test_without_a_project_the_actors_only_project_is_used(session, world, now):
    task = create_task(session, world.lin, title="Footer", now=now)
    assert task.project_id == world.web.id


def test_without_a_project_and_several_the_choices_are_offered(session, world, now):
    with pytest.raises(Invalid) as error:
        create_task(session, world.bob, title="Footer", now=now)
    assert (error.value.key, error.value.params["options"]) == (
        "task.project_required",
        ["GLX", "WEB"],
    )
    assert count(session, Task) == 1


def test_a_client_cannot_add_a_task(session, world, now):
    with pytest.raises(Forbidden):
        create_task(session, world.tom, title="Footer", now=now)
    with pytest.raises(Forbidden):
        create_task(session, world.tom, project="WEB", title="Footer", now=now)
    assert count(session, Task) == 1 and count(session, AuditEvent) == 0


# ---------------------------------------------------------------- changing
def test_marking_a_task_done_stamps_the_day_in_the_actors_timezone(session, world, now):
    task = update_task(session, world.lin, task=world.login_task.id, status="done", now=now)
    assert (task.status, task.done_on) == ("done", TODAY)


def test_marking_a_done_task_done_again_keeps_the_day_it_was_done(session, world, now):
    world.login_task.status, world.login_task.done_on = "done", date(2026, 11, 20)
    session.add(world.login_task)
    session.commit()
    task = update_task(session, world.lin, task=world.login_task.id, status="done", now=now)
    assert task.done_on == date(2026, 11, 20) and count(session, AuditEvent) == 0


def test_reopening_a_done_task_clears_its_done_day(session, world, now):
    update_task(session, world.lin, task=world.login_task.id, status="done", now=now)
    task = update_task(session, world.lin, task=world.login_task.id, status="in progress", now=now)
    assert (task.status, task.done_on) == ("in_progress", None)


def test_a_change_records_before_and_after_so_it_can_be_undone(session, world, now):
    update_task(
        session, world.bob, task="login page", due=date(2026, 12, 2), priority="urgent", now=now
    )
    event = session.exec(select(AuditEvent)).one()
    assert event.action == "task.update"
    assert event.payload["before"] == {"due": "2026-11-30", "priority": "normal"}
    assert event.payload["after"] == {"due": "2026-12-02", "priority": "urgent"}


def test_a_change_that_changes_nothing_writes_no_audit_event(session, world, now):
    update_task(session, world.lin, task=world.login_task.id, status="in_progress", now=now)
    assert count(session, AuditEvent) == 0


def test_clear_empties_a_field(session, world, now):
    task = update_task(
        session, world.bob, task=world.login_task.id, assignee=CLEAR, due=CLEAR, now=now
    )
    assert (task.assignee_id, task.due) == (None, None)


def test_a_bad_status_is_refused_and_the_task_is_unchanged(session, world, now):
    with pytest.raises(Invalid) as error:
        update_task(session, world.lin, task=world.login_task.id, status="finished", now=now)
    assert error.value.key == "task.bad_status"
    session.refresh(world.login_task)
    assert world.login_task.status == "in_progress" and count(session, AuditEvent) == 0


def test_a_member_may_not_change_a_task_assigned_to_someone_else(session, world, now):
    bobs = add_task(session, world, "Estimate", assignee_id=world.bob.id)
    with pytest.raises(Forbidden) as error:
        update_task(session, world.lin, task=bobs.id, status="done", now=now)
    assert error.value.key == "forbidden.not_manager"
    assert count(session, AuditEvent) == 0


def test_a_member_may_take_an_unassigned_task(session, world, now):
    free = add_task(session, world, "Estimate")
    task = update_task(session, world.lin, task=free.id, assignee="lin", now=now)
    assert task.assignee_id == world.lin.id


def test_a_task_may_be_done_while_its_dependency_is_open_and_the_open_one_is_named(
    session, world, now
):
    tests = add_task(session, world, "Login tests")
    session.add(TaskDependency(task_id=tests.id, depends_on_id=world.login_task.id))
    session.commit()
    task = update_task(session, world.bob, task=tests.id, status="done", now=now)
    assert task.status == "done"
    assert [t.title for t in open_dependencies(session, task)] == ["Login page"]


def test_a_dependency_that_would_close_a_loop_is_refused(session, world, now):
    first = world.login_task
    second = create_task(
        session, world.bob, project="WEB", title="B", depends_on=[first.id], now=now
    )
    third = create_task(
        session, world.bob, project="WEB", title="C", depends_on=[second.id], now=now
    )
    with pytest.raises(Invalid) as error:
        update_task(session, world.bob, task=first.id, depends_on=[third.id], now=now)
    assert error.value.params == {"task": f"#{first.id}", "depends_on": f"#{third.id}"}
    assert count(session, TaskDependency) == 2


def test_a_task_cannot_depend_on_itself(session, world, now):
    with pytest.raises(Invalid) as error:
        update_task(
            session, world.bob, task=world.login_task.id, depends_on=[world.login_task.id], now=now
        )
    assert error.value.key == "task.depends_on_itself"


def test_a_change_without_a_task_asks_which_task(session, world, now):
    with pytest.raises(Invalid) as error:
        update_task(session, world.bob, task=None, status="done", now=now)
    assert error.value.key == "task.task_required"


def test_an_unknown_task_title_suggests_the_close_one(session, world, now):
    with pytest.raises(NotFound) as error:
        update_task(session, world.bob, task="logn page", status="done", now=now)
    assert error.value.matches == ["Login page"]


# ---------------------------------------------------------------- listing
def test_my_tasks_lists_open_work_most_pressing_first(session, world, now):
    add_task(session, world, "Later", assignee_id=world.lin.id, due=date(2026, 12, 20))
    add_task(session, world, "Undated", assignee_id=world.lin.id, priority="urgent")
    add_task(session, world, "Done", assignee_id=world.lin.id, status="done", due=date(2026, 11, 1))
    add_task(
        session,
        world,
        "Same day, urgent",
        assignee_id=world.lin.id,
        due=date(2026, 11, 30),
        priority="urgent",
    )
    titles = [t.title for t in list_tasks(session, world.lin, person="lin", today=TODAY)]
    assert titles == ["Same day, urgent", "Login page", "Later", "Undated"]


def test_an_overdue_task_is_flagged(session, world, now):
    add_task(session, world, "Late", due=date(2026, 11, 20))
    views = {t.title: t.overdue for t in list_tasks(session, world.bob, project="WEB", today=TODAY)}
    assert views == {"Late": True, "Login page": False}


def test_asking_for_done_tasks_shows_them(session, world, now):
    add_task(session, world, "Shipped", status="done")
    views = list_tasks(session, world.bob, project="WEB", status="done", today=TODAY)
    assert [t.title for t in views] == ["Shipped"]


def test_due_before_includes_that_day(session, world, now):
    add_task(session, world, "Next week", due=date(2026, 12, 7))
    views = list_tasks(session, world.bob, due_before=date(2026, 11, 30), today=TODAY)
    assert [t.title for t in views] == ["Login page"]


def test_a_listing_shows_only_projects_the_actor_is_on(session, world, now):
    add_task(session, world, "Portal login", project_id=world.glx.id)
    assert [t.title for t in list_tasks(session, world.lin, today=TODAY)] == ["Login page"]
    assert [t.title for t in list_tasks(session, world.dave, today=TODAY)] == ["Portal login"]


def test_a_client_sees_their_tasks_without_estimates_or_internal_milestone_work(
    session, world, now
):
    add_task(session, world, "Fix review notes", milestone_id=world.internal_review.id)
    views = list_tasks(session, world.tom, today=TODAY)
    assert [(t.title, t.estimate_hours) for t in views] == [("Login page", None)]


def test_the_team_sees_estimates(session, world, now):
    views = list_tasks(session, world.bob, project="WEB", today=TODAY)
    assert [(t.title, t.estimate_hours, t.assignee, t.milestone) for t in views] == [
        ("Login page", 10, "lin", "Beta")
    ]


# ---------------------------------------------------------------- messages
def test_every_message_key_the_work_services_raise_reads_in_english_and_chinese():
    import re
    from pathlib import Path

    import domain
    from intents.messages import catalogue

    source = "".join(m.read_text() for m in Path(domain.__file__).parent.rglob("*.py"))
    raised = set(re.findall(r'(?:Invalid|Forbidden|NotFound|Conflict)\(\s*"([\w.]+)"', source))
    raised.add("task.done_with_open_dependencies")  # a warning the reply adds, not an error
    texts = catalogue()
    assert len(raised) > 15
    assert {
        k for k in raised if not (texts.get(k, {}).get("en") and texts.get(k, {}).get("zh"))
    } == set()
