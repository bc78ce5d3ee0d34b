"""Branches: opening hours on a given day, addresses, phones."""

from __future__ import annotations

import datetime as dt

from bot.shop.business_hours import hours_on
from bot.shop.dates import WEEKDAY_NAMES, weekday_named
from bot.shop.policy import Branch, Policy


def requested_day(text: str, today: dt.date) -> dt.date | None:
    """The day a question is about: ``today``, ``tomorrow``, a weekday (the next one), or a holiday date."""
    lowered = (text or "").lower()
    if "tomorrow" in lowered:
        return today + dt.timedelta(days=1)
    if "today" in lowered or "tonight" in lowered or "now" in lowered.split():
        return today
    weekday = weekday_named(lowered)
    if weekday is None:
        return None
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _day_label(day: dt.date, today: dt.date) -> str:
    if day == today:
        return f"today ({day:%A} {day.day} {day:%b})"
    if day == today + dt.timedelta(days=1):
        return f"tomorrow ({day:%A} {day.day} {day:%b})"
    return f"on {day:%A} {day.day} {day:%b}"


def opening_answer(policy: Policy, branch_id: str | None, text: str, today: dt.date) -> str:
    """Opening hours for one branch or all, on the day the question names, or the whole week."""
    branches = [policy.branch(branch_id)] if branch_id else list(policy.branches)
    day = requested_day(text, today)
    wants_holiday = "holiday" in (text or "").lower()
    lines: list[str] = []
    if day is not None:
        holiday = policy.holiday_on(day)
        note = f" ({holiday.name})" if holiday else ""
        for branch in branches:
            span = hours_on(branch.hours, day, policy)
            state = "closed" if span.closed else f"open {span.describe()}"
            lines.append(f"{branch.name} is {state} {_day_label(day, today)}{note}.")
    else:
        for branch in branches:
            lines.append(_week_summary(branch))
    if len(branches) == 1:
        lines.append(f"{branches[0].address}, tel {branches[0].phone}.")
    upcoming = [h for h in policy.holidays if today <= h.date <= today + dt.timedelta(days=21)]
    if upcoming and (day is None or wants_holiday):
        lines.append("Coming holidays: " + "; ".join(f"{h.name}, {h.date.day} {h.date:%b}" for h in upcoming) + ".")
    return "\n".join(lines)


def _week_summary(branch: Branch) -> str:
    days: list[tuple[str, str]] = []
    for index, name in enumerate(WEEKDAY_NAMES):
        text = branch.hours.for_weekday(index).describe()
        if days and days[-1][1] == text:
            days[-1] = (days[-1][0].split("–")[0] + "–" + name[:3].title(), text)
        else:
            days.append((name[:3].title(), text))
    week = ", ".join(f"{d} {t}" for d, t in days)
    return f"{branch.name}: {week}, public holidays {branch.hours.holiday.describe()}."


def branches_answer(policy: Policy, branch_id: str | None) -> str:
    """Addresses and phone numbers."""
    branches = [policy.branch(branch_id)] if branch_id else list(policy.branches)
    return "\n".join(f"{b.name}: {b.address}, tel {b.phone}" for b in branches)
