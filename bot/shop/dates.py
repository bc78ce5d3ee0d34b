"""Days named in a customer's words: weekdays, relative days, and dates as Hong Kong writes them (day first)."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Whole words only, so "Mong Kok" is not a Monday and "sunny" not a Sunday.
WEEKDAY_FORMS = (
    ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"), ("thu", "thur", "thurs", "thursday"),
    ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday"),
)  # fmt: skip
WEEKDAY_WORDS = tuple(re.compile(rf"\b(?:{'|'.join(forms)})\b") for forms in WEEKDAY_FORMS)


def weekday_named(text: str) -> int | None:
    """The weekday (0 is Monday) named in ``text``, if any."""
    lowered = (text or "").lower()
    for index, pattern in enumerate(WEEKDAY_WORDS):
        if pattern.search(lowered):
            return index
    return None


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_in(text: str, today: dt.date) -> dt.date | None:
    """The day ``text`` names, relative to ``today``, if any (it may be in the future; the caller judges).

    Understands ``today``, ``yesterday``, ``3 days ago``, ``last Saturday``, ``20 Nov``, ``20/11``, ``2026-11-20``.
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
        found = _day_slash_month(lowered, today) or _day_and_month(lowered, today)
    if found is None and (weekday := weekday_named(lowered)) is not None:
        found = today - dt.timedelta(days=(today.weekday() - weekday) % 7 or 7)
    return found


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
