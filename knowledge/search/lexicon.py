"""A bilingual lexicon of project and contract words, so that words cross languages too.

BM25 cannot see that 发票 is "invoice": a Chinese question over an English contract shares
almost no words with it, and only the encoder speaks. The lexicon gives each question word
its equivalents in the other language (the vocabulary of statements of work, contracts,
minutes, policies and rate cards) and a workspace may add its own pairs (project names and
aliases, a client's glossary) through `extend`. Expansion only ever adds words to what is
searched; the question's own words stay, so a same-language search loses nothing.

Beyond the glossary, a general dictionary (CC-CEDICT, `knowledge/search/dictionary.py`)
gives any other word a few translations: XQuAD's Wikipedia questions are not about
contracts, and neither are all of a workspace's documents.
"""
from __future__ import annotations

import threading
from functools import lru_cache

from knowledge.reading.text import is_cjk, tokens
from knowledge.search.lexical import Group

# zh | en equivalents (comma-separated). One line a concept; variants on either side.
GLOSSARY = """
验收 验收标准 验收条件 | acceptance, accept, acceptance criteria
付款 支付 付费 | payment, pay, payable
发票 | invoice
合同 协议 | contract, agreement
合同总价 总价 总额 固定费用 | fixed fee, total fee, contract price, total
费用 收费 | fee, cost, charge
预算 | budget
报价 报价单 | quote, quotation
质保 保修 质保期 | warranty
里程碑 | milestone
上线 投产 | go-live, launch, live
交付 交付物 | deliver, deliverable, delivery
范围 工作范围 | scope
工作说明书 | statement of work, sow
变更 变更请求 变更申请 | change request, change
需求 | requirement
风险 | risk
应对 缓解 措施 | mitigation, measure
会议纪要 纪要 | minutes
参会人 参会 出席 | attendee, attend, attended
决议 决定 | decision, decided, agreed
待办 待办事项 行动项 | action item, action
负责人 | owner, responsible
截止日期 截止 到期 | due, deadline, expire
终止 解除 | termination, terminate
通知期 通知 | notice
保密 | confidentiality, confidential
责任 责任上限 | liability
违约 罚款 违约金 | penalty, breach, fine
逾期 延迟 推迟 | late, delay, postpone, moves
利息 利率 | interest, interest rate
工作日 | business day, working day
小时 | hour, hourly
费率 单价 | rate, day rate, hourly rate
人天 | person-day, day, effort
毛利率 利润率 毛利 | margin
成本 | cost
差旅 出差 | travel, trip
报销 | reimburse, reimbursed, claim, expense
酒店 住宿 | hotel
机票 航班 飞机 舱位 | flight, class, economy
餐补 餐费 | meal, allowance
审批 批准 | approval, approve, approved
测试 | test, testing
缺陷 问题 | defect, bug, issue
严重 | severity, severe, critical
支持 | support
服务 | service
响应时间 回应时间 响应 | response time, response
解决 | resolution, resolve
可用性 | availability
升级 上报 | escalation, escalate
密码 | password
数据 | data
迁移 | migration, migrate
培训 | training, train
接口 | interface, integration
模块 | module
供应商 | supplier, vendor
客户 甲方 | client, customer
项目经理 | project manager
设计师 | designer
开发 | development, developer, develop
测试人员 | tester
顾问 | consultant
团队 | team
页面 | page
网站 官网 | website, site
品牌 | brand
标志 | logo
字体 | font, typography
颜色 色 标准色 | colour, color
语气 | tone, voice
指南 手册 | guide, manual
政策 制度 | policy
试用期 | probation
入职 新员工 | onboarding, joiner, new joiner
账号 权限 | account, access
薪资 工资 底薪 | salary, base
奖金 年终奖 | bonus
目标 | target
工期 | duration, weeks
计划 | plan, planned
实际 | actual
结论 | conclusion
改进 | improve, improvement
周例会 例会 | weekly meeting, status meeting
启动会 | kickoff, kick-off
会议 | meeting
门店 | store
上限 | cap, capped, ceiling, limit
预付款 预付 | advance, prepayment, upfront
分期 | instalment, installment
续约 | renew, renewal
期限 | term
书面 | written, writing
签字 签署 | sign, signs, signature
批次 第一批 | batch, first batch
流程 | process, flow
采购 | purchase, procurement
库存 | inventory, stock
财务 | finance, financial
环境 | environment
数据库 | database
退出标准 | exit criteria
阶段 | phase, stage
故障 事故 | incident, outage
备份 | backup
监控 | monitoring, monitor
预算 | budget
编号 | number
"""


class Lexicon:
    """Word → equivalent words in the other language (both directions)."""

    def __init__(self, *, general: bool = True) -> None:
        self._pairs: dict[str, set[str]] = {}
        self.general = general  # also the general dictionary (off: the glossary alone)
        self._lock = threading.Lock()

    def add(self, zh: list[str], en: list[str]) -> None:
        """Whole terms only map: 验收条件 → "acceptance", but not 条件 alone; and only a
        one-word English term maps back ("criteria" alone is not 验收)."""
        zh_terms = set(zh)
        en_words = {w for e in en for w in tokens(e)}
        singles = {t[0] for t in (tokens(e) for e in en) if len(t) == 1}
        with self._lock:
            for z in zh_terms:
                self._pairs.setdefault(z, set()).update(en_words)
            for e in singles:
                self._pairs.setdefault(e, set()).update(zh_terms)

    def equivalents(self, word: str, *, general: bool | None = None) -> set[str]:
        """The glossary's and the workspace's equivalents, then (unless `general` is
        False) the dictionary's."""
        from knowledge.search.dictionary import dictionary

        found = self._pairs.get(word, set())
        use = self.general if general is None else general and self.general
        extra = dictionary().translations(word) if use else ()
        return found | set(extra) if extra else found

    def groups(self, question: str, *, general: bool | None = None) -> list[set[str]]:
        """The question's words, each with its equivalents: one set per word."""
        return [{w} | self.equivalents(w, general=general) for w in dict.fromkeys(tokens(question))]

    def translation_groups(self, question: str) -> list[Group]:
        """Each question word with its glossary (and workspace) equivalents and, apart,
        the general dictionary's translations: curated pairs are trusted more."""
        from knowledge.search.dictionary import dictionary

        out: list[Group] = []
        for word in dict.fromkeys(tokens(question)):
            trusted = sorted(self._pairs.get(word, set()) - {word})
            general = [t for t in dictionary().translations(word) if t not in trusted] \
                if self.general else []
            out.append((word, trusted, general))
        return out

    def expand(self, question: str) -> list[str]:
        """The question's words followed by every equivalent not already among them."""
        words = list(dict.fromkeys(tokens(question)))
        extra = [e for w in words for e in sorted(self.equivalents(w)) if e not in words]
        return words + list(dict.fromkeys(extra))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The built-in lexicon (loaded once per process; `extend` adds a workspace's pairs)."""
    built = Lexicon()
    for line in GLOSSARY.strip().splitlines():
        zh, en = line.split("|")
        built.add(zh.split(), [e.strip() for e in en.split(",") if e.strip()])
    return built


def extend(pairs: list[tuple[str, str]]) -> None:
    """Add a workspace's own pairs: (Chinese, English), e.g. a project's name and alias."""
    for zh, en in pairs:
        if any(is_cjk(ch) for ch in zh) and en.strip():
            lexicon().add([zh], [en])
