"""Management reports, one entry point for the chat, the CLI and the benchmarks.

    build_report(session, actor, kind="profit", project=..., client=..., start=..., end=..., today=...)

`kind` is one of `REPORT_KINDS`: `profit` (`domain.insight.reports.profit`), `variance`
(`domain.insight.reports.variance`), `utilization` (`domain.insight.reports.utilisation`),
`satisfaction` (`domain.insight.reports.satisfaction`), `risk` (`domain.insight.reports.risk`);
each module says how its numbers are made and who sees them. Reports read only: nothing is
written and no audit event is recorded. Every report is a few grouped SQL queries whatever
the number of projects, so the whole portfolio of a large firm answers in about the time of
one project. Results are frozen dataclasses.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import Invalid
from domain.insight.reports.profit import (
    ClientProfit,
    ProfitLine,
    ProfitReport,
    ProjectProfit,
    profit_report,
)
from domain.insight.reports.risk import RiskLine, RiskReason, RiskReport, risk_report
from domain.insight.reports.satisfaction import (
    SatisfactionLine,
    SatisfactionReport,
    satisfaction_projects,
    satisfaction_report,
)
from domain.insight.reports.scope import REPORT_KINDS, Window, managed_projects
from domain.insight.reports.utilisation import (
    UtilisationLine,
    UtilisationReport,
    utilisation_report,
    utilisation_scope,
)
from domain.insight.reports.variance import (
    EarnedValue,
    MilestoneVariance,
    VarianceReport,
    variance_report,
)

Report = ProfitReport | VarianceReport | UtilisationReport | SatisfactionReport | RiskReport
UTILISATION_DAYS = 28  # default window of a utilisation report: four weeks up to today

__all__ = [
    "REPORT_KINDS", "ClientProfit", "EarnedValue", "MilestoneVariance", "ProfitLine",
    "ProfitReport", "ProjectProfit", "Report", "RiskLine", "RiskReason", "RiskReport",
    "SatisfactionLine", "SatisfactionReport", "UtilisationLine", "UtilisationReport",
    "VarianceReport", "Window", "build_report", "report_kind",
]


def report_kind(value: str) -> str:
    wanted = (value or "").strip().lower().replace("utilisation", "utilization")
    if wanted not in REPORT_KINDS:
        raise Invalid("report.bad_kind", value=value, options=list(REPORT_KINDS),
                      choices=", ".join(REPORT_KINDS))
    return wanted


def build_report(
    session: Session, actor: Actor, *, kind: str, project: str | None = None,
    client: str | None = None, start: date | None = None, end: date | None = None, today: date,
) -> Report:
    kind = report_kind(kind)
    if kind == "utilization":
        end = end or today
        window = Window(start or end - timedelta(days=UTILISATION_DAYS - 1), end)
        scope = utilisation_scope(session, actor, project=project, client=client)
        return utilisation_report(session, actor, scope, window)
    window = Window(start, end)
    if kind == "satisfaction":
        projects = satisfaction_projects(session, actor, project=project, client=client)
        return satisfaction_report(session, projects, window)
    projects = managed_projects(session, actor, project=project, client=client)
    if kind == "profit":
        return profit_report(session, projects, window)
    if kind == "risk":
        return risk_report(session, projects, today=today)
    return variance_report(session, projects, window, today=today)
