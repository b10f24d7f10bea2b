"""The numbers behind each chart kind: `data` (Gantt, Kanban, burndown) and `series` (budget
burn, utilisation). `numbers_for` picks by kind, so the chat and the command line ask alike."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from domain.core.actors import Actor


def numbers_for(session: Session, actor: Actor, kind: str, *, project: str, today: date,
                page: int = 1) -> Any:
    """The data of chart `kind` (`gantt`, `kanban`, `burndown`, `budget`, else utilisation)."""
    from domain.insight.charts import data, series

    if kind == "gantt":
        return data.gantt_data(session, actor, project=project, today=today, page=page)
    if kind == "kanban":
        return data.kanban_data(session, actor, project=project, today=today)
    if kind == "burndown":
        return data.burndown_data(session, actor, project=project, today=today)
    if kind == "budget":
        return series.budget_burn_data(session, actor, project=project, today=today)
    return series.utilisation_grid(session, actor, project=project, today=today)
