"""Management reports worded for chat (and `pmbot report --format text`), in English or
Chinese. Long reports list the first `MAX_LINES` lines; the CLI passes `limit=None`."""
from __future__ import annotations

from typing import Any

from intents.messages import render

MAX_LINES = 12


def report_text(report: Any, lang: str, *, limit: int | None = MAX_LINES) -> str:
    from domain.insight.reports import (
        ProfitReport,
        RiskReport,
        SatisfactionReport,
        UtilisationReport,
        VarianceReport,
    )

    writer = {ProfitReport: _profit, VarianceReport: _variance,
              UtilisationReport: _utilisation, SatisfactionReport: _satisfaction,
              RiskReport: _risk}[type(report)]
    head, lines = writer(report, lang)
    return "\n".join([head, *_limited(lines, lang, limit)])


def _limited(lines: list[str], lang: str, limit: int | None) -> list[str]:
    if limit is None or len(lines) <= limit:
        return lines
    return lines[:limit] + [render("report.more", lang, count=len(lines) - limit)]


def money(value: float) -> str:
    return f"{value:,.0f}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _period(window: Any, lang: str) -> str:
    if window.start is None and window.end is None:
        return ""
    return render("report.period", lang, start=window.start or "…", end=window.end or "…")


def _profit(report: Any, lang: str) -> tuple[str, list[str]]:
    def line(p: Any) -> str:
        return render("report.profit.line", lang, name=p.name, revenue=money(p.revenue),
                      currency=p.currency, cost=money(p.cost), margin=money(p.margin),
                      pct=pct(p.margin_pct))

    def client(c: Any) -> str:
        text = line(c)
        if c.contracted:
            text += render("report.profit.contracted", lang, value=money(c.contracted),
                           currency=c.currency)
        return text

    if not report.projects:
        return render("report.empty", lang), []
    lines = [line(p) for p in report.projects]
    if report.clients:
        lines += [render("report.profit.clients", lang, base=report.base_currency)]
        lines += [client(c) for c in report.clients]
    return render("report.profit.head", lang, period=_period(report.window, lang)), lines


def _variance(report: Any, lang: str) -> tuple[str, list[str]]:
    if not report.projects:
        return render("report.empty", lang), []
    head = render("report.variance.head", lang, day=report.status_date.isoformat(),
                  late=report.late_milestones)
    lines = [render("report.variance.project", lang, project=e.project, planned=pct(e.planned_pct),
                    earned=pct(e.earned_pct), spi=ratio(e.spi), cpi=ratio(e.cpi))
             for e in report.projects]
    lines += [_milestone(m, lang) for m in report.milestones if m.late or m.actual]
    return head, lines


def _milestone(m: Any, lang: str) -> str:
    days = abs(m.slip_days or 0)
    if m.actual is None:
        state = render("report.variance.late_open", lang, days=days)
    elif not m.slip_days:
        state = render("report.variance.on_time", lang, actual=m.actual.isoformat())
    else:
        key = "late_done" if m.slip_days > 0 else "early"
        state = render(f"report.variance.{key}", lang, actual=m.actual.isoformat(), days=days)
    return render("report.variance.milestone", lang, project=m.project, milestone=m.milestone,
                  planned=m.planned.isoformat() if m.planned else "—", state=state)


def _utilisation(report: Any, lang: str) -> tuple[str, list[str]]:
    head = render("report.utilization.head", lang, start=report.window.start,
                  end=report.window.end)
    lines = []
    for u in report.people:
        text = render("report.utilization.line", lang, person=u.person,
                      logged=f"{u.logged_hours:g}", capacity=f"{u.capacity_hours:g}",
                      pct=pct(u.utilisation_pct), billable=pct(u.billable_pct))
        if u.scope == "managed":
            text += " " + render("report.utilization.managed", lang, hours=f"{u.project_hours:g}",
                                 pct=pct(u.project_share_pct))
        lines.append(text)
    return head, lines


def _satisfaction(report: Any, lang: str) -> tuple[str, list[str]]:
    def numbers(s: Any) -> dict[str, Any]:
        return {"responses": s.responses, "nps": "—" if s.nps is None else f"{s.nps:+.0f}",
                "average": "—" if s.average is None else f"{s.average:.1f}"}

    head = render("report.satisfaction.head", lang, period=_period(report.window, lang),
                  **numbers(report.overall))
    lines = [render("report.satisfaction.line", lang, name=s.name, **numbers(s))
             for s in report.projects if s.responses]
    if len(report.clients) > 1:
        lines += [render("report.clients", lang)]
        lines += [render("report.satisfaction.line", lang, name=c.name, **numbers(c))
                  for c in report.clients]
    return head, lines


def risk_rows(report: Any, lang: str) -> list[dict[str, Any]]:
    """The risk report's rows with reasons and remedies as sentences (JSON, XLSX, chat)."""
    return [{"project": r.project, "kind": r.kind, "milestone": r.milestone,
             "due": r.due.isoformat(), "probability": r.probability,
             "reasons": [render(f"risk.reason.{x.feature}", lang, **x.figures) for x in r.reasons],
             "lower": [render(f"risk.lower.{x.feature}", lang, to=round(100 * x.without))
                       for x in r.reasons]}
            for r in report.milestones]


def _risk(report: Any, lang: str) -> tuple[str, list[str]]:
    head = render("report.risk.head", lang, day=report.status_date.isoformat())
    rows = risk_rows(report, lang)
    if not rows:
        return head, [render("report.risk.none", lang)]
    return head, [render("report.risk.line", lang, project=r["project"],
                         milestone=r["milestone"] or render("report.risk.project_end", lang),
                         due=r["due"], pct=round(100 * r["probability"]),
                         reasons=("" if lang == "zh" else " ").join(r["reasons"]),
                         lower=r["lower"][0])
                  for r in rows]
