"""Branches: opening hours on a given day, addresses, phones."""

from __future__ import annotations

import datetime as dt
import re

from bot.shop.bilingual import Say
from bot.shop.business_hours import hours_on
from bot.shop.dates import WEEKDAY_NAMES, WEEKDAY_NAMES_ZH, month_day_in, said_day, weekday_named
from bot.shop.language import Language
from bot.shop.policy import Branch, Holiday, Policy

IS_OPEN = Say("{branch} is {state} {day}.", "{branch}分店{day}{state}。")
OPEN = Say("open {hours}", "營業時間為{hours}")
CLOSED = Say("closed", "休息")
TODAY = Say("today ({day})", "今天（{day}）")
TOMORROW = Say("tomorrow ({day})", "明天（{day}）")
ON_DAY = Say("on {day}", "{day}")
ADDRESS = Say("{address}, tel {phone}.", "地址：{address}，電話：{phone}。")
COMING_HOLIDAYS = Say("Coming holidays: {holidays}.", "即將來臨的公眾假期：{holidays}。")
WEEK = Say("{branch}: {week}, public holidays {holiday}.", "{branch}分店：{week}；公眾假期{holiday}。")
BRANCH = Say("{name}: {address}, tel {phone}", "{name}分店：{address}，電話：{phone}")
# Chinese day words for an opening-hours question (today, tomorrow, the day after, next week's weekday).
_ZH_TODAY = ("今日", "今天", "今晚", "今朝", "而家", "宜家", "依家", "現在", "現時")
_ZH_TOMORROW = ("聽日", "明天", "明日", "聽朝", "明早", "聽晚", "明晚")
_ZH_DAY_AFTER = ("後日", "後天")
_ZH_HOLIDAY = ("假", "節", "新年")
_ZH_NEXT_WEEK = re.compile(r"下(?:個)?(?:星期|禮拜|礼拜|週|周|拜)")


def requested_day(text: str, today: dt.date) -> dt.date | None:
    """The day a question is about: today, tomorrow, a weekday (the next one), or a date ("12月25日").

    In English ``today``, ``tomorrow``, ``Saturday``; in Chinese ``今日``, ``聽日``, ``後日``, ``星期六``, ``下星期一``.
    """
    lowered = (text or "").lower()
    if "tomorrow" in lowered or any(word in lowered for word in _ZH_TOMORROW):
        return today + dt.timedelta(days=1)
    if any(word in lowered for word in _ZH_DAY_AFTER):
        return today + dt.timedelta(days=2)
    if "today" in lowered or "tonight" in lowered or "now" in lowered.split() or any(w in lowered for w in _ZH_TODAY):
        return today
    if (named := month_day_in(lowered)) is not None:
        return _upcoming(today, *named)
    weekday = weekday_named(lowered)
    if weekday is None:
        return None
    ahead = (weekday - today.weekday()) % 7
    if _ZH_NEXT_WEEK.search(lowered):  # next week's Monday, Tuesday…
        ahead = 7 - today.weekday() + weekday
    return today + dt.timedelta(days=ahead)


def _upcoming(today: dt.date, year: int | None, month: int, day: int) -> dt.date | None:
    """The date ``month``/``day`` next on or after ``today`` (this year's or next year's) unless a year is given."""
    for candidate in (year,) if year else (today.year, today.year + 1):
        try:
            found = dt.date(candidate, month, day)
        except ValueError:
            continue
        if year or found >= today:
            return found
    return None


def _day_label(day: dt.date, today: dt.date, holiday: Holiday | None, language: Language) -> str:
    """``today (Monday 23 Nov) (Christmas Day)``; ``今天（12月25日，星期五，聖誕節）``, ``11月29日（星期日）``."""
    if language == "zh":
        about = [
            said_day(day, language, weekday=""),
            WEEKDAY_NAMES_ZH[day.weekday()],
            *([holiday.name] if holiday else []),
        ]
        if day in (today, today + dt.timedelta(days=1)):
            return f"{'今天' if day == today else '明天'}（{'，'.join(about)}）"
        return f"{about[0]}（{'，'.join(about[1:])}）"
    said = said_day(day, language, weekday="long")
    label = TODAY if day == today else TOMORROW if day == today + dt.timedelta(days=1) else ON_DAY
    return label(language, day=said) + (f" ({holiday.name})" if holiday else "")


def opening_answer(policy: Policy, branch_id: str | None, text: str, today: dt.date, *, language: Language) -> str:
    """Opening hours for one branch or all, on the day the question names, or the whole week."""
    said = policy.in_(language)
    branches = [said.branch(branch_id)] if branch_id else list(said.branches)
    day = requested_day(text, today)
    lowered = (text or "").lower()
    wants_holiday = "holiday" in lowered or any(word in lowered for word in _ZH_HOLIDAY)
    lines: list[str] = []
    if day is not None:
        label = _day_label(day, today, said.holiday_on(day), language)
        for branch in branches:
            span = hours_on(branch.hours, day, policy)
            state = CLOSED(language) if span.closed else OPEN(language, hours=span.describe(language))
            lines.append(IS_OPEN(language, branch=branch.name, state=state, day=label))
    else:
        lines.extend(_week_summary(branch, language) for branch in branches)
    if len(branches) == 1:
        lines.append(ADDRESS(language, address=branches[0].address, phone=branches[0].phone))
    upcoming = [h for h in said.holidays if today <= h.date <= today + dt.timedelta(days=21)]
    if upcoming and (day is None or wants_holiday):
        lines.append(COMING_HOLIDAYS(language, holidays=_holidays(upcoming, language)))
    return "\n".join(lines)


def _holidays(holidays: list[Holiday], language: Language) -> str:
    """``Christmas Day, 25 Dec; …``, ``12月25日聖誕節、…``."""
    if language == "zh":
        return "、".join(f"{said_day(h.date, language, weekday='')}{h.name}" for h in holidays)
    return "; ".join(f"{h.name}, {h.date.day} {h.date:%b}" for h in holidays)


def _week_summary(branch: Branch, language: Language) -> str:
    """``Mong Kok: Mon–Thu 10:00 to 22:00, …``, ``旺角分店：星期一至四 10:00至22:00；…``."""
    names = WEEKDAY_NAMES_ZH if language == "zh" else tuple(name[:3].title() for name in WEEKDAY_NAMES)
    days: list[tuple[str, str]] = []
    for index, name in enumerate(names):
        hours = branch.hours.for_weekday(index).describe(language)
        if days and days[-1][1] == hours:
            first = days[-1][0].split("–")[0].split("至")[0]
            days[-1] = (f"{first}至{name[-1]}" if language == "zh" else f"{first}–{name}", hours)
        else:
            days.append((name, hours))
    holiday = branch.hours.holiday.describe(language)
    if language == "zh":
        week = "；".join(_spaced(d, t) for d, t in days)
        return WEEK(language, branch=branch.name, week=week, holiday=_spaced("", holiday))
    return WEEK(language, branch=branch.name, week=", ".join(f"{d} {t}" for d, t in days), holiday=holiday)


def _spaced(day: str, hours: str) -> str:
    """``星期日 11:00至22:00`` but ``星期日休息``: a space only before the digits."""
    return f"{day} {hours}" if hours[:1].isdigit() else f"{day}{hours}"


def branches_answer(policy: Policy, branch_id: str | None, *, language: Language) -> str:
    """Addresses and phone numbers."""
    said = policy.in_(language)
    branches = [said.branch(branch_id)] if branch_id else list(said.branches)
    return "\n".join(BRANCH(language, name=b.name, address=b.address, phone=b.phone) for b in branches)
