"""Handler for "who should take #12?": the top three people, each with the reasons for them.

The ranking is `domain.work.assignment.suggest_assignee`'s; here it is only worded, in the
actor's language. When a task was named and the actor manages its project, each person
comes with a button that assigns the task to them (the button sends "assign #12 to lin",
which goes through `update_task` like any typed message).
"""
from __future__ import annotations

from domain.core.models import Project, Task
from domain.work.assignment import Suggestion
from intents.conversation.assistant import Button, Context, Reply
from intents.handlers.dispatch import slot

ASSIGN_TEXT = {"en": "assign #{task} to {handle}", "zh": "把 #{task} 分配给 {handle}"}


def handle_suggest_assignee(ctx: Context) -> Reply:
    from domain.work.assignment import suggest_assignee

    project, task = slot(ctx, "project"), slot(ctx, "task")
    if not project and not task:
        project = _only_project(ctx)
        if project is None:
            return _ask_project(ctx)
    skills = [str(s) for s in ctx.slots.get("skills") or []]
    ranked = suggest_assignee(ctx.session, ctx.actor, project=project, task=task,
                              skills=skills or None, today=ctx.today)
    job = _task(ctx, task)
    code = _code(ctx, project, job)
    if not ranked:
        return Reply(ctx.say("assign.none", project=code))
    lines = [_head(ctx, code, job, skills)]
    lines += [_line(ctx, rank, s) for rank, s in enumerate(ranked, start=1)]
    return Reply("\n".join(lines), buttons=_buttons(ctx, job, ranked))


def _only_project(ctx: Context) -> str | None:
    from intents.understanding.requirements import my_project_codes

    codes = my_project_codes(ctx.session, ctx.actor)
    return codes[0] if len(codes) == 1 else None


def _ask_project(ctx: Context) -> Reply:
    from intents.understanding.requirements import my_project_codes

    codes = my_project_codes(ctx.session, ctx.actor)
    if not codes:
        return Reply(ctx.say("assign.no_project"))
    return Reply(ctx.say("ask.project.options", options=ctx.say("or").join(codes)),
                 [Button(c, c) for c in codes[:5]])


def _task(ctx: Context, ref: object) -> Task | None:
    """The task the service accepted (it raised already if the actor may not see it)."""
    if ref is None or ref == "":
        return None
    from domain.core.lookup import find_project, find_task

    project = slot(ctx, "project")
    proj = find_project(ctx.session, ctx.actor, project) if project else None
    return find_task(ctx.session, ctx.actor, ref, proj)  # type: ignore[arg-type]


def _code(ctx: Context, project: object, job: Task | None) -> str:
    if job is not None:
        found = ctx.session.get(Project, job.project_id)
        return found.code if found else str(project)
    from domain.core.lookup import find_project

    return find_project(ctx.session, ctx.actor, str(project)).code


def _head(ctx: Context, code: str, job: Task | None, skills: list[str]) -> str:
    if job is not None:
        return ctx.say("assign.head.task", task=job.id, title=job.title, project=code)
    if skills:
        return ctx.say("assign.head.skills", skills=", ".join(skills), project=code)
    return ctx.say("assign.head.project", project=code)


def _line(ctx: Context, rank: int, s: Suggestion) -> str:
    reasons = ctx.say("assign.join").join(ctx.say(key, **params) for key, params in s.reasons)
    return ctx.say("assign.line", rank=rank, name=s.name, handle=s.handle, reasons=reasons)


def _buttons(ctx: Context, job: Task | None, ranked: list[Suggestion]) -> list[Button]:
    from domain.core.permissions import can_manage

    project = ctx.session.get(Project, job.project_id) if job is not None else None
    if job is None or project is None or not can_manage(ctx.actor, project):
        return []
    template = ASSIGN_TEXT.get(ctx.lang, ASSIGN_TEXT["en"])
    return [Button(f"@{s.handle}", template.format(task=job.id, handle=s.handle)) for s in ranked]
