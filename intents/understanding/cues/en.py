"""English cue words of the classifier: one regular expression (an alternation) per cue.

`intents.understanding.cues` joins every language's entry of a cue into the pattern the rules
read, so a message that mixes languages ("how is 官网改版 going?") meets both. Names are the
cue's (`QUESTION`, `LOG_VERB`, …); the rules in `intents.understanding.classify` say what each
cue counts as, and each `IntentSpec` names the cues its rule reads. An empty entry: this
language has no words for that cue. Named things are masked before the cues read a message
(`<project>`, `<person>`, `<task>`, `<milestone>`, `<client>`).
"""
from __future__ import annotations

CUES: dict[str, str] = {
    # "did 2h of code review …" opens with "did" and reports hours done: no question
    "QUESTION": (r"\?|^(how|what|what's|whats|which|who|who's|when|where|why|is|are|do|does|did|has|"
                 r"have|should|will|any)\b(?!\s+(?:\d|(?:about|around|another|roughly) \d|an hour|"
                 r"half an hour|a couple (?:of )?hours))"),
    "ASK_TO_TELL": r"\b(tell me|let me know|check|confirm|see)\b.{0,12}\b(whether|if)\b|\bwhether\b",
    "NEGATED_ACT": (r"(?:\b(?:not|never|no longer)\b|n't\b)\s+(?:(?:yet|really|even|been|be|quite|fully|"
                    r"actually|going to|gonna)\s+)*(?:done|finished|finish|complete|completed|reached|"
                    r"reach|hit|met|delivered|signed off|taking|take|taken|need|needing|request|"
                    r"requesting|log|logging|logged|work|worked|working|spend|spent|pay|paid|approve|"
                    r"approved|start|started|in progress|blocked|delete|deleted|remove|removed)\b|"
                    # progress denied ("#13 is not 50% done", "I'm not halfway through #13") and a
                    # task not got done ("I didn't get #13 done"): no progress or status to write
                    r"(?:\b(?:not|never)\b|n't\b)\s+(?:(?:yet|even|quite|really)\s+)*(?:\d{1,3}\s*%|"
                    r"halfway|half\b|a (?:third|quarter)\b)|(?:\b(?:not|never)\b|n't\b)\s+(?:get|got|gotten)"
                    r"\b[^.,;!?]{0,30}?\b(?:done|finished|completed?)\b"),
    "OTHERS_PAID": (r"\b(client|clients|customer|customers|they|<client>|<person>)\b[^.?!]{0,20}\b(paid|"
                    r"transferred|wired|settled)\b|\bpaid (their|the|our|an?) invoices?\b"),
    "POLITE": (r"^(can|could|would|will) (you|u)\b|^(can|could) (someone|somebody|anyone|anybody) "
               r"(please |pls )?(create|add|open|make|set up|file|raise)\b|\b(can|could|would) (you|u) (please |pls |"
               r"kindly )?(create|add|log|make|mark|set|assign|put|record|book|submit|approve|reject|"
               r"move|change|update|open|file|raise|request|close|reassign|register|note|push|bump)\b|"
               r"^(can|could|may) i (do|take|have|get|log|work|book|claim|expense|submit)\b|^(pls|please)\b"),
    "NEGATION": r"\b(don't|dont|do not|never|no need to|not now|stop)\b",
    # "he claims", never "can I claim 45 rmb" (claiming an expense)
    "REPORTED": r"\b(said|says|told (me|us|him|her)|mentioned|heard|claims|apparently)\b|(?<!\bi )(?<!to )\bclaim\b",
    # Another person as the subject of a record already made: news, not a request to make it.
    "OTHERS_RECORDED": (r"^\W*<person>\s+(?:(?:has|had|already|just|also)\s+)*(?:logged|booked|"
                        r"recorded|entered|tracked|put in|filed|submitted)\b"),
    "HYPOTHETICAL": r"^(what if|if|suppose|imagine|in case)\b|\bwhat if\b",
    "TESTING": r"\b(just testing|test(ing)? only)\b",
    "LOG_VERB": r"\b(log|logged|logging|record|book|track|put (down|in)?|add(ed)?|enter)\b",
    "WORK_VERB": r"\b(worked|working|spent|spend|did|done|put)\b",
    "TIMESHEET": (r"how (many|much) (hours|time)|how long (did|have)|timesheet|time sheet|hours (did|"
                  r"have|has|were)|did (i|we|\w+) log|(has|have|did) (i|we|<person>|\w+) (logged|log)|"
                  r"what (i|he|she|<person>) logged"),
    "HOURS_WORD": r"\bhours?\b|\bhrs?\b",
    "WORK_HOURS": (r"\b(log|logs|logged|logging|book|booked|record|recorded|track|tracked|work|worked|"
                   r"working|spent|spend|put in|bill|billed|clock|clocked|charged|did (i|we|you|he|she|"
                   r"they|<person>)|have (i|we|you)|has <person>|timesheets?)\b"),
    "LOG_ALONE": (r"^\W*/?(log|record|book|track|enter|add)\s+(my\s+|some\s+|the\s+)?(time|hours?|"
                  r"hrs)\b|^\W*/log\b"),
    "PERSONAL_ACTIVITY": (r"\b(cook|cooking|cooked|gym|workout|worked out|exercise|running|ran|jogging|"
                          r"sleep|slept|homework|gaming|netflix|shopping)\b"),
    "CREATE": (r"\b(create|add|new|make|open|set up)\b[^.?!]{0,25}\b(task|todo|ticket)\b|^(todo|"
               r"to-do)\b|\btodo:|\bremind me to\b|^(task|ticket) (for|on|to)\b|^(task|ticket):|"
               r"\b(need|needs|want|wants)\s+(a|an|another|one more)\s+(new\s+)?(task|ticket|todo)\b"
               r"(?!\s*(list|board|tracker|tool|system|manager|management|template))"),
    "STATUS_CHANGE": (r"\b(done|finished|complete|completed|in progress|blocked|block|todo|to do|reopen|"
                      r"on hold|pause|paused|reopened|start(ed)?|flag|flagged|stuck|closed?)\b"),
    "ASSIGN_CHANGE": (r"\b(reassign|assign|hand|give|pass)\b|\b(i'll|i will|let me|i can) take\b|"
                      r"\btake over\b"),
    "PRIORITY_CHANGE": r"\b(priority|prio|urgent)\b",
    "DUE_CHANGE": (r"\b(due|deadline|push|postpone|move|delay|extend|reschedule)\b|\b(pull|bring|"
                   r"move)\b.{0,12}\b(in|forward|up|back)\b"),
    "LIST_TASKS": (r"on (my|his|her|their|your|<person>'s|\w+'s) plate|working on|(my|his|her|their|"
                   r"<person>'s|<person>) (open |todo |blocked |)tasks|\btasks (on|in|for|of)\b|"
                   r"\blist\b.*\btasks?\b|which tasks|what('s| is| are)( \w+)? (due|in progress|"
                   r"blocked|overdue|open)|show( me)? .*tasks|did <person> (finish|complete|do)|"
                   r"\b(is|are) (there )?(anything|something|any tasks?) (still )?(in progress|blocked|open|"
                   r"overdue)\b|"
                   r"\bwhat('s| is| are) (<person>|he|she|they|you) up to\b|"
                   r"left to do|what should i (work on|do) next|\banything due\b|what('s|"
                   r" is) <person> (doing|working on)|\bwhat tasks\b|\btasks (do|does|are|is|did) |"
                   r"\bwhat (do|does) (i|you|we|he|she|they|<person>) have (due|on|left|open|to (do|"
                   r"finish|deliver))\b|\bhave due\b|\bwhat task (do|does|is)|\b(any|all|open|blocked|"
                   r"overdue|pending|remaining|unfinished|completed)\b.{0,12}\btasks?\b|\boverdue\b|"
                   r"\b(anything|any|what('s| is)?)\b.{0,12}\b(blocked|stuck)\b"),
    "STATUS": (r"how('s| is| are)\b.*\b(going|doing|progressing|coming along|looking|shaping up|"
               r"getting on)|\bstatus\b|where are we|overview|summary|\bupdate on\b|any news|news on|"
               r"how are things|when (is|will) .{0,30}\b(due|done|ready|launch|live)|when (is|"
               r"will) (the )?<milestone>|on track|behind schedule|progress|on schedule|as planned|"
               r"\brisks?\b|\bat risk\b|lay of the land|\brundown\b|\blowdown\b|\bsitrep\b|state of play|"
               r"\bwhat('s| is) the latest\b|\blatest on\b"),
    "BUDGET": (r"\bbudgets?\b|over budget|budget vs|total spend|spend so far|\bburn rate\b|"
               r"how much (money|have we spent|did we spend|is left)"),
    "EXPENSE": (r"\b(expense|expenses|reimburse|receipt|taxi|uber|didi|cab|hotel|flight|train|ticket|"
                r"travel|procurement|tickets|bought|purchase|purchased|license|licence|subscription|"
                r"courier|meal|dinner|lunch|freelance|freelancer|contractor|paid|cost me|ordered|picked up|hired)\b"),
    "LEAVE_WEAK": r"\bsick (today|tomorrow)\b|\b(a|one|two|\d) days? off\b|\bday off\b",
    "LEAVE": (r"\b(annual|sick|personal|paid|unpaid|maternity|paternity|parental|family|medical|"
              r"half[- ]day)\s+leave\b|\b(take|taking|took|need|want|request|requesting)\s+(a\s+)?"
              r"half[- ]day\b(?!\s+(?:of|on|for|at)\b)|\bleave (request|from|on|for (today|tomorrow|next|this|the)|"
              r"today|tomorrow|next|this)\b|\b(take|taking|took|request|requesting|apply for|need|want|"
              r"on)\s+(a\s+|some\s+)?leave\b|\boff sick\b|\btake\b.{0,20}\boff\b|"
              r"\btaking\b.{0,20}\boff\b|vacation|holiday|\bpto\b|sick day|personal day|"
              r"call(ing)? in sick|\b(i'm|i am|i'll be|i will be|i'm going to be)\s+(off|away|"
              r"out of (the )?office)\b|\b(i'm|i am|i'll be|i will be)\s+out\s+(today|tomorrow|next|this|"
              r"from|all (day|week))\b"),
    "OVERTIME": r"overtime|\bot\b|extra hours|work(ing)? late|stay(ing)? late",
    "DECIDE": r"\b(approve|approved|approving|reject|rejected|decline|declined|deny|denied|lgtm)\b",
    "REQUEST_REF": (r"#\d+|request \d+|request|'s (leave|overtime|expense|ot|vacation|pto|holiday|"
                    r"time off|day off|sick leave|annual leave)"),
    "MILESTONE_WORD": r"\bmilestones?\b",
    "REACHED": r"\b(done|complete|completed|reached|achieved|hit|finished|delivered|signed off|met)\b",
    "DOCS": (r"according to|where (can|do) i find|\bper the\b|\bsays\b|\b(does|did)\b.{0,40}\bsay\b|"
             r"say about|document|\bdocs?\b|\bspec\b|\bsow\b|contracts?|handbook|policy|policies|"
             r"guidelines?|manual|(meeting|kickoff|kick-off|the) minutes|meeting notes|wiki|"
             r"requirements doc|checklist|runbook|playbook|style guide|\bsop\b|\bfaq\b|readme|"
             r"\b(based on|going by|as per)\b.{0,50}\b(specs?|requirements|contract|sow|agreement|proposal|"
             r"brief)\b"),
    "FEEDBACK": r"\b(rate|rating|feedback|score|stars?)\b",
    "REPORT": r"\breport\b",
    "REPORT_KIND": (r"profit|profitability|margin|utili[sz](ation|ed)|satisfaction|variance|\brisk(s|y)?\b|"
                    r"\b(overloaded|overworked|overbooked|stretched too thin)\b"),
    "RISK_ASK": r"\brisk(s|y)?\b",
    "CHART": r"gantt|kanban|burn[- ]?down|\bboard\b|(utili[sz]ation|budget|progress) (chart|graph)",
    "CHART_ADVICE": r"\b(tool|tools|app|software|template|tutorial|excel)\b",
    "CHART_ANY": r"\bcharts?\b|\bgraphs?\b|\bdiagram\b|\bplot (a|the|me|it|our)\b",
    "SUGGEST": (r"who (should|can|could|would|will|is able to) (take|do|handle|own|pick|work)|who('s|"
                r" is) (best|free|available|the best)|who knows|who has (capacity|time|bandwidth)|"
                r"need someone (with|who)|someone who (knows|can)|who('s| is) good at|"
                r"anyone (who )?knows|who can (do|help)|\b(anyone|anybody|someone|"
                r"somebody)\b.{0,12}\b(free|available|capacity|bandwidth|time)\b.{0,15}\b(take|do|pick|"
                r"handle|help|own)\b|\b(anyone|anybody|someone|somebody) (with|who has|who's got) "
                r"[\w+#. -]{1,25}\b(skills?|experience)\b"),
    "HELP": (r"^/?help\b|^/start\b|what can you do|what do you do|what (can|should) i (ask|say|tell|"
             r"type)( you)?\b|how (do|can|should) i (log|create|add|request|ask|track|see|check|use|"
             r"record|submit|approve|book|report|enter|fill in|apply for|rate)\s+(a |an |my |the |"
             r"some |for )?(hours?|time|timesheets?|tasks?|todos?|tickets?|leave|vacation|holiday|"
             r"day off|expenses?|overtime|requests?|reports?|charts?|status|budget|feedback|"
             r"milestones?|it|this|that|here|things|work)\b|how (do|can|should) i (get started|"
             r"use (this|you|it|pmbot))|how does this (bot )?work|^help me\W*$|^\W*(who|"
             r"what) are you\b|\b(which|what) commands\b|\bcommands?\b.{0,20}\b(understand|support|"
             r"know|accept)\b|what do you understand"),
    "SMALLTALK": (r"^(hi|hello|hey|yo|morning|good (morning|afternoon|evening|night)|thanks?|thank you|"
                  r"thx|ty|cheers|ok|okay|cool|nice|great|good job|well done|bye|lol|haha|gm|sup)\b"),
    "FAMILY": r"\b(kid|kids|son|daughter|wife|husband|mom|mum|dad|mother|father|baby)\b",
    "WORK_SPEND": (r"\b(client|customer|office|business|work|team|meeting|project|expense|reimburs\w*|"
                   r"kickoff|workshop|site visit|onsite|consultant|supplier|vendor|partner|"
                   r"contractor)\b"),
    "PERSONAL_SPEND": (r"\b(home|phone|groceries|lunch|dinner|breakfast|coffee|movie|clothes|rent|gift|"
                       r"transfer|savings|shopping)\b"),
    "PERSONAL": (r"\b(mom|mum|dad|mother|father|wife|husband|kids?|milk|eggs|groceries|shopping|laundry|"
                 r"medicine|pills|dog|cat|gym|birthday|dentist|doctor|bills?|rent|car|flowers)\b"),
    "OUT_OF_SCOPE": (r"weather|forecast|joke|poem|riddle|fun fact|pizza|movie|film|song|\bsing\b|music|"
                     r"jazz|podcast|translate|synonym|\bdefine\b|alarm|timer|time is it|capital of|"
                     r"population of|president of|tallest|speed of light|bitcoin|stock price|"
                     r"exchange rate|credit card|debit card|\bbank\b|routing number|paycheck|mortgage|"
                     r"interest rate|savings|recipe|\bbake\b|\bboil\b|calories|amazon|my package|"
                     r"my order|pothole|landlord|\bgym\b|hiccups|flat tire|router|wifi|iphone|password|"
                     r"laptop|traffic|lakers|world cup|\bnba\b|until christmas|daylight saving|"
                     r"flip a coin|roll a di|are you a (robot|bot|human)|your name|how old are you|"
                     r"meaning of life|guitar|book a (table|flight|room)|github|\bwhat('s| is) (a |"
                     r"the )?(good|best)\b|\brecommend\b|\bany good\b|password|laptop|traffic"),
    "ANCHOR": (r"<project>|<person>|<task>|<milestone>|<client>|\b(we|we're|our|us|project|projects|"
               r"team|things|it|everything|client|clients|sprint|release|launch|deliverables?)\b"),
    "READ_FILLER": (r"\b(what's|whats|what|how's|hows|how|status|is|are|was|the|of|on|for|a|an|any|so|"
                    r"far|now|right|currently|current|overall|please|pls|me|show|give|tell|quick|can|"
                    r"you|check)\b|[\W_\d]"),
    # "finish" only denied ("I didn't finish #11"): "did jun finish X?" asks for jun's tasks
    "STATE_WORD": (r"(?:n't|\bnot|\bnever)\s+(?:yet\s+)?finish\b|"
                   r"\b(done|finished|complete|completed|reached|hit|met|achieved|delivered|signed off|"
                   r"in progress|blocked|started|closed|deleted|removed)\b"),
    "OWN_HOURS": (r"\b(my|our|his|her|their|<person>'s|<person>)\s+(logged\s+|booked\s+)?(hours|hrs|"
                  r"time ?sheets?)\b"),
    "ESTIMATE": r"\b(estimate|est|estimated)\b",
    "DURATION_OF": r"\b(took|takes|lasted|lasts|was|were)\b",
    "DID_LOG": r"did (i|<person>) log",
    "DELETE": r"\b(delete|remove|drop|trash|erase|get rid of)\b",
    "DELETE_PART": (r"\b(delete|remove|drop|erase)\b.{0,30}\b(from|due|deadline|date|dependency|"
                    r"dependencies|assignee|priority|estimate|note|comment|label|tag)\b"),
    "BUDGET_OURS": r"\b(left|remaining|burn|burned|burnt|spent|over|under|used)\b",
    "HOW_MUCH": r"how much",
    "SELF": r"\b(i'm|i am|i'll be|i will be|feeling|i feel)\b",
    "LEAVE_WORD": r"\bleave\b",
    "OTHER_PERSON": r"<person>|\b(he|she|they|he's|she's|they're)\b",
    "MINE": r"\b(i|i'm|i'd|i'll|me|my)\b",
    "DECIDE_IT": r"\b(approve|reject|decline) (it|that|them)\W*$",
    "LEAVE_WISH": r"",
    "DAY_OFF": (r"\b(need|needs|want|wanna|would like|like|get|getting|have|request|"
                r"requesting)\b.{0,20}\b(today|tomorrow|mon|monday|tue|tuesday|wed|wednesday|thu|"
                r"thursday|fri|friday|day|days|morning|afternoon|week|\d{1,2}(?:st|nd|rd|th))\s+off\b"),
    "COMPLAINT": r"\b(so tired|exhausted|sucks|hate|ugh)\b",
    "OPINION": r"\b(approves?|approved|approving) of\b|\bagree with\b",
    "THIRD_PARTY_DECISION": (r"\b(i|we|he|she|they|it|my|his|her|their|our|the|a|an|"
                             r"[a-z]+'s)\b[\w\s']{0,25}?\b(approved|rejected|declined|denied)\b"),
    "APPROVAL_LIST": (r"waiting (for|on) (my|your) (approval|decision|sign[- ]?off)|"
                      r"\bpending (approvals?|requests?)\b|\b(approvals?|requests?) (waiting|"
                      r"pending)\b|awaiting (my )?(approval|decision)|\b(anything|something|what|"
                      r"requests?|which)\b.{0,20}\b(for me|i need|i have|do i need)\s+to\s+(approve|"
                      r"sign off|decide|review)"),
    "OWN_REQUEST": (r"\b(my|our)\s+(leave|overtime|expense|expenses|vacation|pto|holiday|day off|"
                    r"time off|ot|request|requests)\b.{0,30}\b(approved|rejected|declined|decided|"
                    r"accepted|signed off|through|status)\b|\b(status|state) of my (leave|overtime|"
                    r"expense|request)"),
    "MILESTONE_ASK": (r"\b(still|realistic|feasible|achievable|likely|on track|on for|on schedule|"
                      r"make it|going to make|gonna make|will we make|slip|slipping|at risk|in danger|"
                      r"when|safe)\b"),
    "DOCS_SOURCE": (r"according to|\bper (the|our)\b|\bsay about\b|\b(does|did)\b.{0,40}\bsay\b|"
                    r"\b(based on|going by|as per) (the|our)\b"),
}
