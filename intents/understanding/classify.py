"""Choosing the intent: every rule adds evidence to candidates, the best one must win clearly.

Rules read a `Signals` object (the masked, normalised text plus what was found in it:
hours, money, scores, task ids, mentions). Named things are masked first, so that a
milestone called "Moodboard approved" is not an approval and a task titled "评估报告" is not
a report. A write intent needs positive evidence (a verb or a quantity that only a write
explains) and is pushed down by question form and negation; when nothing scores above the
threshold the message is `unknown`, which never leads to a write.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from intents.understanding.schema import WRITE_INTENTS

THRESHOLD = 2.5


def _search(pattern: str, text: str) -> re.Match[str] | None:
    return _compiled(pattern).search(text)


def _fullmatch(pattern: str, text: str) -> re.Match[str] | None:
    return _compiled(pattern).fullmatch(text)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class Signals:
    text: str                      # normalised, lower-cased
    masked: str                    # same, named things replaced by <project>, <task>, …
    lang: str
    is_contact: bool = False
    hours: bool = False
    money: bool = False            # an amount with a currency, or after a spending verb
    bare_number: bool = False
    score: bool = False
    task_ids: list[int] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)   # kinds of mentions found (project, task, …)
    project_like: bool = False     # "X项目", "project X": a project named, maybe unknown
    dates: bool = False
    bare: bool = False             # nothing but quantities, dates and names ("4h today")
    past_date: bool = False        # a date before today is stated ("昨天加班到很晚")
    progress: bool = False         # how far along ("80%", "half done", "做了七成")


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


QUESTION = rx(r"\?|？|^(how|what|what's|whats|which|who|who's|when|where|why|is|are|do|does|did|has|have"
              r"|should|will|any)\b|吗|多少|什么|怎么|哪|几个|几天|几小时|呢$|如何|是否|有没有|没$|了没有?\W*$")
# A polite opening that asks to be told, not to act: "can you tell me whether …", "能告诉我…是否".
ASK_TO_TELL = rx(r"\b(tell me|let me know|check|confirm|see)\b.{0,12}\b(whether|if)\b|\bwhether\b|告诉我|是否|有没有")
# A negated state or act: "#4 is not done", "isn't finished", "I'm not taking leave", "还没完成",
# "未达成", "我周六不加班". The negation must govern the very verb a write would act on, so that
# "blocked, the venue hasn't replied" is still a status change.
NEGATED_ACT = rx(
    r"(?:\b(?:not|never|no longer)\b|n't\b)\s+(?:(?:yet|really|even|been|be|quite|fully|actually|going to|gonna)\s+)*"
    r"(?:done|finished|finish|complete|completed|reached|reach|hit|met|delivered|signed off|taking|take|taken|"
    r"need|needing|request|requesting|log|logging|logged|work|worked|working|spend|spent|pay|paid|approve|approved|"
    r"start|started|in progress|blocked|delete|deleted|remove|removed)\b"
    r"|(?:还没有?|还未|尚未|并没有?|没有?|未)\s*\S{0,2}?(?:完成|做完|弄完|写完|搞完|达成|搞定|结束|交付|请假|休假|加班|"
    r"付款?|报销|记|登记|批|通过|做|开始|删除?|删掉|移除)"
    r"|不\s*(?:请假|休假|加班|需要加班|用加班|报销|记工时)")
# Money paid by someone else (income, a client settling an invoice) is not our expense.
OTHERS_PAID = rx(r"\b(client|clients|customer|customers|they|<client>|<person>)\b[^.?!]{0,20}"
                 r"\b(paid|transferred|wired|settled)\b|\bpaid (their|the|our|an?) invoices?\b|"
                 r"(客户|甲方|<client>|他们|对方)\S{0,6}(付了|已付|付款|打款|转账|转了|结清|回款)")
POLITE = rx(r"^(can|could|would|will) (you|u)\b|\b(can|could|would) (you|u) (please |pls |kindly )?(create|add|log|"
            r"make|"
            r"mark|set|assign|put|record|book|submit|approve|reject|move|change|update|open|file|raise|request|"
            r"close|reassign|register|note|push|bump)\b|^(can|could|may) i (do|take|have|get|log|work|book)\b|"
            r"^(pls|please)\b|帮我|麻烦|请帮|可以.{0,6}吗")
NEGATION = rx(r"\b(don't|dont|do not|never|no need to|not now|stop)\b|不要|别记|别帮|不用|先别|不想|不必|不需要|没必要|"
              r"不打算|别删")
# Someone else's words or a what-if: "sam said he logged 4h", "what if we logged by the week".
REPORTED = rx(r"\b(said|says|told (me|us|him|her)|mentioned|heard|claims?|apparently)\b|(他|她|他们)说|说(他|她)|听说|"
              r"据说")
HYPOTHETICAL = rx(r"^(what if|if|suppose|imagine|in case)\b|\bwhat if\b|要是|如果|假如|万一|假设")
TESTING = rx(r"\b(just testing|test(ing)? only)\b|测试一下")

LOG_VERB = rx(r"\b(log|logged|logging|record|book|track|put (down|in)?|add(ed)?|enter)\b|记工时|记一下|记录|登记|"
              r"填工时|记上|记到|报工")
WORK_VERB = rx(r"\b(worked|working|spent|spend|did|done|put)\b|做了|干了|弄了?|花了|忙了|搞了|写了|在弄|都在")
TIMESHEET = rx(r"how (many|much) (hours|time)|how long (did|have)|timesheet|time sheet|hours (did|have|has|were)|"
               r"did (i|we|\w+) log|(has|have|did) (i|we|<person>|\w+) (logged|log)|what (i|he|she|<person>) logged|"
               r"多少工时|记了多少|填了多少|记了几|花了多少时间|多少(个)?小时|几个小时|记工时了|用了多少时间|"
               r"记了.{0,8}吗|工时(统计|汇总|报表|情况)")
HOURS_WORD = rx(r"\bhours?\b|\bhrs?\b|小时|工时")
# What makes an hours question about work: a logging verb, a work verb, or 工时 ("how many hours
# is the flight", "每天睡几个小时" are not timesheet questions).
WORK_HOURS = rx(r"\b(log|logs|logged|logging|book|booked|record|recorded|track|tracked|work|worked|working|spent|spend|"
                r"put in|"
                r"bill|billed|clock|clocked|charged|did (i|we|you|he|she|they|<person>)|have (i|we|you)|has <person>|"
                r"timesheets?)\b|"
                r"工时|记了|填了|记工时|做了|干了|花了|投入|加班")
LOG_ALONE = rx(r"^\W*/?(log|record|book|track|enter|add)\s+(my\s+|some\s+|the\s+)?(time|hours?|hrs)\b|^\W*/log\b|"
               r"^\W*(帮我|麻烦|请)?\s*(记|填|登记|补录|录)(一下)?\s*工时|报工")
PERSONAL_ACTIVITY = rx(r"\b(cook|cooking|cooked|gym|workout|worked out|exercise|running|ran|jogging|sleep|slept|"
                       r"homework|"
                       r"gaming|netflix|shopping)\b|跑步|跑了|跑.{0,6}步|健身|运动|睡觉|睡了|做饭|打游戏|追剧|逛街")
CREATE = rx(r"\b(create|add|new|make|open|set up)\b[^.?!]{0,25}\b(task|todo|ticket)\b|^(todo|to-do)\b|"
            r"\btodo:|\bremind me to\b|^(task|ticket) (for|on|to)\b|^(task|ticket):|"
            r"(加|建|新建|新增|创建|添加|开|建立)(个|一个|一条|条)?[^，,。：:\s]{0,6}?(任务|task|待办)|新任务|提醒我")
STATUS_CHANGE = rx(r"\b(done|finished|complete|completed|in progress|blocked|block|todo|to do|reopen|on hold|pause|"
                   r"paused|"
                   r"reopened|start(ed)?|flag|flagged|stuck|closed?)\b|完成|进行中|卡住|阻塞|待办|"
                   r"重新打开|搞定|做完|开始做|关闭|暂停|挂起|搁置")
ASSIGN_CHANGE = rx(r"\b(reassign|assign|hand|give|pass)\b|\b(i'll|i will|let me|i can) take\b|\btake over\b|我来接手|"
                   r"接手|交给|转给|分给|分配|安排给|给\s*<person>|指派")
PRIORITY_CHANGE = rx(r"\b(priority|prio|urgent)\b|优先级|紧急|调高|调低")
DUE_CHANGE = rx(r"\b(due|deadline|push|postpone|move|delay|extend|reschedule)\b|\b(pull|bring|move)\b.{0,12}\b(in|"
                r"forward|up|back)\b|截止|延期|改到|推迟|推到|提前|延后|顺延|往后推|推后")
LIST_TASKS = rx(r"on (my|his|her|their|your|<person>'s|\w+'s) plate|working on|(my|his|her|their|<person>'s|<person>) "
                r"(open |todo |blocked |)tasks|\btasks (on|in|for|of)\b|\blist\b.*\btasks?\b|which tasks|"
                r"what('s| is| are)( \w+)? (due|in progress|blocked|overdue|open)|show( me)? .*tasks|"
                r"did <person> (finish|complete|do)|任务清单|任务列表|哪些任务|什么任务|手上|手头|要交|到期|"
                r"在做什么|在忙什么|待办事项|有什么任务|left to do|what should i (work on|do) next|接下来.{0,4}做什么|"
                r"下一步做什么|该做什么|还剩.{0,4}(任务|什么)|任务(都)?有(哪些|什么)|\banything due\b|"
                r"what('s| is) <person> (doing|working on)|哪些.{0,8}任务|什么.{0,6}任务|有.{0,6}任务吗|\bwhat tasks\b|"
                r"\btasks (do|does|are|is|did) |\bwhat (do|does) (i|you|we|he|she|they|<person>) have (due|on|left|"
                r"open|to (do|finish|deliver))\b|\bhave due\b|\bwhat task (do|does|is)|\b(any|all|open|blocked|overdue|"
                r"pending|remaining|unfinished|"
                r"completed)\b.{0,12}\btasks?\b|\boverdue\b|逾期|过期|"
                r"\b(anything|any|what('s| is)?)\b.{0,12}\b(blocked|stuck)\b|有(什么|哪些)?卡住的")
STATUS = rx(r"how('s| is| are)\b.*\b(going|doing|progressing|coming along|looking|shaping up|getting on)|\bstatus\b|"
            r"where are we|"
            r"overview|summary|\bupdate on\b|any news|news on|how are things|做到哪|到哪了|概况|汇总|总览|when (is|"
            r"will) .{0,30}\b(due|done|ready|launch|live)|"
            r"什么时候.{0,3}(上线|交付|完成|好|结束|<milestone>)|when (is|will) (the )?<milestone>|"
            r"on track|behind schedule|progress|进度|进展|什么情况|到哪一步|按时交付|怎么样了?|情况如何|"
            r"状态|延期了吗|顺利吗|风险|按计划|按时|on schedule|as planned|\brisks?\b|\bat risk\b")
BUDGET = rx(r"\bbudgets?\b|over budget|budget vs|total spend|spend so far|\bburn rate\b|"
            r"how much (money|have we spent|did we spend|is left)|"
            r"预算|花了多少钱|花费|成本|还剩多少|超支")
EXPENSE = rx(r"\b(expense|expenses|reimburse|receipt|taxi|uber|didi|cab|hotel|flight|train|ticket|travel|procurement|"
             r"tickets|bought|purchase|purchased|license|licence|subscription|courier|meal|dinner|lunch|"
             r"freelance|freelancer|contractor|paid|cost me)\b|报销|费用|打车|酒店|机票|高铁|火车|买了|"
             r"购买|授权|订阅|快递|吃饭|请客|外包|花了|付了|一笔")
LEAVE_WEAK = rx(r"\bsick (today|tomorrow)\b|\b(a|one|two|\d) days? off\b|\bday off\b|生病了?")
LEAVE = rx(r"\b(annual|sick|personal|paid|unpaid|maternity|paternity|parental|family|medical|half[- ]day)\s+leave\b|"
           r"\bleave (request|from|on|for (today|tomorrow|next|this|the)|today|tomorrow|next|this)\b|"
           r"\b(take|taking|took|request|requesting|apply for|need|want|on)\s+(a\s+|some\s+)?leave\b|\boff sick\b|"
           r"\btake\b.{0,20}\boff\b|\btaking\b.{0,20}\boff\b|"
           r"vacation|holiday|\bpto\b|sick day|personal day|call(ing)? in sick|"
           r"请假|病假|年假|事假|休假|调休|请.{0,3}假|"
           r"\b(i'm|i am|i'll be|i will be|i'm going to be)\s+(off|away|out of (the )?office)\b|"
           r"我(要|想)?(休息|不上班)")
OVERTIME = rx(r"overtime|\bot\b|extra hours|work(ing)? late|stay(ing)? late|加(个|了|一?会儿?|点|了会儿?)?班")
DECIDE = rx(r"\b(approve|approved|approving|reject|rejected|decline|declined|deny|denied|lgtm)\b|批准|"
            r"同意|驳回|拒绝|不批|不同意|批了|准了")
REQUEST_REF = rx(r"#\d+|request \d+|申请|request|'s (leave|overtime|expense|ot|vacation|pto|holiday|time off|day off|"
                 r"sick leave|annual leave)|"
                 r"的(请假|加班|报销|年假|病假|事假|调休|休假|假)")
MILESTONE_WORD = rx(r"\bmilestones?\b|里程碑")
REACHED = rx(r"\b(done|complete|completed|reached|achieved|hit|finished|delivered|signed off|met)\b|完成|"
             r"达成|勾掉|搞定|结束|交付了|通过了")
DOCS = rx(r"according to|where (can|do) i find|在哪里?(能)?找到|\bper the\b|\bsays\b|\b(does|did)\b.{0,40}\bsay\b|"
          r"say about|document|\bdocs?\b|\bspec\b|\bsow\b|contracts?|"
          r"handbook|policy|policies|guidelines?|manual|(meeting|kickoff|kick-off|the) minutes|meeting notes|wiki|"
          r"requirements doc|"
          r"文档|手册|制度|规定|流程|合同|纪要|标准|说明书|规范|(?<!日志)文件|单据|材料|规则|政策|条款|要求")
FEEDBACK = rx(r"\b(rate|rating|feedback|score|stars?)\b|满意|评分|打分|评价|打\s*\d|给\s*\d\s*分")
REPORT = rx(r"\breport\b|报告|报表")
REPORT_KIND = rx(r"profit|profitability|利润率|毛利|margin|utili[sz]ation|satisfaction|variance|利润|利用率|满意度|"
                 r"偏差|盈利|\brisk(s|y)?\b|风险|"
                 r"\b(overloaded|overworked|overbooked|stretched too thin)\b|"
                 r"工作量(太|过)?(大|多|重|饱和)|超负荷|忙不过来")
RISK_ASK = rx(r"\brisk(s|y)?\b|风险")
CHART = rx(r"gantt|kanban|burn[- ]?down|\bboard\b|(utili[sz]ation|budget|progress) (chart|graph)|甘特|看板|燃尽|(预算|"
           r"利用率|进度)图")
# "what's a good gantt chart tool": advice about charts in general, not a picture of ours.
CHART_ADVICE = rx(r"\b(tool|tools|app|software|template|tutorial|excel)\b|用什么(软件|工具)|怎么(画|做)")
CHART_ANY = rx(r"\bcharts?\b|\bgraphs?\b|\bdiagram\b|\bplot (a|the|me|it|our)\b|图表|画.{0,10}图|(出|来|"
               r"给我).{0,3}张.{0,6}图")
SUGGEST = rx(r"who (should|can|could|would|will|is able to) (take|do|handle|own|pick|work)|"
             r"who('s| is) (best|free|available|the best)|who knows|who has (capacity|time|bandwidth)|"
             r"need someone (with|who)|someone who (knows|can)|需要一个.{0,10}的人|推荐.{0,6}人|who('s| is) good at|"
             r"anyone (who )?knows|who can (do|help)|谁懂|谁会|谁熟悉|谁有空|谁适合|谁合适|谁来|谁来做|推荐谁|谁合适|"
             r"谁比较合适|找谁|谁能|谁可以|懂\S{1,12}的人|谁有时间|"
             r"\b(anyone|anybody|someone|somebody)\b.{0,12}\b(free|available|capacity|bandwidth|time)\b.{0,15}\b(take|do|pick|handle|help|own)\b")
HELP = rx(r"^/?help\b|^/start\b|what can you do|what do you do|what (can|should) i (ask|say|tell|type)( you)?\b|"
          r"how (do|can|should) i (log|create|add|request|"
          r"ask|track|see|check|use|record|submit|approve|book|report|enter|fill in|apply for|rate)\s+(a |an |my |the |"
          r"some |for )?"
          r"(hours?|time|timesheets?|tasks?|todos?|tickets?|leave|vacation|holiday|day off|expenses?|overtime|"
          r"requests?|"
          r"reports?|charts?|status|budget|feedback|milestones?|it|this|that|here|things|work)\b|"
          r"how (do|can|should) i (get started|use (this|you|it|pmbot))|how does this (bot )?work|"
          r"^帮帮我\W*$|^help me\W*$|你会(做)?什么|能帮我(做)?什么|怎么用|你能(帮我)?做什么|能做什么|能干什么|使用说明|"
          r"帮助|有什么功能|怎么记工时|怎么请假|能干(嘛|啥)|能做啥|有啥用|(可以|能)问(你)?(些)?什么|"
          r"^\W*(who|what) are you\b|你是谁|你是什么|你叫什么名字|"
          r"\b(which|what) commands\b|\bcommands?\b.{0,20}\b(understand|support|know|accept)\b|what do you understand")
SMALLTALK = rx(r"^(hi|hello|hey|yo|morning|good (morning|afternoon|evening|night)|thanks?|thank you|thx|ty|"
               r"cheers|ok|okay|cool|nice|great|good job|well done|bye|lol|haha|gm|sup)\b|"
               r"^(你好|您好|早上好|早安|早|晚安|谢谢|谢啦|谢了|多谢|感谢|(大家|各位)?辛苦(了|啦)|好的|收到|哈哈|再见|嗯|ok|拜拜|棒)")
FAMILY = rx(r"\b(kid|kids|son|daughter|wife|husband|mom|mum|dad|mother|father|baby)\b|儿子|女儿|孩子|老婆|老公|妈|爸")
WORK_SPEND = rx(r"\b(client|customer|office|business|work|team|meeting|project|expense|reimburs\w*|"
                r"kickoff|workshop|site visit|onsite|consultant|supplier|vendor|partner|contractor)\b|顾问|供应商|"
                r"合作方|甲方|乙方|同事|报销|费用|客户|出差|公司|团队|会议|项目|记到|记一笔|现场")
PERSONAL_SPEND = rx(r"\b(home|phone|groceries|lunch|dinner|breakfast|coffee|movie|clothes|rent|gift|transfer|"
                    r"savings|shopping)\b|火锅|回家|手机|咖啡|电影|衣服|房租|礼物|午饭|晚饭|早饭|外卖|吃饭|转账")
PERSONAL = rx(r"\b(mom|mum|dad|mother|father|wife|husband|kids?|milk|eggs|groceries|shopping|laundry|"
              r"medicine|pills|dog|cat|gym|birthday|dentist|doctor|bills?|rent|car|flowers)\b|"
              r"妈|爸|老婆|老公|孩子|买菜|牛奶|吃药|健身|生日|交房租|取快递|洗衣服")
OUT_OF_SCOPE = rx(r"weather|forecast|joke|poem|riddle|fun fact|pizza|movie|film|song|\bsing\b|music|jazz|podcast|"
                  r"translate|synonym|\bdefine\b|alarm|timer|time is it|capital of|population of|president of|tallest|"
                  r"speed of light|bitcoin|stock price|exchange rate|credit card|debit card|\bbank\b|routing number|"
                  r"paycheck|mortgage|interest rate|savings|recipe|\bbake\b|\bboil\b|calories|amazon|my package|"
                  r"my order|pothole|landlord|\bgym\b|hiccups|flat tire|router|wifi|iphone|password|laptop|traffic|"
                  r"lakers|world cup|\bnba\b|until christmas|daylight saving|flip a coin|roll a di|are you a (robot|"
                  r"bot|human)|"
                  r"your name|how old are you|meaning of life|guitar|book a (table|flight|room)|github|"
                  r"\bwhat('s| is) (a |the )?(good|best)\b|\brecommend\b|\bany good\b|"
                  r"天气|下雨|下雪|气温|笑话|电影|小说|睡前故事|讲个.{0,3}故事|唱|歌|奶茶|吃什么|情书|比特币|股市|股票|汇率|信用卡|银行|"
                  r"花呗|借呗|账户余额|余额宝|房贷|公积金|社保|个税|工资|快递|包裹|双十一|优惠|淘宝|食堂|去哪玩|订.{0,4}(机票|酒店)|"
                  r"做法|怎么做(?!.{0,4}任务)|好吃|卡路里|减肥|失眠|感冒|首都|多高|圆周率|沸点|世界杯|球赛|"
                  r"机器人|你叫什么|几岁|无聊|心情|游戏|狗|猫|宠物|迪士尼|日出|春节|星期几|几点了|装修|年会|"
                  r"进度条|下载|高考|论文|考试|推荐(一|几)|电脑|密码|password|laptop|traffic|堵车")
# A read question needs something of ours to be about: a named thing, or words of the workplace.
ANCHOR = rx(r"<project>|<person>|<task>|<milestone>|<client>|\b(we|we're|our|us|project|projects|team|things|it|"
            r"everything|client|clients|sprint|release|launch|deliverables?)\b|我们|咱们|项目|团队|整体|大家|客户|交付|上线")
READ_FILLER = rx(r"\b(what's|whats|what|how's|hows|how|status|is|are|was|the|of|on|for|a|an|any|so|far|now|right|"
                 r"currently|current|overall|please|pls|me|show|give|tell|quick|can|you|check)\b|现在|目前|的|了|吗|呢|啊|"
                 r"一下|怎么样|如何|帮我|看看|查|给我|请问|[\W_\d]")


def score_all(s: Signals) -> dict[str, float]:
    """Evidence per intent; write intents are damped by question form and negation."""
    m = chat_speak(s.masked)
    scores = {name: fn(s, m) for name, fn in RULES.items()}
    question = is_question(m)
    for name in WRITE_INTENTS:
        if question:
            scores[name] -= 4.0
        if NEGATION.search(m) or TESTING.search(m) or NEGATED_ACT.search(m) or OTHERS_PAID.search(m):
            scores[name] -= 5
        if REPORTED.search(m) or HYPOTHETICAL.search(m):
            scores[name] -= 4
    if OUT_OF_SCOPE.search(m):
        ours = bool(s.kinds & {"project", "person", "task", "milestone", "client"}) or bool(s.task_ids)
        for name in scores:
            scores[name] -= 1.5 if ours else 2.5
    return scores


CHAT_SPEAK = {"u": "you", "ur": "your", "any1": "anyone", "some1": "someone", "sum1": "someone",
              "every1": "everyone", "pls": "please", "plz": "please", "thx": "thanks", "ty": "thanks"}
CHAT_WORD = re.compile(r"(?<![\w<#'])(" + "|".join(CHAT_SPEAK) + r")(?![\w>'])")


def is_question(m: str) -> bool:
    """Asked, not ordered: a question form not opened as a polite order ("can you log …"),
    or a polite opening that asks to be told ("can you tell me whether …")."""
    return bool(QUESTION.search(m)) and (not POLITE.search(m) or bool(ASK_TO_TELL.search(m)))


STATE_WORD = rx(r"\b(done|finished|complete|completed|reached|hit|met|achieved|delivered|signed off|"
                r"in progress|blocked|"
                r"started|closed|deleted|removed)\b|完成|做完|达成|搞定|结束|交付|进行中|卡住|开始|删")


def state_talk(m: str, has_ref: bool) -> bool:
    """A question about, or a denial of, a task's or milestone's state ("is #2 done?",
    "#6 还没完成", "Dashboard v1 is not reached yet"): answered with the state, never written."""
    if not has_ref or not STATE_WORD.search(m):
        return False
    return is_question(m) or bool(NEGATED_ACT.search(m))


def chat_speak(m: str) -> str:
    """Chat shorthand read as the words it stands for ("what can u do", "any1 free to take #3")."""
    return CHAT_WORD.sub(lambda w: CHAT_SPEAK[w.group(1)], m)


def anchored(s: Signals, m: str, trigger: re.Pattern[str]) -> bool:
    """A read question about something of ours, or a bare one ("status?", "进度怎么样")."""
    if ANCHOR.search(m) or s.project_like or s.task_ids:
        return True
    return not READ_FILLER.sub("", trigger.sub("", m)).strip()


def choose(s: Signals) -> tuple[str, float, list[tuple[str, float]]]:
    """The winning intent, a confidence in [0, 1], and the ranked candidates."""
    ranked = sorted(score_all(s).items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < THRESHOLD:
        return "unknown", round(min(0.95, 0.6 + (THRESHOLD - max(top, 0)) / 10), 2), ranked
    margin = top - max(second, 0)
    confidence = 0.5 + 0.5 * min(1.0, margin / 4) * min(1.0, top / 5)
    if best in WRITE_INTENTS and margin < 1.0:
        confidence = min(confidence, 0.6)
    return best, round(min(confidence, 0.99), 2), ranked


# ---------------------------------------------------------------- one rule per intent
def log_time(s: Signals, m: str) -> float:
    if OVERTIME.search(m) and not LOG_ALONE.search(m) and not s.past_date:
        return 0.0  # overtime ahead is a request; overtime already worked ("上周六加了会班") is logged
    if not s.hours:  # "log time", "记工时": a log without its hours; the bot asks how many
        return 3.0 if LOG_ALONE.search(m) and not QUESTION.search(m) else 0.0
    score = 1.5
    if LOG_VERB.search(m):
        score += 1.5
    if WORK_VERB.search(m):
        score += 0.5
    if "project" in s.kinds or "task" in s.kinds or s.project_like or s.task_ids:
        score += 1.5
    if s.bare:
        score += 1.5
    elif s.dates and not QUESTION.search(m) and not _search(r"\b(took|takes|lasted|lasts|was|were)\b|用了|持续", m):
        score += 1.0  # "昨天写SQL 3小时", "yesterday 3h writing tests": hours on a day worked
    if _search(r"\b(estimate|est|estimated)\b|预计|预估|估计", m) or CREATE.search(m):
        score -= 2  # hours in "add a task …, 6 hours" are its estimate, not time worked
    ours = "project" in s.kinds or "task" in s.kinds or s.project_like or s.task_ids
    if PERSONAL_ACTIVITY.search(m) and not ours:
        score -= 3  # "I spent 3 hours cooking", "跑了3个小时的步"
    return score


def timesheet(s: Signals, m: str) -> float:
    work = bool(WORK_HOURS.search(m)) or bool(s.kinds & {"person", "project", "task"}) or s.project_like
    score = (3.5 if work else 1.0) if TIMESHEET.search(m) else 0.0
    if (not score and HOURS_WORD.search(m) and not s.hours and not REPORT.search(m) and work
            and (QUESTION.search(m) or s.dates or s.kinds & {"person", "project"})
            and not (NEGATION.search(m) or HYPOTHETICAL.search(m))):
        score = 2.6
    if _search(r"did (i|<person>) log|记工时了吗|记了吗", m):
        score = 4.0
    if not score and not s.hours and OWN_HOURS.search(m) and not LOG_ALONE.search(m):
        score = 3.0  # "my hours this week", "<person>'s hours in november": whose hours, a summary
    return score


OWN_HOURS = rx(r"\b(my|our|his|her|their|<person>'s|<person>)\s+(logged\s+|booked\s+)?(hours|hrs|time ?sheets?)\b|"
               r"(我|我们|<person>)的工时")


def create_task(s: Signals, m: str) -> float:
    if not CREATE.search(m):
        return 0.0
    personal = PERSONAL.search(m) and not ({"project", "person"} & s.kinds)
    return 1.5 if personal else 4.5


def update_task(s: Signals, m: str) -> float:
    ref = bool(s.task_ids) or "<task>" in m
    if not ref:
        return 0.0
    changes = sum(bool(p.search(m)) for p in (STATUS_CHANGE, ASSIGN_CHANGE, PRIORITY_CHANGE, DUE_CHANGE))
    changes += int(s.progress and not s.hours and not s.money)
    if s.progress and changes and not s.hours:
        return 5.0  # "#3 80% there", "#13 进度40%": how far along the task is
    if not changes:
        return 0.5
    score = 2.5 + (1.5 if s.task_ids else 0.5) + 0.3 * changes
    if DECIDE.search(m) or SUGGEST.search(m) or s.hours:
        score -= 2.5
    return score


# Deleting a task, not a field of it: "remove sam from #7", "delete the due date of #7" and
# "remove the dependency" change the task (or are not ours to guess) and are left to others.
DELETE = rx(r"\b(delete|remove|drop|trash|erase|get rid of)\b|删除|删掉|删了|删去|移除|去掉任务|撤掉任务")
DELETE_PART = rx(r"\b(delete|remove|drop|erase)\b.{0,30}\b(from|due|deadline|date|dependency|dependencies|"
                 r"assignee|priority|estimate|note|comment|label|tag)\b|"
                 r"(截止|日期|依赖|负责人|优先级|估时|备注|评论|标签)\S{0,4}(删除|删掉|去掉|移除)|从.{1,20}(删除|移除)")


def delete_task(s: Signals, m: str) -> float:
    ref = bool(s.task_ids) or "<task>" in m
    if not ref or not DELETE.search(m):
        return 0.0
    return 1.0 if DELETE_PART.search(m) or "<person>" in m else 5.0


def list_tasks(s: Signals, m: str) -> float:
    score = 3.5 if LIST_TASKS.search(m) else 0.0
    if score and QUESTION.search(m):
        score += 0.5
    return score


def project_status(s: Signals, m: str) -> float:
    if state_talk(m, bool(s.task_ids) or "<task>" in m or "<milestone>" in m):
        return 4.5
    if not STATUS.search(m):
        return 0.0
    if not anchored(s, m, STATUS):
        return 1.5  # "what's the status of my amazon order", "下载进度一直是0"
    return 3.0 + (0.5 if "<project>" in m or "project" in m or "项目" in m else 0.0)


BUDGET_OURS = rx(r"\b(left|remaining|burn|burned|burnt|spent|over|under|used)\b|还剩|剩|超支|花了|用了|烧")


def budget_status(s: Signals, m: str) -> float:
    if not BUDGET.search(m):
        return 0.0
    if not (anchored(s, m, BUDGET) or BUDGET_OURS.search(m)):
        return 1.5  # "the budget of the new avengers movie", "装修预算20万够吗"
    if s.hours and not QUESTION.search(m):
        return 1.0  # "half an hour on X, budget review": hours worked on budgets, not a budget question
    return 3.5 + (0.5 if QUESTION.search(m) else 0.0)


def log_expense(s: Signals, m: str) -> float:
    """An amount spent for work: personal spending ("taxi home", "火锅") is not an expense."""
    score = 2.0 if s.money else 0.0
    if EXPENSE.search(m):
        score += 2.0 if (s.money or s.bare_number) else 0.5
    work = WORK_SPEND.search(m) or ({"project", "client"} & s.kinds) or s.project_like
    if work and score:
        score += 1.0
    elif PERSONAL_SPEND.search(m) or PERSONAL.search(m):
        score = min(score, 1.5)
    if _search(r"多少钱|how much", m):
        score -= 3
    return score


# A wish is not a request: "i need a vacation so badly" names no day; "vacation from dec 21" does.
LEAVE_WISH = rx(r"^(?!.*(\bleave\b|\bpto\b|\boff\b|请假|病假|年假|事假|休假|调休|请.{0,3}假)).*(vacation|holiday)")
DAY_OFF = rx(r"\b(need|needs|want|wanna|would like|like|get|getting|have|request|requesting)\b.{0,20}"
             r"\b(today|tomorrow|mon|monday|tue|tuesday|wed|wednesday|thu|thursday|fri|friday|day|days|morning|afternoon|week)\s+off\b")


def request_leave(s: Signals, m: str) -> float:
    if LEAVE.search(m) or DAY_OFF.search(m):
        score = 4.0 if s.dates or not LEAVE_WISH.search(m) else 2.0
    elif LEAVE_WEAK.search(m):
        mine = _search(r"\b(i'm|i am|i'll be|i will be|feeling|i feel)\b|我", m) and not FAMILY.search(m)
        score = 3.5 if mine and s.dates else 2.0
    else:
        return 2.0 if _search(r"\bleave\b", m) else 0.0
    if s.past_date:
        score -= 2.5
    return score - _someone_else(m) - (2.5 if DECIDE.search(m) else 0.0)


def request_overtime(s: Signals, m: str) -> float:
    if not OVERTIME.search(m):
        return 0.0
    score = 4.5 - (2.5 if s.past_date else 0.0) - (2.5 if COMPLAINT.search(m) and not s.hours else 0.0)
    return score - _someone_else(m) - (2.5 if DECIDE.search(m) else 0.0)


# A sigh about overtime ("这个周末加班好累啊") is not asking for it.
COMPLAINT = rx(r"好累|太累|累死|累啊|累了|好烦|烦死|崩溃|受不了|又要|\b(so tired|exhausted|sucks|hate|ugh)\b")


def _someone_else(m: str) -> float:
    """ "dave is on leave", "他今天请假了": news about another person is not a request."""
    other = _search(r"<person>|\b(he|she|they|he's|she's|they're)\b|他|她", m)
    mine = _search(r"\b(i|i'm|i'd|i'll|me|my)\b|我(?!们)", m)
    return 2.5 if other and not mine else 0.0


def decide(s: Signals, m: str) -> float:
    if not DECIDE.search(m) or QUESTION.search(m) or OPINION.search(m) or THIRD_PARTY_DECISION.search(m):
        return 0.0
    score = 2.0
    if REQUEST_REF.search(m):
        score += 2.5
    if _fullmatch(r"\W*(ok|okay|yes|fine|sure|lgtm|looks good)?\W*(approved?|rejected?|declined?|lgtm|批准|同意|驳回|"
                  r"拒绝|不批|不同意|批了|准了)"
                    r"\W*(it|that|this|吧|了)?\W*", m) or _search(r"\b(approve|reject|decline) (it|that|them)\W*$", m):
        score += 1.5
    if "<milestone>" in m and REACHED.search(m):
        score -= 3
    return score


OPINION = rx(r"\b(approves?|approved|approving) of\b|\bagree with\b|同意(你|您|他|她)的?(看法|观点|说法|意见)")
THIRD_PARTY_DECISION = rx(
    r"\b(i|we|he|she|they|it|my|his|her|their|our|the|a|an|[a-z]+'s)\b[\w\s']{0,25}?\b(approved|rejected|declined|denied)\b"
    r"|(他|她|他们|领导|老板|经理|法院|银行|房东|学校|公司)\S{0,4}(批准|驳回|拒绝|同意|批)了")


# What waits for my decision, or what became of my own request.
APPROVAL_LIST = rx(r"waiting (for|on) (my|your) (approval|decision|sign[- ]?off)|\bpending (approvals?|requests?)\b|"
                   r"\b(approvals?|requests?) (waiting|pending)\b|awaiting (my )?(approval|decision)|"
                   r"\b(anything|something|what|requests?|which)\b.{0,20}\b(for me|i need|i have|do i need)\s+to\s+"
                   r"(approve|sign off|decide|review)|"
                   r"待我审批|等我审批|待审批|需要我?审批|要我批|待我批|等我批|审批列表|待批")
OWN_REQUEST = rx(r"\b(my|our)\s+(leave|overtime|expense|expenses|vacation|pto|holiday|day off|time off|ot|"
                 r"request|requests)\b.{0,30}"
                 r"\b(approved|rejected|declined|decided|accepted|signed off|through|status)\b|"
                 r"\b(status|state) of my (leave|overtime|expense|request)|"
                 r"我的(请假|加班|报销|申请|年假|病假|事假|调休|休假|加班申请|请假申请|报销申请).{0,8}(批|通过|审批|怎么样|结果|状态|同意)")


def list_approvals(s: Signals, m: str) -> float:
    return 5.5 if APPROVAL_LIST.search(m) or OWN_REQUEST.search(m) else 0.0


def complete_milestone(s: Signals, m: str) -> float:
    if not REACHED.search(m):
        return 0.0
    if "<milestone>" in m:
        return 5.0 if not s.task_ids else 2.0
    return 2.4 if MILESTONE_WORD.search(m) else 0.0


# Pointing at a source is the surest sign of a documents question, whatever it is about
# ("according to the kickoff minutes, who signs off on the budget?").
DOCS_SOURCE = rx(r"according to|\bper (the|our)\b|\bsay about\b|\b(does|did)\b.{0,40}\bsay\b|根据.{0,12}(文档|手册|"
                 r"合同|纪要|规范|制度)|"
                 r"(文档|手册|合同|纪要|规范|制度|说明书)(里|中|上)")


def ask_docs(s: Signals, m: str) -> float:
    if not DOCS.search(m):
        return 0.0
    return 3.0 + (0.5 if QUESTION.search(m) else 0.0) + (1.5 if DOCS_SOURCE.search(m) else 0.0)


def feedback(s: Signals, m: str) -> float:
    score = 0.0
    if s.score:
        score += 3.0
    if FEEDBACK.search(m):
        score += 1.5
    if s.is_contact:
        score += 0.5
    elif not s.kinds & {"project", "milestone"}:
        return min(score, 2.0)
    return score if s.score or s.is_contact else min(score, 2.0)


def report(s: Signals, m: str) -> float:
    if REPORT.search(m) and REPORT_KIND.search(m):
        return 5.5
    if REPORT_KIND.search(m) and not s.score:
        # "what is the risk on X?" / "X有什么风险": the risk report, not X's general status
        return 4.5 if RISK_ASK.search(m) and "project" in s.kinds else 3.0
    return 1.0 if REPORT.search(m) else 0.0


def chart(s: Signals, m: str) -> float:
    if CHART_ADVICE.search(m) and not s.kinds & {"project", "client"}:
        return 1.0
    if CHART.search(m):
        return 5.0
    return (3.0 if CHART_ANY.search(m) else 0.0) - (2.0 if s.hours else 0.0)


def suggest_assignee(s: Signals, m: str) -> float:
    return 5.5 if SUGGEST.search(m) else 0.0


def help_(s: Signals, m: str) -> float:
    return 6.0 if HELP.search(m) else 0.0


def smalltalk(s: Signals, m: str) -> float:
    stripped = re.sub(r"[\W_]+", "", m)
    if not stripped:
        return 3.0  # emoji or punctuation only
    if SMALLTALK.search(m.strip()) and len(m.split()) <= 5 and len(m) <= 30:
        return 3.0
    return 0.0


def unknown(s: Signals, m: str) -> float:
    return 0.0


RULES = {
    "log_time": log_time, "timesheet": timesheet, "create_task": create_task,
    "update_task": update_task, "delete_task": delete_task, "list_tasks": list_tasks, "project_status": project_status,
    "budget_status": budget_status, "log_expense": log_expense, "request_leave": request_leave,
    "request_overtime": request_overtime, "decide": decide,
    "complete_milestone": complete_milestone, "ask_docs": ask_docs, "feedback": feedback,
    "report": report, "chart": chart, "suggest_assignee": suggest_assignee, "help": help_,
    "smalltalk": smalltalk, "unknown": unknown, "list_approvals": list_approvals,
}
