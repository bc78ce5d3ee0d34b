"""Opening hours and the business calendar: which days and times count, and SLA deadlines."""

from __future__ import annotations

import datetime as dt

from bot.shop.dates import said_day
from bot.shop.language import Language
from bot.shop.policy import OpeningSpan, Policy, WeekHours


def hours_on(week: WeekHours, day: dt.date, policy: Policy) -> OpeningSpan:
    """Opening on ``day``: holiday hours on a public holiday, closed on a holiday marked closed."""
    holiday = policy.holiday_on(day)
    if holiday is not None:
        return OpeningSpan(opens=None, closes=None) if holiday.closed else week.holiday
    return week.for_weekday(day.weekday())


def is_open(week: WeekHours, moment: dt.datetime, policy: Policy) -> bool:
    """Whether ``moment`` falls within ``week``'s opening hours (holidays included)."""
    local = moment.astimezone(policy.zone)
    span = hours_on(week, local.date(), policy)
    return span.opens is not None and span.closes is not None and span.opens <= local.time() < span.closes


def add_business_hours(start: dt.datetime, hours: float, week: WeekHours, policy: Policy) -> dt.datetime:
    """The moment ``hours`` of business time after ``start`` (aware), in the policy's zone.

    Time outside ``week``'s opening (nights, Sundays, public holidays) does not count.
    """
    zone = policy.zone
    moment = start.astimezone(zone)
    remaining = dt.timedelta(hours=hours)
    for _ in range(366 * 2):
        span = hours_on(week, moment.date(), policy)
        if span.opens is not None and span.closes is not None:
            opens = dt.datetime.combine(moment.date(), span.opens, zone)
            closes = dt.datetime.combine(moment.date(), span.closes, zone)
            begin = max(moment, opens)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        next_day = moment.date() + dt.timedelta(days=1)
        moment = dt.datetime.combine(next_day, dt.time(0, 0), zone)
    raise ValueError("the business calendar has no opening hours within two years")


def business_time_between(start: dt.datetime, end: dt.datetime, week: WeekHours, policy: Policy) -> dt.timedelta:
    """How much of ``week``'s opening lies between ``start`` and ``end`` (aware; none when ``end`` is earlier).

    The inverse of ``add_business_hours``: nights, closed days and public holidays do not count.
    """
    zone = policy.zone
    begin, finish = start.astimezone(zone), end.astimezone(zone)
    total = dt.timedelta(0)
    day = begin.date()
    while day <= finish.date():
        span = hours_on(week, day, policy)
        if span.opens is not None and span.closes is not None:
            opens = max(begin, dt.datetime.combine(day, span.opens, zone))
            closes = min(finish, dt.datetime.combine(day, span.closes, zone))
            if opens < closes:
                total += closes - opens
        day += dt.timedelta(days=1)
    return total


def format_moment(moment: dt.datetime, policy: Policy, language: Language = "en") -> str:
    """``Tue 24 Nov 2026, 13:00`` (in Chinese ``2026年11月24日（星期二）13:00``) in the policy's zone."""
    local = moment.astimezone(policy.zone)
    if language == "zh":
        return f"{said_day(local.date(), language, year=True)}{local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
