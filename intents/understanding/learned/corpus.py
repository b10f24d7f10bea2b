# ruff: noqa: E501  (a table of phrasings: one line per intent reads better than wrapped)
"""The paraphrase corpus the learned second opinion is trained on, generated, never downloaded.

Templates per intent and language × filler values × styles (terse, polite, chatty, misspelt,
code-switched, Traditional/Cantonese). Named things appear as the placeholders the rules put
in the masked text (`<project>`, `<person>`, `<milestone>`, `<task>`, `<client>`), so the model
learns the wording around names, not the names of one workspace. Deterministic (seeded): the
same corpus, hence the same weights, on every machine. Used only by `benchmarks/train_learned_nlu.py`, offline.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator

P, N, M, T, C = "<project>", "<person>", "<milestone>", "<task>", "<client>"

FILL = {
    "P": [P], "N": [N], "M": [M], "T": [T, "#12", "#3", "task 7"], "C": [C],
    "H": ["3h", "2 hours", "90 min", "1.5 hrs", "half a day", "4 hours"],
    "D": ["today", "yesterday", "tomorrow", "next week", "this week", "last week", "on friday",
          "this month", "last month", "by monday", ""],
    "S": ["sql", "spark", "python", "figma", "java", "kafka", "react", "tableau", "devops", "ux"],
    "DOC": ["SOW", "contract", "spec", "design doc", "runbook", "style guide", "handbook", "api docs",
            "brand guide", "requirements doc", "meeting notes", "checklist"],
    "Q": ["what's the deadline for the pilot", "which font do we use", "how do I restart the service",
          "what are the acceptance criteria", "how many change requests are included",
          "which currencies are supported", "what is the refund policy", "who signs off the design"],
    "A": ["500 rmb", "¥120", "$40", "3000 CNY", "86 yuan", "1,200"],
    "ST": ["blocked", "done", "in progress", "open", "overdue", "stuck"],
    "RP": ["profit", "utilization", "utilisation", "satisfaction", "variance", "hours"],
    "CH": ["gantt", "burndown", "kanban", "budget chart", "timeline"],
    "ZH": ["3小时", "两个小时", "一个半小时", "半天", "4个钟", "90分钟"],
    "ZD": ["今天", "昨天", "明天", "下周", "这周", "上周", "周五", "这个月", "上个月", "周一前", ""],
    "ZST": ["卡住", "完成", "进行中", "逾期", "没做完", "阻塞"],
    "ZDOC": ["合同", "需求文档", "接口文档", "设计规范", "部署手册", "SOW", "会议纪要", "员工手册", "规格书"],
    "ZQ": ["验收标准是什么", "用什么字体", "怎么重启服务", "支持哪些货币", "变更怎么收费", "交付时间是哪天"],
    "ZA": ["500元", "120块", "三千六", "86元", "1200块", "两百块"],
    "ZRP": ["利润", "利用率", "满意度", "预算偏差", "工时"],
    "ZCH": ["甘特图", "燃尽图", "看板", "预算图"],
}

EN: dict[str, list[str]] = {
    "project_status": [
        "{P}?", "how is {P} going", "{P} status", "status of {P}", "where are we on {P}", "any news on {P}",
        "where do things stand with {P}", "{P} - where are we", "is {P} on track", "{P}: green, amber or red?",
        "how are my projects doing", "where do my projects stand", "quick update on {P}", "lay of the land on {P}",
        "is {M} still on schedule", "will we hit {M}", "{M} still on for the 18th?", "is {T} done yet",
        "health check on {P}", "how's {P} looking", "progress on {P}?", "update me on {P}", "what's up with {P}",
        "is {T} finished", "did {N} finish {T}", "how far along is {P}", "any risks on {P}", "{P} — on track or not?",
    ],
    "list_tasks": [
        "what's on my plate", "my tasks", "my open tasks", "is anything {ST} on {P}", "anything {ST} on {P}?",
        "anything assigned to me that's still open", "do I have anything due {D}", "what is {N} working on",
        "does {N} have anything on", "tasks on {P}", "which tasks are {ST}", "what's {ST}", "list {ST} tasks on {P}",
        "have I got stuff due {D}", "got any tasks for me {D}", "is {N} busy with anything", "what's left on {P}",
        "show me {N}'s tasks", "what do I need to do {D}", "any tasks in progress on {P}", "what's open on {P}",
        "are there any {ST} tasks", "what should I be working on", "anything due {D} for me",
    ],
    "timesheet": [
        "how many hours did I log {D}", "hours on {P} {D}", "{N}'s timesheet {D}", "did I log anything {D}",
        "my timesheet {D}", "how much time has the team put into {P} {D}", "show my hours {D}",
        "what did {N} log {D}", "total hours on {P}", "how many hours have I booked {D}", "timesheet please",
    ],
    "ask_docs": [
        "what does the {DOC} say about {Q}", "in the {P} {DOC}, {Q}", "according to the {DOC}, {Q}",
        "per the {P} {DOC}, {Q}", "check the {DOC}: {Q}", "does the {DOC} mention {Q}", "{Q} in the {DOC}?",
        "where's the {DOC} for {P} and {Q}", "look up in the {DOC} {Q}", "what's our policy on travel",
        "according to the {P} {DOC} {Q}", "what colours does the {DOC} allow", "find in the {DOC} {Q}",
    ],
    "help": ["help", "what can you do", "how do I use you", "how do I log hours with you", "what commands are there",
             "how does this bot work", "how do I submit leave", "show me examples", "/help", "how do I add a task"],
    "budget_status": ["how much budget is left on {P}", "budget on {P}?", "are we over budget on {P}",
                      "are we burning through the {P} budget", "{P} budget", "how much have we spent on {P}",
                      "remaining budget for {P}", "is {P} within budget", "money left on {P}"],
    "report": ["{RP} report for {P} {D}", "{RP} report {D}", "give me a {RP} report for {C}", "{RP} report please",
               "can I get the {RP} report for {P}", "send me the {RP} report {D}", "run a {RP} report"],
    "chart": ["{CH} for {P}", "show me the {P} {CH}", "{CH} for {P} pls", "draw the {CH}", "can I see the {CH} of {P}",
              "{P} {CH}", "plot a {CH} for {P}"],
    "suggest_assignee": [
        "who has {S} and {S} and some free time {D}", "who knows {S}", "who could pick up {T}", "who'd be best for {T}",
        "need someone with {S} for {P}, who?", "anyone who knows {S} free to help on {P}", "someone with {S} skills for {P}?",
        "who should take {T}", "who can take {T} off my hands", "we need a {S} person for a week - suggestions?",
        "which of us knows {S} and isn't swamped", "who's free to do {T}", "recommend someone for {T}",
        "who has capacity for {T}", "who is good at {S}",
    ],
    "list_approvals": ["anything waiting on me to approve", "pending approvals", "what's waiting for my approval",
                       "has my leave request been approved", "did my overtime get approved", "what do I need to sign off",
                       "any requests for me to review", "status of my leave request"],
    "smalltalk": ["hi", "hello there", "thanks", "thank you so much", "cheers", "good morning", "morning pmbot",
                  "thanks, that's perfect", "great, thanks", "hey", "nice one", "ok thanks"],
    "log_time": ["log {H} on {P} {D}", "{H} on {T} {D}", "spent {H} on {P} {D} fixing bugs", "worked {H} on {P}",
                 "put down {H} for {P}", "{H} {P} {D}, client call", "log {H} for {N} on {P}"],
    "create_task": ["new task on {P}: write test cases, {N}, due {D}", "add a task for {P} - update the docs",
                    "create task: renew the licence, {P}", "remind me to send the mockups to {N} {D}",
                    "need a task in {P} for label printing, {N}", "todo for {P}: document the topics"],
    "update_task": ["{T} is done", "mark {T} in progress", "{T} blocked again", "push {T} to {D}", "hand {T} over to {N}",
                    "{T} about 60% done", "bump {T} to high priority", "finished {T}"],
    "delete_task": ["delete {T}", "remove {T}", "please delete task {T}", "drop {T} from the plan, it's not needed",
                    "get rid of {T}", "can you delete {T}", "{T} can be deleted", "remove {T} from {P}",
                    "{T} is a duplicate, delete it", "scrap {T}"],
    "log_expense": ["bought a licence for {P}, {A}", "taxi to the client {A}", "picked up a reader for testing, {A}",
                    "hotel for the workshop was {A}, {P}", "hired a freelancer for {P}, {A}", "ordered a spare laptop {A}"],
    "request_leave": ["I'd like to take {D} off", "off sick today", "annual leave next monday to wednesday",
                      "can I take friday off", "sick leave tomorrow"],
    "request_overtime": ["I'll have to stay late tonight, {H} on {P}", "need to work this saturday, {H} on {P}",
                         "overtime request: sunday {H}", "staying back {H} tomorrow for {P}", "working late tonight on {P}"],
    "decide": ["approve #4", "reject request 7", "ok approve {N}'s leave", "decline {N}'s overtime", "approved"],
    "complete_milestone": ["{M} is done for {P}", "{M} reached", "we hit {M} on {P}", "{M} milestone complete"],
    "feedback": ["I'd give {P} 4/5, solid work", "5 out of 5 for {P}", "3/5, communication could be better",
                 "rating for {P}: 4 stars"],
    "unknown": [
        "remind me to buy milk", "remind me to call my mum", "set an alarm for 6:30", "take the dentist off my todo list",
        "take my birthday party off my calendar on saturday", "what's the weather tomorrow", "tell me a joke",
        "play some music", "what time is it in london", "book me a table for two", "who won the game last night",
        "cancel my gym session", "add groceries to my to-do list", "how tall is everest", "translate this to french",
        "I'm not taking leave after all", "{N} logged 3 hours yesterday I think", "the client paid the invoice",
        "what's a good restaurant near the office", "sing me a song", "how do I boil an egg", "wake me up at 7",
        "remind me to water the plants", "put my son's school play on my calendar", "what's the exchange rate",
        "how do i fix a leaky tap", "how much did i spend on groceries last month", "my landlord approved my request",
        "how do i make pasta", "what's the best phone to buy", "how many hours of sleep do i need",
        "who is the president of france", "what's on tv tonight", "is the gym open on sunday", "how do i cook rice",
        "what should i get my wife for her birthday", "how do i reset my router", "what's the score",
        "where can i park near the station", "what's the best coffee shop nearby", "how far is the airport",
        "can you recommend a movie", "what's 15 percent of 240", "how do you say hello in japanese",
        "my neighbour is working on his car", "is it going to rain", "what's the status of my pizza order",
        "what's the plan for the weekend", "how do i get a visa", "what documents do i need for a passport",
    ],
}

ZH: dict[str, list[str]] = {
    "project_status": [
        "{P}？", "{P}进度怎么样", "{P}现在啥情况", "{P}那边呢", "我的几个项目都到哪一步了", "{M}还能按时吗",
        "{T}完成了没", "{P}整体进展如何，有没有风险", "{P}现在顺利吗", "{P}什么情况", "{P}怎么样了",
        "{P}最近如何", "{M}赶得上吗", "{T}还没搞完", "{P}有没有延期", "{P}进展到哪了", "{P}而家点呀",
        "{P}进度点样", "{C}那个项目怎么样了", "{M}赶唔赶得切",
    ],
    "list_tasks": [
        "我有哪些任务", "{P}有没有{ZST}的任务", "有分给我的还没做完的吗", "我{ZD}有冇嘢要交", "{N}手上有什么活",
        "{P}有{ZST}的吗", "我{ZD}有要到期的任务吗", "{P}有冇任务做紧", "{N}最近在忙什么", "{P}有被阻塞的任务没",
        "我{ZD}有哪些任务到期", "{P}还有哪些没做完的", "有没有人手上的任务已经过期了", "我手头上有咩task",
        "我有什么task快due了", "{P}有哪些任务已经完成了", "{P}的任务列表", "{N}在做什么",
    ],
    "timesheet": ["我{ZD}记了多少工时", "{P}{ZD}一共多少小时", "我{ZD}填咗几多个钟", "{N}{ZD}记工时了没",
                  "这个月{P}投了多少工时", "看一下我的工时", "{N}的工时表", "我{ZD}登记了多少小时"],
    "ask_docs": ["{P}的{ZDOC}里，{ZQ}", "{ZDOC}里{ZQ}", "根据{P}的{ZDOC}，{ZQ}", "查一下{P}{ZDOC}，{ZQ}",
                 "{P}嘅{ZDOC}入面，{ZQ}", "{ZDOC}讲咗{ZQ}", "公司的报销标准是多少", "年假制度里没休完的能不能顺延",
                 "{ZDOC}上怎么写的", "{P}的{ZDOC}有没有提到{ZQ}"],
    "help": ["你能做什么", "怎么用", "点样用你记工时", "怎么提交请假", "帮助", "这个机器人怎么用", "有什么功能", "怎么加任务"],
    "budget_status": ["{P}预算还剩多少", "{P}花了多少钱了", "{P}超预算了吗", "{P}仲有几多预算", "{P}的预算",
                      "{P}钱还够吗", "{P}用了多少预算"],
    "report": ["{C}的客户{ZRP}报告", "{P}{ZD}的{ZRP}报告", "{ZD}人员{ZRP}报告", "给我一份{ZRP}报告", "出一份{P}的{ZRP}报告"],
    "chart": ["{P}的{ZCH}", "看一下{P}的{ZCH}", "{P}嘅{ZCH}", "画一下{P}的{ZCH}", "给我{P}的{ZCH}"],
    "suggest_assignee": ["谁会{S}和{S}，下周还有空", "{T}谁来做比较合适", "{P}需要一个懂{S}的，推荐一下",
                         "边个识{S}又得闲", "{T}这个活交给谁好", "找个会{S}的人帮忙做{T}", "谁懂{S}，这周还有余力",
                         "谁有空接一下{T}", "推荐个人做{T}", "谁有空做{T}"],
    "list_approvals": ["有什么等我审批的", "我的请假申请批了没有", "待我审批的有哪些", "有什么要我批的吗",
                       "我的加班申请通过了吗", "我嘅申请批咗未"],
    "smalltalk": ["你好", "谢谢", "谢谢啦", "早上好", "早晨", "你好呀", "多谢", "辛苦了", "好的谢谢"],
    "log_time": ["{ZD}{P}做了{ZH}", "{ZD}在{P}上花了{ZH}写用例", "{T}记{ZH}", "{ZD}{P} {ZH}", "帮{N}记一下，{ZD}{P}{ZH}"],
    "create_task": ["在{P}新建任务：出库规则设计，给{N}，{ZD}前", "加个任务：准备周报模板，{P}", "提醒我{ZD}把纪要发给{N}",
                    "{P}需要一个任务：盘点差异处理，给{N}", "给{N}建个任务：房态组件"],
    "update_task": ["{T}搞定了", "{T}开始做了", "{T}卡住了", "把{T}的截止日期改到{ZD}", "{T}转给{N}", "{T}做了七成了",
                    "{T}改成紧急"],
    "delete_task": ["删除{T}", "把{T}删掉", "删除任务{T}", "{T}不要了，删了吧", "帮我删掉{T}", "移除{T}", "{T}可以删除了",
                    "{T}重复了，删了吧", "{T}不要了，删除"],
    "log_expense": ["买了两个测试机，一共{ZA}，{P}", "买了一年的授权，{ZA}", "{ZD}打车去客户那 {ZA}", "请了个外包，花了{ZA}",
                    "订了两晚酒店，一共{ZA}", "报销：高铁票 {ZA}"],
    "request_leave": ["{ZD}请一天年假", "我今天不舒服，想请病假", "下周三到周五请事假", "{ZD}想休假"],
    "request_overtime": ["今晚要留下来加{ZH}班，{P}", "周六得来公司加班{ZH}", "今晚要OT{ZH}", "申请周日加班{ZH}，{P}",
                         "明天晚上留下来搞{P}"],
    "decide": ["批准 #3", "驳回申请5", "同意{N}的加班申请", "拒绝{N}的请假"],
    "complete_milestone": ["{P}的{M}里程碑完成了", "{M}已完成", "{M}达成了"],
    "feedback": ["{P}这一期给4分，进度不错", "{P}打5分，很满意", "我给3分，沟通要加强"],
    "unknown": ["提醒我8:10起床", "提醒我下班买菜", "把看牙医从我的待办里删掉", "周六的生日聚会从日历里去掉",
                "今天天气怎么样", "讲个笑话", "放首歌听听", "现在纽约几点", "帮我订一张机票", "今天晚饭吃什么好",
                "明天早上七点叫我起床", "提醒我给我妈打电话", "我下周不请假了", "{N}昨天好像记了5个小时",
                "客户说他们已经付款了", "附近有什么好吃的", "帮我定个闹钟", "记得提醒我取快递", "给我唱首歌",
                "水龙头漏水怎么修", "上个月买菜花了多少钱", "房东同意了我的申请", "米饭怎么煮", "买什么手机好",
                "每天要睡几个小时", "法国总统是谁", "今晚有什么电视", "健身房周日开门吗", "路由器怎么重置",
                "比分多少了", "车站附近哪里能停车", "机场有多远", "推荐一部电影", "我的外卖到哪了",
                "周末有什么安排", "办护照要什么材料", "日语你好怎么说", "明天会下雨吗", "附近有咖啡店吗"],
}

EN_WRAP = [("", ""), ("hey, ", ""), ("quick one: ", ""), ("", " please"), ("", " pls"), ("could you tell me ", ""),
           ("", "?"), ("so ", ""), ("", " thanks"), ("hi pmbot, ", ""), ("sorry to bother you, ", ""), ("um ", "")]
ZH_WRAP = [("", ""), ("请问", ""), ("", "？"), ("麻烦", ""), ("", "呢"), ("", "啊"), ("那个，", ""), ("", "，谢谢"),
           ("帮我看下", ""), ("问一下，", "")]
EN_TO_ZH_MIX = {"任务": "task", "进度": "progress", "预算": "budget", "报告": "report", "工时": "hours"}


def _fill(template: str, rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(FILL[m.group(1)]), template)


def _misspell(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 3 and not w.startswith("<"):
        j = rng.randrange(1, len(w) - 1)
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.5 else w[:j] + w[j + 1:]
    words[i] = w
    return " ".join(words)


def examples(per_template: int = 6, seed: int = 13) -> Iterator[tuple[str, str]]:
    """(text, intent) pairs, lower-cased as the rules' masked text is."""
    import zhconv

    rng = random.Random(seed)
    for lang, table, wraps in (("en", EN, EN_WRAP), ("zh", ZH, ZH_WRAP)):
        for intent, templates in table.items():
            for template in templates:
                for k in range(per_template):
                    pre, post = rng.choice(wraps)
                    text = pre + _fill(template, rng).strip() + post
                    if lang == "en" and k % 3 == 2:
                        text = _misspell(text, rng)
                    if lang == "zh" and k % 3 == 1:
                        text = zhconv.convert(text, "zh-hk")
                    if lang == "zh" and k % 4 == 3:
                        for zh, en in EN_TO_ZH_MIX.items():
                            text = text.replace(zh, en)
                    yield " ".join(text.lower().split()), intent
