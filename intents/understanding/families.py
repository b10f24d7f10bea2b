"""Families of issue 13 the rules read as the wrong thing, set right with their own evidence.

- An expense said as a purchase ("bought two test SIM cards …, 180 rmb", "买了一年的授权，
  1500块"): the rules find the amount but no expense word and leave the message unknown. A
  purchase verb and an amount are the slot evidence of an expense.
- Overtime said as staying late ("今晚要留下来加两个小时班", "need to work this saturday, 5h"):
  hours on a day not yet worked are asked for, not logged. The rules read them as logged time
  when no "overtime request" wording is there; a staying-late or overtime word with hours
  for today-evening or a later day is a request.
- A task list asked about what is not done ("还有哪些没做完的", "有分给我的还没做完的吗"):
  the negated "done" is not the status asked for.
- "who should take #10" read as an update of #10 that names no change: a question of who.
Each turns one reading into another only when the slots the new intent needs are in the text,
so a write still stands on the rules' slot evidence.
"""
from __future__ import annotations

import re

from intents.understanding import entities, slots
from intents.understanding.schema import Intent

PURCHASE = re.compile(
    r"\b(?:bought|buy|purchased|picked up|ordered|grabbed|got (?:us|me|a|an)|hired|paid for|subscribed)\b|"
    r"买了|買咗|买咗|購買|购买|采购了?|採購|订了|訂咗|入手|下单|下單", re.IGNORECASE)
STAY_LATE = re.compile(
    r"\bstay(?:ing)? (?:late|back|behind)\b|\bwork(?:ing)? late\b|\bovertime\b|\bOT\b|"
    r"\b(?:need|have|got) to work (?:this|on|next)\b|"
    r"\b(?:i'll|i will|i'm going to|we'll|we will) (?:be )?work(?:ing)? (?:this |next |on )?(?:saturday|sunday|"
    r"the weekend)\b|留下来|留下來|留低|加班|加.{0,4}班|要OT|OT", re.IGNORECASE)
# A purchase for the work, not for oneself ("I bought a new phone for 5000 yuan" is not an expense
# claim): a project named, or what is bought or why says work.
FOR_WORK = re.compile(
    r"\bfor (?:the |a )?(?:testing|tests?|demo|client|team|project|office|workshop|pilot|site)\b|\blicen[cs]e\b|"
    r"\bseats?\b|\bsubscription\b|\bfreelancer?\b|\bcontractor\b|\bserver\b|\bfor testing\b|"
    r"授权|授權|年费|年費|测试|測試|演示|外包|服务器|伺服器|license|报销|報銷|记到|記落|算")
EVENING = re.compile(r"\btonight\b|\bthis evening\b|今晚|今天晚上|今日夜晚|今夜")
WHO = re.compile(r"\bwho\b|谁|誰|边个|邊個")
NOT_DONE = re.compile(r"没做完|沒做完|未完成|没完成|沒完成|未做完|\bnot (?:yet )?(?:done|finished)\b|\bstill open\b")


def adjust(intent: Intent, ctx: entities.Context) -> Intent:
    """`intent` re-read when one of the three families fits, else as it was."""
    if intent.intent == "unknown" and ctx.money and PURCHASE.search(ctx.low) and (
            {"project", "task"} & {m.kind for m in ctx.mentions} or FOR_WORK.search(ctx.low)):
        return _as(intent, "log_expense", ctx)
    if intent.intent in {"log_time", "unknown"} and ctx.hours and STAY_LATE.search(ctx.text) and _ahead(ctx):
        return _as(intent, "request_overtime", ctx)
    if intent.intent == "update_task" and set(intent.slots) <= {"task"} and WHO.search(ctx.low):
        return _as(intent, "suggest_assignee", ctx)  # "#10 交给谁好": a question, no change named
    if intent.intent == "list_tasks" and intent.slots.get("status") == "done" and NOT_DONE.search(ctx.low):
        return intent.model_copy(update={"slots": {k: v for k, v in intent.slots.items() if k != "status"}})
    return intent


def _ahead(ctx: entities.Context) -> bool:
    """Hours for a later day, or for this evening: not worked yet."""
    found = ctx.dates("future")
    if not found:
        return False
    day = found[0].value
    return bool(day > ctx.today or (day == ctx.today and EVENING.search(ctx.low)))


def _as(intent: Intent, name: str, ctx: entities.Context) -> Intent:
    found, unresolved = slots.fill(name, ctx)
    return Intent(intent=name, lang=intent.lang, confidence=min(intent.confidence, 0.75), slots=found,
                  unresolved=unresolved, choices=ctx.choices)
