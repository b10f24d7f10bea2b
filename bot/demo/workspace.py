"""The demo workspace `pmbot demo` seeds: a small firm, three clients, six projects, stories.

Everything is placed relative to `today` and drawn from a fixed seed, so two demos on the
same day are identical and a demo on any day looks current. The stories a visitor can ask
about: ACME-WEB is over budget, HX-CRM is late (its UAT milestone passed undone and work is
blocked), GL-BRAND is healthy and client-visible, INT-OPS is internal work with no client.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

SEED = 20261127


def demo_workspace(today: date) -> dict[str, Any]:
    rng = random.Random(SEED)

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    projects = _projects(day)
    return {
        "firm": {"name": "Lanting Digital", "base_currency": "CNY"},
        # two EUR periods, so GL-BRAND's labour is read at the rate of the day it was logged
        "exchange_rates": [{"currency": "EUR", "rate": 7.9, "from": day(-400)},
                           {"currency": "EUR", "rate": 7.7, "from": day(-40)}],
        "people": PEOPLE,
        "clients": _clients(day),
        "projects": projects,
        "time_entries": _time_entries(rng, today, projects),
        "expenses": _expenses(rng, today),
        "leave_requests": [
            {"person": "chen", "start": day(14), "end": day(16), "leave_type": "annual",
             "note": "回老家", "approver": "zhou", "requested_at": f"{day(-1)}T02:00:00+00:00"},
            {"person": "dave", "start": day(-30), "end": day(-30), "leave_type": "sick",
             "status": "approved", "approver": "bob", "decided_by": "bob",
             "requested_at": f"{day(-31)}T07:00:00+00:00",
             "decided_at": f"{day(-31)}T08:30:00+00:00"}],
        "overtime_requests": [
            {"person": "chen", "project": "HX-CRM", "date": day(1), "hours": 3,
             "note": "UAT 修复", "approver": "zhou", "requested_at": f"{day(-1)}T10:00:00+00:00"}],
        "feedback": [
            {"project": "GL-BRAND", "contact": "emma", "score": 5, "milestone": "Moodboard approved",
             "note": "Lovely direction!", "created_at": f"{day(-40)}T09:00:00+00:00"},
            {"project": "HX-CRM", "contact": "zhangwei", "score": 2, "note": "进度比预期慢",
             "created_at": f"{day(-5)}T03:00:00+00:00"},
            {"project": "ACME-WEB", "contact": "tom", "score": 4, "milestone": "Design sign-off",
             "created_at": f"{day(-50)}T06:00:00+00:00"}],
    }


def _person(handle: str, name: str, role: str, lang: str, skills: list[str], cost: float,
            tz: str = "Asia/Shanghai", hours: float = 40) -> dict[str, Any]:
    return {"handle": handle, "name": name, "role": role, "email": f"{handle}@lanting.example",
            "timezone": tz, "language": lang, "skills": skills, "hourly_cost": cost,
            "weekly_capacity_hours": hours}


PEOPLE = [
    _person("alice", "Alice Wang", "admin", "en", ["finance", "contracts"], 380),
    _person("bob", "Bob Li", "pm", "en", ["project management", "scrum"], 320),
    _person("zhou", "周婷", "pm", "zh", ["project management", "business analysis"], 300),
    _person("chen", "陈晓明", "member", "zh", ["java", "python", "mysql", "devops"], 260),
    _person("lin", "林芳", "member", "zh", ["ui design", "figma", "branding"], 240),
    _person("wang", "王磊", "member", "zh", ["qa", "automation", "python"], 220),
    _person("priya", "Priya Nair", "member", "en", ["react", "typescript", "accessibility"], 280),
    _person("dave", "Dave Müller", "member", "en", ["react", "node.js", "wechat mini program"],
            420, tz="Europe/Berlin", hours=32),
]


def _clients(day: Any) -> list[dict[str, Any]]:
    return [
        {"name": "Acme Retail Co.", "industry": "retail", "payment_terms": "net 30",
         "notes": "120 stores in East China; Tom decides.",
         "contacts": [{"handle": "tom", "name": "Tom Harris", "language": "en",
                       "timezone": "Asia/Singapore", "email": "tom@acme-retail.example"}],
         "contracts": [{"title": "Website redesign SOW", "value": 380000, "currency": "CNY",
                        "start": day(-95), "end": day(35), "payment_terms": "30/40/30"},
                       {"title": "Loyalty mini-program SOW", "value": 260000, "currency": "CNY",
                        "start": day(-60), "end": day(70)}]},
        {"name": "华鑫证券", "industry": "金融", "payment_terms": "月结45天",
         "notes": "IT部门对接；上线需走变更审批。",
         "contacts": [{"handle": "zhangwei", "name": "张伟", "language": "zh"},
                      {"handle": "sunli", "name": "孙丽", "language": "zh"}],
         "contracts": [{"title": "CRM 集成开发合同", "value": 520000, "currency": "CNY",
                        "start": day(-80), "end": day(40)},
                       {"title": "数据治理咨询服务合同", "value": 180000, "currency": "CNY",
                        "start": day(-25), "end": day(50)}]},
        {"name": "GreenLeaf Foods", "industry": "food and beverage", "payment_terms": "net 30",
         "contacts": [{"handle": "emma", "name": "Emma Scott", "language": "en",
                       "timezone": "Europe/London"}],
         "contracts": [{"title": "Brand refresh agreement", "value": 90000, "currency": "EUR",
                        "start": day(-70), "end": day(60)}]},
    ]


# code, name, aliases, client, manager, members, start, end, budget, currency, rate
PROJECTS = [
    ("ACME-WEB", "Acme Website Redesign", ["官网改版", "acme website"], "Acme Retail Co.", "bob",
     ["bob", "lin", "priya", "chen", "wang"], -95, 35, 380000, "CNY", 650),
    ("ACME-APP", "Acme Loyalty Mini-Program", ["会员小程序", "loyalty app"], "Acme Retail Co.",
     "zhou", ["zhou", "dave", "chen", "lin"], -60, 70, 260000, "CNY", 600),
    ("HX-CRM", "Huaxin CRM Integration", ["华鑫CRM", "CRM对接"], "华鑫证券", "zhou",
     ["zhou", "chen", "dave", "wang"], -80, 40, 520000, "CNY", 620),
    ("HX-DATA", "Huaxin Data Governance", ["数据治理咨询", "数据治理"], "华鑫证券", "zhou",
     ["zhou", "chen", "alice"], -25, 50, 180000, "CNY", 800),
    ("GL-BRAND", "GreenLeaf Brand Refresh", ["绿叶品牌升级", "brand refresh"], "GreenLeaf Foods",
     "bob", ["bob", "lin"], -70, 60, 90000, "EUR", 95),
    ("INT-OPS", "Internal DevOps Platform", ["内部运维平台", "devops"], None, "alice",
     ["alice", "chen", "wang", "priya"], -90, 90, 400000, "CNY", 0),
]

# per project: milestones (name, due offset, client_visible, done) and tasks
# (title, assignee, due offset, status, priority, estimate (scaled), milestone index,
#  depends_on indexes); estimates are scaled to hours (× 2)
PLANS: dict[str, tuple[list[tuple[str, int, bool, bool]], list[tuple]]] = {
    "ACME-WEB": ([("Design sign-off", -50, True, True), ("Beta launch", 7, True, False),
                  ("Go-live", 31, True, False)],
                 [("Homepage wireframes", "lin", -70, "done", "normal", 16, 0, []),
                  ("Product page visual design", "lin", -52, "done", "normal", 24, 0, [0]),
                  ("Login page", "priya", 3, "in_progress", "high", 12, 1, [0]),
                  ("Product search API", "chen", 5, "in_progress", "high", 30, 1, []),
                  ("Checkout integration", "priya", 14, "todo", "high", 40, 2, [2, 3]),
                  ("Content migration", "chen", 24, "todo", "normal", 20, 2, []),
                  ("Regression test plan", "wang", 6, "in_progress", "normal", 10, 1, []),
                  ("性能压测", "wang", 20, "todo", "high", 16, 2, [3]),
                  ("Accessibility audit", "priya", 26, "todo", "low", 8, 2, [2]),
                  ("Launch checklist", "bob", 30, "todo", "normal", 4, 2, [4, 5])]),
    "ACME-APP": ([("MVP", 24, True, False), ("小程序提审", 50, True, False)],
                 [("会员积分页面", "chen", 8, "in_progress", "high", 24, 0, []),
                  ("Coupon redemption flow", "dave", 15, "todo", "normal", 20, 0, [0]),
                  ("App UI kit", "lin", -15, "done", "normal", 18, 0, []),
                  ("微信支付对接", "chen", 18, "blocked", "urgent", 16, 0, []),
                  ("Push notifications", "dave", 30, "todo", "normal", 12, 1, [1]),
                  ("隐私政策页面", "lin", 35, "todo", "low", 4, 1, []),
                  ("Store locator", "dave", 40, "todo", "normal", 16, 1, []),
                  ("提审材料准备", "zhou", 45, "todo", "high", 6, 1, [3, 4])]),
    "HX-CRM": ([("需求确认", -55, True, True), ("UAT", -10, True, False),
                ("上线", 30, True, False)],
               [("需求调研报告", "zhou", -60, "done", "normal", 24, 0, []),
                ("客户数据同步接口", "chen", -15, "in_progress", "high", 40, 1, [0]),
                ("SSO integration", "dave", -12, "blocked", "high", 24, 1, [1]),
                ("UAT测试用例", "wang", -14, "done", "normal", 16, 1, []),
                ("UAT 缺陷修复", "chen", 2, "in_progress", "urgent", 20, 1, [1, 3]),
                ("权限模型改造", "dave", 10, "todo", "high", 24, 2, [2]),
                ("数据迁移脚本", "chen", 20, "todo", "normal", 16, 2, [1]),
                ("上线变更申请", "zhou", 25, "todo", "normal", 3, 2, [4]),
                ("运维交接文档", "wang", 28, "todo", "low", 8, 2, [])]),
    "HX-DATA": ([("现状评估", 12, True, False), ("治理方案交付", 45, True, False)],
                [("数据现状访谈", "zhou", -8, "done", "normal", 20, 0, []),
                 ("数据治理评估报告", "zhou", 12, "in_progress", "high", 32, 0, [0]),
                 ("元数据标准草案", "chen", 30, "todo", "normal", 24, 1, [1]),
                 ("数据质量规则", "chen", 38, "todo", "normal", 16, 1, [1]),
                 ("Steering committee deck", "alice", 44, "todo", "normal", 6, 1, [2, 3])]),
    "GL-BRAND": ([("Moodboard approved", -45, True, True), ("Final logo delivery", 9, True, False),
                  ("Internal design review", 4, False, False)],
                 [("Moodboard", "lin", -48, "done", "normal", 12, 0, []),
                  ("Logo concepts", "lin", 3, "in_progress", "high", 30, 1, [0]),
                  ("包装效果图", "lin", 20, "todo", "normal", 20, None, [1]),
                  ("Brand guidelines PDF", "bob", 27, "todo", "normal", 10, None, [1]),
                  ("Colour palette", "lin", -20, "done", "normal", 6, 0, []),
                  ("Typography study", "lin", -2, "done", "normal", 8, 2, [4])]),
    "INT-OPS": ([("CI pipeline live", -30, False, True), ("Monitoring live", 20, False, False)],
                [("GitLab runners", "chen", -40, "done", "normal", 12, 0, []),
                 ("Test automation framework", "wang", -31, "done", "high", 24, 0, [0]),
                 ("Grafana dashboards", "priya", -3, "done", "normal", 16, 1, []),
                 ("告警规则", "chen", 18, "todo", "normal", 8, 1, [2]),
                 ("Backup drills", "alice", 40, "todo", "low", 4, None, [])]),
}


def _projects(day: Any) -> list[dict[str, Any]]:
    out = []
    for code, name, aliases, client, manager, members, start, end, budget, cur, rate in PROJECTS:
        milestones, tasks = PLANS[code]
        out.append({
            "code": code, "name": name, "aliases": aliases, "client": client,
            "manager": manager, "members": members, "start": day(start), "end": day(end),
            "budget": budget, "currency": cur, "hourly_rate": rate,
            "client_sees_budget": code == "GL-BRAND",
            "milestones": [{"name": n, "due": day(d), "client_visible": v, "done": done,
                            **({"done_on": day(d - 1)} if done else {})}
                           for n, d, v, done in milestones],
            "tasks": [{"title": t, "assignee": who, "due": day(due), "status": status,
                       "priority": prio, "estimate_hours": est * 2,
                       **({"milestone": milestones[ms][0]} if ms is not None else {}),
                       **({"depends_on": [tasks[k][0] for k in deps]} if deps else {}),
                       **({"done_on": day(due - 1)} if status == "done" else {})}
                      for t, who, due, status, prio, est, ms, deps in tasks]})
    return out


# How much more (or less) than estimated each project's tasks really take: ACME-WEB and
# HX-CRM overrun (the over-budget and the late story), the others land near their estimates.
OVERRUN = {"ACME-WEB": 1.35, "HX-CRM": 1.25, "ACME-APP": 1.0, "HX-DATA": 0.95,
           "GL-BRAND": 0.9, "INT-OPS": 1.0}
IN_PROGRESS_SHARE = 0.7  # of an open task's (overrun) effort already logged
TASK_LEAD_DAYS = 75  # work on a task starts at most this long before its due date
MEETINGS = {"en": "meetings and coordination", "zh": "例会与沟通"}


def _time_entries(rng: random.Random, today: date, projects: list[dict[str, Any]]) -> list[dict]:
    """Three months of weekdays ending yesterday: 6–8 h a day per person, on their projects.
    ACME-WEB gets the lion's share, which is what pushes it over budget. An hour goes to a
    task the person is working on that day (a done task until it was done, an open one up
    to what it has taken so far); the rest is meetings and coordination, on no task, so the
    hours booked to tasks match their progress and nobody is left with 300 % of open work."""
    entries = []
    on = {p["handle"]: [q for q in projects if p["handle"] in q["members"]] for p in PEOPLE}
    lang = {p["handle"]: p["language"] for p in PEOPLE}
    budget = {(q["code"], t["title"]): _task_effort(q["code"], t) for q in projects for t in q["tasks"]}
    for offset in range(91, 0, -1):
        day = today - timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for handle, mine in on.items():
            active = [q for q in mine if q["start"] <= day.isoformat()]
            if not active or rng.random() < 0.08:  # a day off now and then
                continue
            weights = [5 if q["code"] == "ACME-WEB" else 2 for q in active]
            for hours in rng.choice([(8,), (4, 4), (5, 3), (3, 2, 2), (6, 1.5)]):
                project = rng.choices(active, weights)[0]
                entry = {"person": handle, "project": project["code"], "date": day.isoformat(),
                         "hours": hours}
                task = _workable(project, handle, day, budget, hours)
                entry.update({"task": task} if task else {"note": MEETINGS[lang[handle]]})
                entries.append(entry)
    return entries


def _task_effort(code: str, task: dict[str, Any]) -> float:
    share = {"done": 1.0, "in_progress": IN_PROGRESS_SHARE, "blocked": 0.4}.get(task["status"], 0.0)
    return task["estimate_hours"] * OVERRUN[code] * share


def _workable(project: dict[str, Any], handle: str, day: date,
              budget: dict[tuple[str, str], float], hours: float) -> str | None:
    """The first of the person's tasks in the project being worked on that day with effort
    left to log; its remaining effort shrinks by `hours`."""
    for t in project["tasks"]:
        key = (project["code"], t["title"])
        due = date.fromisoformat(t["due"])
        ends = date.fromisoformat(t["done_on"]) if t["status"] == "done" else due
        if (t["assignee"] != handle or budget[key] < hours
                or not due - timedelta(days=TASK_LEAD_DAYS) <= day <= max(ends, day)
                or (t["status"] == "done" and day > ends)):
            continue
        budget[key] -= hours
        return t["title"]
    return None


def _expenses(rng: random.Random, today: date) -> list[dict[str, Any]]:
    plan = [("ACME-WEB", "software", 1800, "CNY", "Figma team seats"),
            ("ACME-WEB", "procurement", 12800, "CNY", "测试手机一批"),
            ("ACME-WEB", "labor", 25000, "CNY", "freelance copywriter"),
            ("ACME-APP", "software", 699, "CNY", "小程序认证费"),
            ("HX-CRM", "travel", 553, "CNY", "高铁 上海-北京"),
            ("HX-CRM", "travel", 1260, "CNY", "北京酒店两晚"),
            ("HX-DATA", "labor", 2000, "CNY", "访谈速记外包"),
            ("GL-BRAND", "procurement", 320, "EUR", "packaging samples"),
            ("GL-BRAND", "travel", 410, "EUR", "client workshop trip"),
            ("INT-OPS", "software", 3600, "CNY", "Grafana Cloud")]
    return [{"project": code, "date": (today - timedelta(days=rng.randrange(3, 60))).isoformat(),
             "amount": amount, "currency": cur, "category": cat, "note": note}
            for code, cat, amount, cur, note in plan]
