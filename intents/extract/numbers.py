"""Numbers as people type them in chat: digits, English words, Chinese numerals, 1.2k, 3万.

Hand-rolled rather than cn2an: the grammar people use in chat is small (一百五 = 150,
两千五 = 2500, 三万五 = 35000), and a few dictionary look-ups are faster than a general
converter. Regular expressions other modules build on live here too, so the notion of
"a number" is the same everywhere.
"""
from __future__ import annotations

import re

# --- building blocks for other modules' patterns --------------------------------------
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
CN_DIGIT_CHARS = "零〇一二两俩三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_UNIT_CHARS = "十拾百佰千仟万亿"
CN_NUMBER = rf"[{CN_DIGIT_CHARS}{CN_UNIT_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_EN_SIMPLE = "|".join(sorted([*EN_UNITS, *EN_TENS], key=len, reverse=True))
# "twenty-five", "twenty five", "a dozen": the word numbers used for hours, days, weeks.
_EN_DIGIT_WORDS = "|".join(k for k in EN_UNITS if EN_UNITS[k] < 10 and k != "zero")
EN_NUMBER = rf"(?:{'|'.join(EN_TENS)})(?:[- ](?:{_EN_DIGIT_WORDS}))?|{_EN_SIMPLE}|a dozen|dozen"

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_SUFFIX = {"k": 1000, "K": 1000, "w": 10_000, "W": 10_000, "千": 1000, "万": 10_000,
           "百": 100, "亿": 100_000_000, "m": 1_000_000, "M": 1_000_000}
_NUMERIC = re.compile(rf"({DIGITS})\s*(万|千|百|亿|[kKwWmM])?")


def parse_number(token: str) -> float | None:
    """The value of one number token, or None when the token is not a number.

    Accepts "3", "2.5", "1,200", "1.2k", "3万", "three", "twenty-five", "三", "两",
    "十二", "一百五", "三点五", "二〇二六".
    """
    s = token.strip()
    if not s:
        return None
    m = _NUMERIC.fullmatch(s)
    if m:
        return float(m.group(1).replace(",", "")) * _SUFFIX.get(m.group(2) or "", 1)
    lowered = s.lower()
    if lowered[0].isascii():
        return _parse_english(lowered)
    return parse_chinese_number(s)


def _parse_english(text: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", text.replace(" and ", " ")) if w]
    if words and words[0] in ("a", "an") and len(words) > 1:
        words[0] = "one"
    if words == ["dozen"] or words == ["one", "dozen"]:
        return 12.0
    total, current, seen = 0, 0, False
    for word in words:
        if word in EN_UNITS:
            current += EN_UNITS[word]
        elif word in EN_TENS:
            current += EN_TENS[word]
        elif word in _EN_SCALES:
            scale = _EN_SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_chinese_number(text: str) -> float | None:
    """Chinese numerals, including colloquial 一百五 (150) and 两千五 (2500)."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = parse_chinese_number(whole) if whole else 0.0
        digits = [_CN_DIGITS.get(ch) for ch in frac]
        if head is None or not digits or None in digits:
            return None
        return head + float("0." + "".join(str(d) for d in digits))
    if any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS
           for ch in text):
        return None
    if text[0] in _CN_BIG_UNITS:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1 or "两" not in text:
            return float("".join(str(_CN_DIGITS[ch]) for ch in text))
        return None
    return float(_chinese_with_units(text))


def _chinese_with_units(text: str) -> int:
    total, section, digit, last_unit = 0, 0, None, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            if ch in "零〇":
                last_unit = 0
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:  # 万 / 亿 close a section
            big = _CN_BIG_UNITS[ch]
            section += digit or 0
            total = (total + section) * big if big > total else total + section * big
            section, digit, last_unit = 0, None, big
    if digit is not None:
        # 一百五 = 150: a trailing digit right after a unit counts in the next unit down.
        section += digit * (last_unit // 10) if last_unit >= 100 else digit
    return total + section
