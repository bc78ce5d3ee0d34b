"""Days named in a customer's words, and days as the assistant writes them.

Customers write weekdays, relative days and dates as Hong Kong writes them: day first in English ("20/11",
"20 Nov"), month first in Chinese ("11月20號"), and Cantonese day words ("琴日", "上星期六").
"""

from __future__ import annotations

import datetime as dt
import re

from bot.shop.language import Language

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# Whole words only, so "Mong Kok" is not a Monday and "sunny" not a Sunday.
WEEKDAY_FORMS = (
    ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"), ("thu", "thur", "thurs", "thursday"),
    ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday"),
)  # fmt: skip
WEEKDAY_WORDS = tuple(re.compile(rf"\b(?:{'|'.join(forms)})\b") for forms in WEEKDAY_FORMS)
# 星期六, 禮拜六, 拜六, 週六, 周日, 星期天: the weekday is the character after the week word.
_WEEK_WORD = r"(?:星期|禮拜|礼拜|週|周|拜)"
_ZH_WEEKDAY = re.compile(rf"{_WEEK_WORD}([一二三四五六日天])")
_ZH_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def weekday_named(text: str) -> int | None:
    """The weekday (0 is Monday) named in ``text``, if any: ``Saturday``, ``sat``, ``星期六``, ``禮拜日``."""
    lowered = (text or "").lower()
    for index, pattern in enumerate(WEEKDAY_WORDS):
        if pattern.search(lowered):
            return index
    found = _ZH_WEEKDAY.search(lowered)
    return _ZH_WEEKDAY_INDEX[found.group(1)] if found else None


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_in(text: str, today: dt.date) -> dt.date | None:
    """The day ``text`` names, relative to ``today``, if any (it may be in the future; the caller judges).

    Understands ``today``, ``yesterday``, ``3 days ago``, ``last Saturday``, ``20 Nov``, ``20/11``, ``2026-11-20``,
    and in Chinese ``今日``, ``琴日``/``尋日``/``昨天``, ``前日``, ``三日前``, ``上星期六``, ``11月20號``.
    """
    lowered = text.lower()
    found: dt.date | None = None
    if "today" in lowered or "this morning" in lowered or "just now" in lowered:
        found = today
    elif "day before yesterday" in lowered:
        found = today - dt.timedelta(days=2)
    elif "yesterday" in lowered or "last night" in lowered:
        found = today - dt.timedelta(days=1)
    elif m := re.search(r"\b(\d{1,4}|a|one|two|three)\s+(day|week)s?\s+ago", lowered):
        count = {"a": 1, "one": 1, "two": 2, "three": 3}.get(m.group(1)) or int(m.group(1))
        found = today - dt.timedelta(days=count * (7 if m.group(2) == "week" else 1))  # at most 9999 weeks: no overflow
    elif "last week" in lowered:
        found = today - dt.timedelta(days=7)
    elif m := re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", lowered):
        found = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        found = _chinese_day(lowered, today) or _day_slash_month(lowered, today) or _day_and_month(lowered, today)
    if found is None and (weekday := weekday_named(lowered)) is not None:
        found = today - dt.timedelta(days=(today.weekday() - weekday) % 7 or 7)
    return found


_ZH_NUMBERS = {"一": 1, "兩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ZH_DAYS_BACK = (  # the longest words first: 大前日 before 前日
    (3, ("大前日", "大前天")),
    (2, ("前日", "前天", "前晚")),
    (1, ("琴日", "尋日", "噚日", "寻日", "昨天", "昨日", "琴晚", "尋晚", "噚晚", "昨晚")),
    (0, ("今日", "今天", "今朝", "今早", "今晚", "啱啱", "剛才", "頭先")),
)
_ZH_AGO = re.compile(rf"(\d{{1,4}}|[{''.join(_ZH_NUMBERS)}])\s*(日|天|個?星期|個?禮拜|週)(?:之)?前")
_ZH_LAST_WEEK = re.compile(rf"上(?:個)?{_WEEK_WORD}([一二三四五六日天])?")
_ZH_MONTH_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|號|号)?")


def month_day_in(text: str) -> tuple[int | None, int, int] | None:
    """The (year or None, month, day) of a Chinese date in ``text``: ``11月20號``, ``2026年11月20日``."""
    m = _ZH_MONTH_DAY.search(text)
    if m is None:
        return None
    return (int(m.group(1)) if m.group(1) else None), int(m.group(2)), int(m.group(3))


def _chinese_day(lowered: str, today: dt.date) -> dt.date | None:
    """``琴日``, ``三日前``, ``上星期六`` (last week's Saturday), ``11月20號`` (the latest, not after today)."""
    for back, words in _ZH_DAYS_BACK:
        if any(word in lowered for word in words):
            return today - dt.timedelta(days=back)
    if m := _ZH_AGO.search(lowered):
        count = _ZH_NUMBERS.get(m.group(1)) or int(m.group(1))
        return today - dt.timedelta(days=count * (1 if m.group(2) in ("日", "天") else 7))
    if m := _ZH_LAST_WEEK.search(lowered):
        monday_last_week = today - dt.timedelta(days=today.weekday() + 7)
        return (
            monday_last_week + dt.timedelta(days=_ZH_WEEKDAY_INDEX[m.group(1)])
            if m.group(1)
            else today - dt.timedelta(days=7)
        )
    if (named := month_day_in(lowered)) is not None:
        year, month, day = named
        found = _safe_date(year or today.year, month, day)
        if found and year is None and found > today:
            found = _safe_date(today.year - 1, month, day)
        return found
    return None


def _day_slash_month(lowered: str, today: dt.date) -> dt.date | None:
    """``20/11``, ``20.11.2025``: Hong Kong writes the day first."""
    for m in re.finditer(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b", lowered):
        year = int(m.group(3)) if m.group(3) else today.year
        year = year + 2000 if year < 100 else year
        found = _safe_date(year, int(m.group(2)), int(m.group(1)))
        if found and not m.group(3) and found > today:
            found = _safe_date(year - 1, int(m.group(2)), int(m.group(1)))
        if found:
            return found
    return None


_DAY_MONTH = (
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]{3})"),
    re.compile(r"\b(?P<month>[a-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"),
)


def _day_and_month(lowered: str, today: dt.date) -> dt.date | None:
    """``5th of Nov``, ``Nov 5``: the most recent such date not after ``today``."""
    for pattern in _DAY_MONTH:
        for m in pattern.finditer(lowered):
            if m.group("month") in MONTHS:
                month, day = MONTHS.index(m.group("month")) + 1, int(m.group("day"))
                found = _safe_date(today.year, month, day)
                if found and found > today:
                    found = _safe_date(today.year - 1, month, day)
                return found
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def said_day(day: dt.date, language: Language, *, weekday: str = "short", year: bool = False) -> str:
    """A day as the assistant writes it: ``Mon 23 Nov`` / ``Monday 23 Nov`` / ``11月23日（星期一）``.

    ``weekday`` is ``"short"``, ``"long"`` (English only; Chinese always writes 星期一) or ``""`` for none;
    ``year`` adds it: ``Mon 23 Nov 2026`` / ``2026年11月23日（星期一）``.
    """
    if language == "zh":
        said = f"{day.year}年" if year else ""
        said += f"{day.month}月{day.day}日"
        return said + (f"（{WEEKDAY_NAMES_ZH[day.weekday()]}）" if weekday else "")
    name = {"short": f"{day:%a} ", "long": f"{day:%A} "}.get(weekday, "")
    return f"{name}{day.day} {day:%b}" + (f" {day.year}" if year else "")
