"""Personal reminders, alarms, to-do lists and calendars: not project work (issue 13, part 4).

"提醒我8:10起床", "remind me to buy milk", "take the dentist off my todo list" and "take my
birthday party off my calendar on Saturday" read, to the rules, like a task or a day off. They
are the user's own life, which pmbot does not keep: such a message is answered that pmbot keeps
project work (and asked which project, if it is one), never written as a task or a leave
request. A reminder about project work ("remind me to send the mockups to emma next monday",
"提醒我下周一把样片发给赵敏") stays a task, as before.

The judgement, in order:
- an organiser word for the user's own life ("my calendar", "my to-do list", "alarm",
  "wake me", 日历, 日程, 待办清单, 闹钟, 叫我起床) with no project, task or milestone named:
  personal;
- "cancel / move / take my …" with a private errand ("cancel my gym session"): personal;
- a reminder ("remind me", 提醒我, 提我, 记得提醒) naming no project, task, milestone, client
  or colleague whose errand is from private life (milk, dentist, gym, 买菜, 起床, 吃药, …) or
  is only a time of day or an arrival ("8:10", "说到上海了"): personal.
Pure word lists, no model: it must be right on a one-shot `pmbot parse` in a millisecond.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

WORK_KINDS = frozenset({"project", "task", "milestone", "client"})

ORGANISER = re.compile(
    r"\bmy\s+(?:personal\s+)?(?:calendar|diary|agenda|schedule|to-?do(?:\s+list)?|todo\s+list|"
    r"reminders?|shopping list)\b|\balarm\b|\bwake me\b|\bset (?:a|an) (?:reminder|timer)\b|"
    r"日历|日曆|日程|行事历|行事曆|待办清单|待辦清單|待办里|待辦裡|我的待办|我的待辦|闹钟|鬧鐘|"
    r"叫我起床|叫醒我|備忘錄|备忘录", re.IGNORECASE)

REMINDER = re.compile(
    r"\bremind me\b|\bdon'?t let me forget\b|提醒我|提我|记得提醒|記得提醒|记得叫我|記得叫我|幫我記住|帮我记住",
    re.IGNORECASE)

PRIVATE = re.compile(
    r"\b(?:milk|bread|eggs|groceries|grocery|shopping|dentist|doctor|gp|vet|pharmacy|pills?|"
    r"vitamins?|medicine|meds|gym|yoga|pilates|squash|tennis|football|run(?:ning)?|jog|"
    r"birthday|anniversary|party|wedding|mum|mom|mother|dad|father|sister|brother|wife|husband|"
    r"kids?|son|daughter|baby|school|plants?|garden|dog|cat|laundry|dry cleaning|haircut|barber|"
    r"plumber|landlord|rent|passport|visa|car|petrol|parcel|dinner|lunch|breakfast|"
    r"movie|concert|flight home|wake up|sleep|trash|bins?|dishes|credit card|bills?|netflix|spotify|hospital)\b|"
    r"起床|买菜|買餸|吃药|食藥|服药|牙医|牙醫|看病|医院|醫院|复查|複查|医生|醫生|体检|健身|瑜伽|跑步|生日|聚会|聚會|"
    r"婚礼|妈|媽|爸|老婆|老公|孩子|仔仔|女儿|儿子|接娃|放學|放学|浇花|淋花|快递|快遞|取件|"
    r"加油|洗车|交水电|水电费|信用卡|账单|賬單|房租|护照|護照|签证|簽證|理发|剪头|剪頭|电影|電影|"
    r"睇波|看球|饮茶|飲茶|吃饭|食飯|晚饭|午饭|睡觉|瞓覺|礼物|禮物|遛狗|倒垃圾|洗衣",
    re.IGNORECASE)

OWN_EDIT = re.compile(r"\b(?:cancel|move|remove|delete|reschedule|take)\s+my\b", re.IGNORECASE)

TIME_ONLY = re.compile(
    r"^(?:remind me|提醒我|提我|记得提醒我?|記得提醒我?)\s*(?:at\s*)?\d{1,2}(?:[:：.]\d{2})?\s*(?:am|pm|点|點)?\s*"
    r"[\u4e00-\u9fff]{0,4}$|到[^，,。]{0,8}?了?提醒我|到[^，,。]{0,8}?(?:咗|了)提我|到了叫我|"
    # "提醒我下午三点喝水", "提我聽朝八點半": a clock time in words and a short errand, no work in it
    r"^(?:提醒我|提我|记得提醒我?|記得提醒我?)\s*(?:今天|今日|明天|明早|明晚|听日|聽日|听朝|聽朝|后天|後天)?\s*"
    r"(?:早上|上午|中午|下午|晚上|傍晚|夜里|朝早|晏昼|夜晚)?\s*(?:\d{1,2}|[一二两兩三四五六七八九十]{1,3})\s*(?:点|點)"
    r"(?:半|钟|鐘|[一二三]刻|\d{1,2}分?|[一二三四五]十?[一二三四五六七八九]?分?)?"
    r"(?![^，,。]*(?:开会|開會|会议|會議|评审|評審|汇报|匯報|上线|上線|提交|发布|發佈|交付|部署|周报|週報|日报|日報))"
    r"\s*[\u4e00-\u9fff]{0,4}$",
    re.IGNORECASE)


def personal(low: str, kinds: Iterable[str], colleague: bool) -> bool:
    """True when `low` (the lower-cased message) is the user's private reminder, alarm, to-do
    or calendar item. `kinds`: the kinds of workspace names it mentions; `colleague`: it names
    a person other than the speaker (a reminder to send something to someone is work)."""
    named = set(kinds)
    if named & WORK_KINDS:
        return False
    if ORGANISER.search(low):
        return True
    if colleague:
        return False
    if OWN_EDIT.search(low) and PRIVATE.search(low):
        return True
    if not REMINDER.search(low):
        return False
    return bool(PRIVATE.search(low) or TIME_ONLY.search(low.strip()))
