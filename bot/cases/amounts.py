"""Amounts of money as customers write them: ``HK$1,200``, ``3k``, ``1500 dollars``, ``1200蚊``, ``一千二百元``."""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"(?P<currency>hk\$|\$|hkd\s*|港幣\s*|港元\s*)?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>k\b|thousand\b|million\b|mil\b|m\b|百萬|千|萬)?"
    r"(?:\s*(?P<dollars>(?:dollars?|hkd|bucks)\b|蚊|港元|港幣|元|圓|塊))?",
    re.I,
)
_UNITS = {"k": 1000, "thousand": 1000, "千": 1000, "萬": 10_000, "m": 1_000_000, "million": 1_000_000,
          "mil": 1_000_000, "百萬": 1_000_000}  # fmt: skip
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = re.compile(r"(?<![\d.])[零〇一二兩三四五六七八九十百千萬]+")
_MONEY_AFTER = re.compile(r"\s*(?:蚊|港元|港幣|元|圓|塊)")


def chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral: ``一千二百`` 1200, ``一千二`` 1200 (as spoken), ``兩萬五`` 25000."""
    if not any(ch in _ZH_UNITS or ch == "萬" for ch in numeral):
        return int("".join(str(_ZH_DIGITS[ch]) for ch in numeral))
    total = section = 0
    digit: int | None = None
    unit, zero_since_unit = 1, False
    for ch in numeral:
        if ch == "萬":
            total += (section + (digit or 0) or 1) * 10_000
            section, digit, unit, zero_since_unit = 0, None, 10_000, False
        elif ch in _ZH_UNITS:
            unit = _ZH_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, zero_since_unit = None, False
        else:
            digit = _ZH_DIGITS[ch]
            zero_since_unit = zero_since_unit or digit == 0
    if digit is not None:  # "一千二" is 1200, "一千零二" 1002
        section += digit * (1 if zero_since_unit or unit < 100 else unit // 10)
    return total + section


def _in_digits(text: str) -> str:
    """``text`` with the Chinese numerals that are amounts written in digits ("五百蚊" → "500蚊").

    A numeral counts when money follows it or it has a unit and two characters or more, so 一 in "一隻錶"
    and 十 in "十分" stay words.
    """

    def digits(match: re.Match[str]) -> str:
        numeral = match.group(0)
        money = _MONEY_AFTER.match(text, match.end()) is not None
        has_unit = any(ch in _ZH_UNITS or ch == "萬" for ch in numeral)
        return str(chinese_number(numeral)) if money or (has_unit and len(numeral) >= 2) else numeral

    return _ZH_NUMERAL.sub(digits, text)


def amount_in(text: str) -> float | None:
    """The amount of money ``text`` names, in dollars; ``None`` if it names none, or several without one marked.

    The one marked as money (``HK$``, ``k``, ``dollars``, ``蚊``, ``萬``) wins over bare numbers: "order 10023,
    I want HK$800 back" is 800.
    """
    lowered = _in_digits(text.lower())
    matches = list(_AMOUNT.finditer(lowered))
    marked = [m for m in matches if m.group("currency") or m.group("unit") or m.group("dollars")]
    if len(marked) == 1:
        match = marked[0]
    elif len(matches) == 1 and not marked:
        match = matches[0]
    else:
        return None
    unit = (match.group("unit") or "").strip()
    return float(match.group("number").replace(",", "")) * _UNITS.get(unit, 1)
