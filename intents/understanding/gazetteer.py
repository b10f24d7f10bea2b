"""Everything a message can name, indexed once per store so that a message costs no query.

The index is built from the store's projects (codes, names, aliases and their distinctive
parts: "the website", "官网"), people (handles, names, first names, Chinese given names),
clients, milestones, task titles and skills. `scan()` finds the mentions in a normalised,
lower-cased message: longest match first, ASCII forms only on word boundaries. The index is
rebuilt when a commit wrote one of its tables, or a cheap signature of the store (row counts
and max ids) changes.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from domain.core import changes
from domain.core.actors import Actor
from domain.core.models import (
    Client,
    Milestone,
    Person,
    Project,
    ProjectAlias,
    ProjectMember,
    ProjectStatus,
    Task,
)
from domain.core.permissions import Sight

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD_CHAR = re.compile(r"[a-z0-9]")
MIXED = re.compile(r"(?<=[\u3400-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u3400-\u9fff])")
# Never a project's name on their own.
STOP = frozenset(["the", "a", "an", "of", "and", "for", "to", "in", "on", "at", "by", "with",
                  "project", "projects", "co", "ltd", "inc", "team", "client", "clients", "new",
                  "old", "phase", "v1", "v2", "v3", "group", "corp", "company"])
# Words too common to stand for a project on their own, even when only one project has them:
# they count only as "the shop" / "shop project".
GENERIC = frozenset(["the", "a", "an", "of", "and", "for", "to", "in", "on", "at", "by", "with",
                     "project", "projects", "app", "apps", "co", "ltd", "inc", "team", "client",
                     "clients", "new", "old", "page", "pages", "site", "data", "design", "system",
                     "platform", "service", "services", "phase", "v1", "v2", "work", "task",
                     "tasks", "report", "api", "web", "mobile", "program", "mini", "refresh",
                     "integration", "consulting", "redesign", "brand", "portal", "store", "shop",
                     "online", "group", "corp", "company", "support"])
# First names and handles that are also everyday words ("mark #4 as done").
COMMON_NAMES = frozenset(["mark", "will", "may", "bill", "pat", "sue", "june", "april", "grace",
                          "hope", "joy", "rose", "art", "max", "ray", "don", "rich", "frank",
                          "jack", "chase", "dawn", "faith", "iris", "lily", "ruby", "summer",
                          "rob", "sky", "guy", "drew", "wade", "lane", "dean", "chip", "sunny",
                          "honey", "amber", "crystal", "page", "gene", "hunter", "harper", "piper",
                          "sage", "reed", "rusty", "dusty", "buck", "cliff", "glen", "hazel",
                          "ivy", "jade", "penny"])
GENERIC_ZH = frozenset(["项目", "数据", "客户", "系统", "平台", "公司", "服务", "设计", "咨询",
                        "开发", "任务", "报告", "页面", "会员", "品牌", "集成"])
COMPANY_SUFFIX = re.compile(r"\s*(co\.?|ltd\.?|inc\.?|corp\.?|llc|gmbh|limited|有限公司|公司)$")


def normalise(text: str) -> str:
    """The shared normal form (D1's `intents.extract.text.normalise` when present)."""
    try:
        from intents.extract.text import normalise as shared
    except ImportError:  # pragma: no cover - the primitives module is written in parallel
        import zhconv

        text = zhconv.convert(unicodedata.normalize("NFKC", text), "zh-cn")
        return " ".join(text.split())
    return shared(text)


def key(text: str) -> str:
    """Lower-cased normal form; `lower()` (not casefold) keeps offsets aligned."""
    return normalise(text).lower()


@dataclass(frozen=True)
class Entry:
    form: str
    kind: str          # project | person | client | milestone | task | skill
    value: Any         # code, handle, client name, milestone name, task id, skill
    strength: int      # 3 exact, 2 alias / first name, 1 distinctive part (needs context)
    project: str | None = None


@dataclass(frozen=True)
class Mention:
    kind: str
    value: Any
    start: int
    end: int
    text: str
    strength: int
    project: str | None = None
    alternatives: tuple[Any, ...] = ()


@dataclass
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)
    project_codes: set[str] = field(default_factory=set)
    task_ids: set[int] = field(default_factory=set)
    task_project: dict[int, str] = field(default_factory=dict)
    task_due: dict[int, Any] = field(default_factory=dict)  # for "push #4 back a week"
    task_titles: dict[int, str] = field(default_factory=dict)  # key()-normalised, for part of a title
    client_projects: dict[str, list[str]] = field(default_factory=dict)
    handles: set[str] = field(default_factory=set)
    open_projects: set[str] = field(default_factory=set)             # not closed
    project_people: dict[str, frozenset[str]] = field(default_factory=dict)  # members and manager
    project_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key()ed name, aliases
    _by_first_char: dict[str, list[Entry]] = field(default_factory=dict)

    def add(self, form: str, kind: str, value: Any, strength: int, project: str | None = None) -> None:
        form = key(form).strip()
        if len(form) < 2:
            return
        self.entries.append(Entry(form, kind, value, strength, project))
        spaced = MIXED.sub(" ", form)
        if spaced != form:
            self.entries.append(Entry(spaced, kind, value, strength, project))
        if "-" in form and kind in ("project", "milestone", "task"):
            self.entries.append(Entry(form.replace("-", " "), kind, value, strength, project))

    def freeze(self) -> None:
        index: dict[str, list[Entry]] = {}
        for entry in sorted(self.entries, key=lambda e: (-len(e.form), -e.strength)):
            index.setdefault(entry.form[0], []).append(entry)
        self._by_first_char = index

    def scan(self, low: str, kinds: frozenset[str] | None = None) -> list[Mention]:
        """All non-overlapping mentions in `low` (a `key()`-normalised text), longest first."""
        found: list[tuple[int, int, list[Entry]]] = []
        taken = [False] * len(low)
        for first in set(low):
            for entry in self._by_first_char.get(first, ()):
                if kinds is not None and entry.kind not in kinds:
                    continue
                _collect(low, entry, found)
        found.sort(key=lambda f: (-(f[1] - f[0]), -max(e.strength for e in f[2]), f[0]))
        mentions: list[Mention] = []
        for start, end, entries in found:
            if any(taken[start:end]):
                continue
            entries = [e for e in entries if e.strength > 1 or _in_context(low, e, start, end)]
            entries = [e for e in entries if e.strength > 0 or e.kind == "project"]
            if not entries:
                continue
            for i in range(start, end):
                taken[i] = True
            mentions.extend(_mentions(low, start, end, entries))
        return sorted(mentions, key=lambda m: m.start)

    def client_project(self, client: str, said: str, handle: str, admin: bool = False) -> str | None:
        """The one project a client's name stands for when `handle` names the client in passing
        ("took a taxi out to the tidewater terminal", "开鼎盛的需求会"): the client's one open
        project, or the one of them whose own name carries the word said (a client's internal
        or side project does not), when the speaker can work on it (a member, the manager, an
        admin). Two projects that both carry the name are not told apart by who speaks ("the
        harbourview site" with Office Tower and Clubhouse open): None, the project is asked."""
        open_ = [c for c in self.client_projects.get(client, []) if c in self.open_projects]
        named = [c for c in open_ if any(_carries(n, said) for n in self.project_names.get(c, ()))]
        found = named or open_
        if len(found) != 1:
            return None
        return found[0] if admin or handle.lower() in self.project_people.get(found[0], ()) else None


def _carries(name: str, said: str) -> bool:
    """`said` inside `name` as a word of it (ASCII) or a run of characters (Chinese)."""
    at = name.find(said)
    if at < 0 or CJK.search(said):
        return at >= 0
    return _bounded(name, at, at + len(said))


def _collect(low: str, entry: Entry, found: list[tuple[int, int, list[Entry]]]) -> None:
    form, ascii_form = entry.form, not CJK.search(entry.form)
    at = low.find(form)
    while at >= 0:
        end = at + len(form)
        if not ascii_form or _bounded(low, at, end):
            for f in found:
                if f[0] == at and f[1] == end:
                    f[2].append(entry)
                    break
            else:
                found.append((at, end, [entry]))
        at = low.find(form, at + 1)


# "the plc upgrade", "on plc upgrade", "5 hours plc upgrade": a distinctive part in context.
BEFORE_PROJECT = re.compile(r"(?:\bthe|\bon|\bfor|\bin|\bto|\bat|\babout|\bof|\d\s*(?:h|hrs?|hours?|mins?|"
                            r"minutes?))\s+$")
BEFORE_PERSON = re.compile(r"(?:@|\bto\s+|\bfor\s+|\bby\s+|\bwith\s+|\bask\s+|\bis\s+|给\s*|让\s*)$")


def _in_context(low: str, entry: Entry, start: int, end: int) -> bool:
    """A weak form counts only in context: "the website", "website project", "@will"."""
    if CJK.search(entry.form):
        return True
    after = low[end:].lstrip()
    if entry.kind == "person":
        return bool(BEFORE_PERSON.search(low[:start])) or low[end:].startswith(("'s", "’s"))
    if entry.kind != "project":
        return True
    if after.startswith(("project", "项目")):
        return True
    if entry.strength == 0:
        return low[:start].endswith(("the ", "our "))
    return bool(BEFORE_PROJECT.search(low[:start]))


def _bounded(low: str, start: int, end: int) -> bool:
    before = low[start - 1] if start > 0 else " "
    after = low[end] if end < len(low) else " "
    return not WORD_CHAR.match(before) and not WORD_CHAR.match(after)


def _mentions(low: str, start: int, end: int, entries: list[Entry]) -> list[Mention]:
    """One mention per kind at a span; several values of one kind become alternatives."""
    out = []
    by_kind: dict[str, list[Entry]] = {}
    for e in entries:
        by_kind.setdefault(e.kind, []).append(e)
    for kind, group in by_kind.items():
        best = max(e.strength for e in group)
        group = [e for e in group if e.strength == best]
        values = list(dict.fromkeys(e.value for e in group))
        first = group[0]
        # a name several projects' things share ("Store launch" twice) belongs to no one project
        owner = first.project if len({e.project for e in group}) == 1 else None
        out.append(Mention(kind, first.value, start, end, low[start:end], best, owner,
                           tuple(values[1:])))
    return out


# ---------------------------------------------------------------- building
def build(session: Session, sight: Sight | None = None) -> Gazetteer:
    """The index of what `sight` may see (everything when None): a name the asker may not
    see is not in it, so it reads exactly like a name that exists nowhere."""
    g = Gazetteer()
    # Rows of several columns, read by name (`p.code`): typed as `Any` rows, not tuples.
    project_rows: Sequence[Any] = session.execute(
        sa_select(col(Project.id), col(Project.code), col(Project.name), col(Project.client_id),
                  col(Project.status), col(Project.manager_id))).all()
    projects = [p for p in project_rows if sight is None or sight.sees_project(p.id)]
    client_names = {i: n for i, n in session.exec(select(Client.id, Client.name)).all()
                    if sight is None or sight.sees_client(i)}
    for p in projects:
        if p.client_id in client_names:
            g.client_projects.setdefault(client_names[p.client_id], []).append(p.code)
    codes = {p.id: p.code for p in projects}
    g.project_codes = set(codes.values())
    alias_rows: Sequence[Any] = session.exec(
        select(ProjectAlias.project_id, ProjectAlias.alias)).all()
    aliases = [a for a in alias_rows if a.project_id in codes]
    client_words = {w for c in client_names.values()
                    for w in _parts(key(c)) | set(key(c).split())}
    _add_projects(g, projects, aliases, client_words)
    _add_project_people(g, session, projects, aliases)
    _add_people(g, session, sight)
    _add_clients(g, list(client_names.values()))
    _add_client_project_forms(g, projects, client_names, client_words)
    for m in session.exec(select(Milestone)).all():
        if m.project_id in codes and (sight is None or sight.sees_milestone(m)):
            g.add(m.name, "milestone", m.name, 3, codes.get(m.project_id))
    tasks: Sequence[Any] = session.execute(
        sa_select(col(Task.id), col(Task.project_id), col(Task.title), col(Task.due),
                  col(Task.assignee_id))).all()
    for t in tasks:
        assert t.id is not None
        if t.project_id not in codes:
            continue
        if sight is not None and sight.task_assignee is not None \
                and t.assignee_id != sight.task_assignee:
            continue  # a partner's person: other people's tasks are names that exist nowhere
        g.task_ids.add(t.id)
        if t.due is not None:
            g.task_due[t.id] = t.due
        g.task_project[t.id] = codes.get(t.project_id, "")
        g.task_titles[t.id] = key(t.title)
        g.add(t.title, "task", t.id, 3, codes.get(t.project_id))
    g.freeze()
    return g


def _add_projects(g: Gazetteer, projects: Sequence[Any], aliases: Sequence[Any],
                  client_words: set[str]) -> None:
    names: dict[str, list[str]] = {p.code: [p.name] for p in projects}
    by_id = {p.id: p.code for p in projects}
    for a in aliases:
        names.setdefault(by_id[a.project_id], []).append(a.alias)
    for p in projects:
        g.add(p.code, "project", p.code, 3)
        for sep in (" ", ""):
            g.add(p.code.replace("-", sep).replace("_", sep), "project", p.code, 3)
        for n in names[p.code]:
            g.add(n, "project", p.code, 3 if n == p.name else 2)
    owners: dict[str, set[str]] = {}
    for code, forms in names.items():
        for part in {x for n in forms for x in _parts(key(n))}:
            owners.setdefault(part, set()).add(code)
    firsts = {key(n).split()[0] for forms in names.values() for n in forms[:1] if key(n).split()}
    for part, codes in owners.items():
        if len(codes) == 1 and part not in client_words:
            strong = part in firsts and len(part) >= 4 and not CJK.search(part)
            g.add(part, "project", next(iter(codes)), 2 if strong else 1)
    for word, codes in _generic_words(names).items():
        if len(codes) == 1 and word not in client_words:
            g.add(word, "project", next(iter(codes)), 0)


def _add_project_people(g: Gazetteer, session: Session, projects: Sequence[Any],
                        aliases: Sequence[Any]) -> None:
    """Which projects are open, who works on each, and their names: what a client's name
    said in passing needs to stand for one project (`Gazetteer.client_project`)."""
    handles = dict(session.exec(select(Person.id, Person.handle)).all())
    people: dict[int, set[str]] = {}
    for project_id, person_id in session.exec(
            select(ProjectMember.project_id, ProjectMember.person_id)).all():
        if person_id in handles:
            people.setdefault(project_id, set()).add(handles[person_id].lower())
    names: dict[int, list[str]] = {}
    for a in aliases:
        names.setdefault(a.project_id, []).append(key(a.alias))
    for p in projects:
        if p.status != ProjectStatus.closed:
            g.open_projects.add(p.code)
        crew = people.get(p.id, set())
        if p.manager_id in handles:
            crew = crew | {handles[p.manager_id].lower()}
        g.project_people[p.code] = frozenset(crew)
        g.project_names[p.code] = (key(p.name), *names.get(p.id, []))


def _add_client_project_forms(g: Gazetteer, projects: Sequence[Any], client_names: dict,
                              client_words: set[str]) -> None:
    """ "harbourview tower": the client's first word and a word of one of its projects' names.

    A client with several projects makes its name alone ambiguous and the project's own word
    ("tower") too weak on its own; together they name one project.
    """
    words: dict[str, set[str]] = {}
    for p in projects:
        client = client_names.get(p.client_id)
        head = key(client).split()[0] if client and key(client).split() else ""
        if len(head) < 3 or CJK.search(head):
            continue
        for word in re.findall(r"[a-z0-9]+", key(p.name)):
            if word not in client_words and word not in STOP and len(word) >= 3:
                words.setdefault(f"{head} {word}", set()).add(p.code)
    for form, codes in words.items():
        if len(codes) == 1:
            g.add(form, "project", next(iter(codes)), 2)


def _generic_words(names: dict[str, list[str]]) -> dict[str, set[str]]:
    """Everyday words of names ("shop", "website"), kept for "the shop" only."""
    owners: dict[str, set[str]] = {}
    for code, forms in names.items():
        for form in forms:
            for word in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", key(form)):
                if word in GENERIC and word not in STOP and len(word) >= 3:
                    owners.setdefault(word, set()).add(code)
            words = [w for w in re.findall(r"[a-z0-9]+", key(form)) if w not in STOP]
            for a, b in pairwise(words):
                owners.setdefault(f"{a} {b}", set()).add(code)
    return owners


def _parts(name: str) -> set[str]:
    """Distinctive pieces of a name: its word n-grams, and leading halves of Chinese names."""
    parts: set[str] = set()
    if CJK.search(name):
        compact = name.replace(" ", "")
        head = compact[:2]
        if len(compact) >= 4 and re.fullmatch(r"[\u3400-\u9fff]{2}", head) and head not in GENERIC_ZH:
            parts.add(head)
        return parts
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", name)
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if all(w in GENERIC for w in gram) or len(" ".join(gram)) < 3:
                continue
            if n == 1 and gram[0] in GENERIC:
                continue
            parts.add(" ".join(gram))
    return parts


def _add_people(g: Gazetteer, session: Session, sight: Sight | None = None) -> None:
    rows: Sequence[Any] = session.exec(select(Person.id, Person.handle, Person.name)
                                       .where(col(Person.forgotten).is_(False))).all()
    people = [p for p in rows if sight is None or sight.sees_person(p.id)]
    firsts: dict[str, list[str]] = {}
    for p in people:
        g.handles.add(p.handle.lower())
        g.add(p.handle, "person", p.handle, 1 if p.handle.lower() in COMMON_NAMES else 3)
        g.add(p.name, "person", p.handle, 3)
        name = key(p.name)
        if CJK.search(name):
            if len(name) == 3:
                firsts.setdefault(name[1:], []).append(p.handle)
            if len(name) in (2, 3):  # 小周 / 老周: colleagues by family name
                firsts.setdefault("小" + name[0], []).append(p.handle)
                firsts.setdefault("老" + name[0], []).append(p.handle)
        elif " " in name:
            firsts.setdefault(name.split()[0], []).append(p.handle)
    for first, handles in firsts.items():
        for handle in dict.fromkeys(handles):  # shared first names become alternatives
            g.add(first, "person", handle, 1 if first in COMMON_NAMES else 2)


def _add_clients(g: Gazetteer, clients: list[str]) -> None:
    heads: dict[str, list[str]] = {}
    for name in clients:
        g.add(name, "client", name, 3)
        short = COMPANY_SUFFIX.sub("", key(name)).strip(" .,")
        if short and short != key(name):
            g.add(short, "client", name, 2)
        words = short.split()
        if len(words) > 1 and len(words[0]) >= 3:
            heads.setdefault(words[0], []).append(name)
        elif CJK.search(short) and len(short) >= 4:
            heads.setdefault(short[:2], []).append(name)
    for head, names in heads.items():
        if len(names) == 1:
            g.add(head, "client", names[0], 1)


def add_skills(g: Gazetteer, session: Session, sight: Sight | None = None) -> None:
    seen: set[str] = set()
    rows: Sequence[Any] = session.exec(select(Person.id, Person.skills)).all()
    for skills in (r.skills for r in rows if sight is None or sight.sees_person(r.id)):
        for s in skills or []:
            if s and key(s) not in seen:
                seen.add(key(s))
                g.add(s, "skill", s, 3)


# ---------------------------------------------------------------- caching
# The tables the index is built from; a commit that wrote any of them retires the index.
SOURCES = ("project", "project_alias", "project_member", "person", "client", "milestone", "task")
_CACHE: dict[str, tuple[tuple[Any, ...], Gazetteer]] = {}
_CACHE_LOCK = threading.Lock()
SIGNATURE_SQL = sql(
    "SELECT (SELECT count(*) FROM project), (SELECT max(id) FROM project),"
    " (SELECT count(*) FROM project_alias), (SELECT max(id) FROM project_alias),"
    " (SELECT count(*) FROM person), (SELECT max(id) FROM person),"
    " (SELECT count(*) FROM person WHERE forgotten = true),"
    " (SELECT count(*) FROM client), (SELECT count(*) FROM milestone),"
    " (SELECT max(id) FROM milestone), (SELECT count(*) FROM task), (SELECT max(id) FROM task),"
    " (SELECT count(*) FROM milestone WHERE client_visible = true),"  # a contact's view changes
    " (SELECT count(*) FROM project_member),"  # who works on what, and what is still open:
    " (SELECT count(*) FROM project WHERE status = 'closed')"  # for a client's name said in passing
)


def gazetteer_for(session: Session, actor: Actor | None = None) -> Gazetteer:
    """The index for the session's store as `actor` may name it, rebuilt when the store moved;
    actors who see the same share one.

    Two signs of movement: this process's commit counters of the source tables (a renamed
    task, a moved due date), read first, and the store's row counts and max ids (rows another
    process added). Handlers run on several threads: the dict is guarded, a built index is
    never changed again, and two threads that miss at once both build (the later one wins).

    A client contact's (or a partner's person's) index holds only what `sight_for` lets them
    see, so another client's project, milestone, task or staff member (for a partner: another
    person's task) reads like a made-up name. The
    firm's own people share the firm's index: names are not secret inside the firm, the
    data behind them is (the domain refuses it).
    """
    from domain.core.permissions import sight_for

    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    outsider = actor is not None and (actor.is_contact or actor.is_partner)
    sight = sight_for(session, actor) if actor is not None and outsider else None
    cache_key = str(getattr(engine, "url", id(engine)))
    cache_key += f":{hash(sight.key) if sight is not None else 'all'}"
    signature = (changes.version(SOURCES), *session.execute(SIGNATURE_SQL).one())
    with _CACHE_LOCK:
        cached = _CACHE.get(cache_key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    g = build(session, sight)
    g.entries = list(g.entries)
    add_skills(g, session, sight)
    g.freeze()
    with _CACHE_LOCK:
        _CACHE.pop(cache_key, None)
        while len(_CACHE) >= 32:  # one store per process is the rule; tests make many
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[cache_key] = (signature, g)
    return g
