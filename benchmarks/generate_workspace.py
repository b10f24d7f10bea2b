"""A large, realistic-looking workspace for benchmarks: 1,000 projects, 100,000 tasks, 1,000,000
time entries, in the import format of CONTRACT.md.

Deterministic for a seed, so that the import, status and timesheet benchmarks all measure
the same world. Shape: 100 people (1 admin, 34 PMs, 65 members), 200 clients with one or two
contacts and a contract each, 1,000 projects of 100 tasks and 4 milestones, each managed by
a PM (~29 projects each) and staffed by one or two members dealt round-robin (~23 projects
each), so everyone but the admin works on 10–30 projects. A year of weekdays ending
2026-11-26 gets the time entries: each person logs 38–39 short entries a day on their own
projects (0.25 or 0.5 h each, never more than 24 h a day).

    python -m benchmarks.generate_workspace -o big.json [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from typing import Any

PEOPLE, PMS, CLIENTS, PROJECTS = 100, 34, 200, 1_000
TASKS_PER_PROJECT, MILESTONES_PER_PROJECT = 100, 4
TIME_ENTRIES = 1_000_000
LAST_DAY = date(2026, 11, 26)
SKILLS = ["python", "java", "react", "figma", "sql", "devops", "qa", "scrum", "copywriting",
          "branding", "data", "ios", "android", "security"]
VERBS = ["Design", "Build", "Review", "Test", "Document", "Deploy", "Refactor", "Plan"]
THINGS = ["login", "search", "checkout", "dashboard", "report", "API", "sync job", "landing page",
          "onboarding", "billing", "settings", "export", "notifications"]
STATUSES = ["done"] * 5 + ["in_progress"] * 2 + ["todo"] * 3 + ["blocked"]
PRIORITIES = ["low", "normal", "normal", "normal", "high", "urgent"]
CITIES_ZH = ["上海", "北京", "深圳", "杭州", "成都"]


def large_workspace(seed: int = 0, *, time_entries: int = TIME_ENTRIES) -> dict[str, Any]:
    rng = random.Random(seed)
    people = _people(rng)
    clients = _clients(rng)
    projects = _projects(rng, people, clients)
    return {"people": people, "clients": clients, "projects": projects,
            "time_entries": _time_entries(rng, people, projects, time_entries),
            "expenses": _expenses(rng, projects)}


def _people(rng: random.Random) -> list[dict[str, Any]]:
    people = []
    for i in range(PEOPLE):
        role = "admin" if i == 0 else "pm" if i <= PMS else "member"
        zh = i % 3 == 0
        people.append({
            "handle": f"p{i:03d}", "name": f"员工{i:03d}" if zh else f"Person {i:03d}",
            "role": role, "email": f"p{i:03d}@firm.example",
            "timezone": "Europe/Berlin" if i % 10 == 7 else "Asia/Shanghai",
            "language": "zh" if zh else "en", "skills": rng.sample(SKILLS, 3),
            "hourly_cost": float(rng.randrange(150, 500, 10)), "weekly_capacity_hours": 40.0})
    return people


def _clients(rng: random.Random) -> list[dict[str, Any]]:
    clients = []
    for i in range(CLIENTS):
        zh = i % 4 == 0
        contacts = [{"handle": f"c{i:03d}{k}", "name": f"Contact {i:03d}-{k}",
                     "language": "zh" if zh else "en"} for k in range(1 + i % 2)]
        clients.append({
            "name": f"{rng.choice(CITIES_ZH)}客户{i:03d}有限公司" if zh else f"Client {i:03d} Ltd",
            "industry": rng.choice(["retail", "finance", "health", "media", "logistics"]),
            "payment_terms": "net 30", "contacts": contacts,
            "contracts": [{"title": f"MSA {i:03d}", "value": float(rng.randrange(100, 2000) * 1000),
                           "currency": "CNY", "start": "2025-11-01", "end": "2027-06-30"}]})
    return clients


def _projects(rng: random.Random, people: list[dict[str, Any]],
              clients: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pms = [p["handle"] for p in people[1:PMS + 1]]
    members = [p["handle"] for p in people[PMS + 1:]]
    deck: list[str] = []
    projects = []
    for i in range(PROJECTS):
        start = LAST_DAY - timedelta(days=rng.randrange(200, 365))
        end = start + timedelta(days=rng.randrange(180, 540))
        team = [pms[i % len(pms)]]
        while len(team) < 2 + i % 2:
            if all(card in team for card in deck):  # empty, or only cards already dealt here
                deck = rng.sample(members, len(members)) + deck
            card = next(c for c in reversed(deck) if c not in team)
            deck.remove(card)
            team.append(card)
        milestones = [{"name": f"M{k + 1}", "due": (start + timedelta(days=60 * (k + 1))).isoformat(),
                       "client_visible": k % 2 == 0, "done": k == 0}
                      for k in range(MILESTONES_PER_PROJECT)]
        projects.append({
            "code": f"PRJ-{i:04d}", "name": f"Project {i:04d}", "aliases": [f"项目{i:04d}"],
            "client": clients[i % CLIENTS]["name"], "manager": team[0], "members": team,
            "start": start.isoformat(), "end": end.isoformat(),
            "budget": float(rng.randrange(50, 2000) * 1000), "currency": "CNY",
            "hourly_rate": float(rng.randrange(400, 900, 50)), "milestones": milestones,
            "tasks": _tasks(rng, team, start, milestones)})
    return projects


def _tasks(rng: random.Random, team: list[str], start: date,
           milestones: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = []
    for k in range(TASKS_PER_PROJECT):
        task: dict[str, Any] = {
            "title": f"{k + 1:03d} {rng.choice(VERBS)} {rng.choice(THINGS)}",
            "assignee": rng.choice(team), "status": rng.choice(STATUSES),
            "priority": rng.choice(PRIORITIES), "estimate_hours": float(rng.randrange(2, 41)),
            "due": (start + timedelta(days=3 * k + 7)).isoformat(),
            "milestone": milestones[k * MILESTONES_PER_PROJECT // TASKS_PER_PROJECT]["name"]}
        if k and rng.random() < 0.3:
            task["depends_on"] = [tasks[rng.randrange(k)]["title"]]
        tasks.append(task)
    return tasks


def _time_entries(rng: random.Random, people: list[dict[str, Any]],
                  projects: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    days = [d for d in (LAST_DAY - timedelta(days=n) for n in range(364, -1, -1)) if d.weekday() < 5]
    on: dict[str, list[dict[str, Any]]] = {p["handle"]: [] for p in people}
    for project in projects:
        for handle in project["members"]:
            on[handle].append(project)
    workers = [p["handle"] for p in people if on[p["handle"]]]
    slots = len(workers) * len(days)
    entries: list[dict[str, Any]] = []
    for n, (handle, day) in enumerate((h, d) for d in days for h in workers):
        count = total * (n + 1) // slots - total * n // slots
        iso = day.isoformat()
        for _ in range(count):
            project = rng.choice(on[handle])
            entries.append({"person": handle, "project": project["code"], "date": iso,
                            "hours": rng.choice((0.25, 0.5)),
                            "task": rng.choice(project["tasks"])["title"]})
    return entries


def _expenses(rng: random.Random, projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    categories = ["travel", "software", "procurement", "labor", "other"]
    return [{"project": p["code"], "date": p["start"], "amount": float(rng.randrange(100, 20000)),
             "currency": "CNY", "category": rng.choice(categories), "note": "setup"}
            for p in projects for _ in range(3)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default="-", help="JSON file to write (- for stdout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-entries", type=int, default=TIME_ENTRIES)
    args = parser.parse_args(argv)
    data = large_workspace(args.seed, time_entries=args.time_entries)
    if args.output == "-":
        json.dump(data, sys.stdout, ensure_ascii=False, separators=(",", ":"))
        return 0
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
