"""Hours, money and satisfaction scores: the quantities a message states.

One import point for the intent layer; each finder lives in its own module. Every finder
returns all it sees, in text order, as `Found` spans of the normalised text, and they
know about each other: money is never an hour count, a date, a time, a task id or a score.
"""
from __future__ import annotations

from intents.extract.hours import find_hours
from intents.extract.money import find_money
from intents.extract.scores import find_score

__all__ = ["find_hours", "find_money", "find_score"]
