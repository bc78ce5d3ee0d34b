"""When customers come and how the figures move: demand by weekday and hour, and figures week by week.

Both are read from the period's own records (``bot.quality.records``), bucketed by the shop's calendar, so they
agree with the period's figures and cost no more queries than those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat

from sqlalchemy.orm import Session

from bot.quality.figures import Number
from bot.quality.period import Period
from bot.quality.records import Records, Scope
from bot.shop.policy import REMEDIES, Policy

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TRENDS = ("conversations", "complaints", "satisfaction", "acknowledged_in_sla", "resolved_in_sla",
          "answered_by_assistant")  # fmt: skip
"""The figures drawn week by week on the dashboard."""


@dataclass(frozen=True)
class Week:
    """One week's trend figures (the week starts on ``monday``; the period may cover only part of it)."""

    monday: dt.date
    numbers: dict[str, Number]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def by_week(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> list[Week]:
    """The trend figures of each week the period touches (within the period), oldest first."""
    records = Records(session, policy, period, scope, now)
    first_monday = period.first - dt.timedelta(days=period.first.weekday())
    count = (period.last - first_monday).days // 7 + 1

    def week(moment: dt.datetime) -> int:
        return (moment.astimezone(policy.zone).date() - first_monday).days // 7

    def counted(moments: Iterable[dt.datetime], weights: Iterable[int] | None = None) -> list[int]:
        found = [0] * count
        for moment, weight in zip(moments, weights or repeat(1)):
            found[week(moment)] += weight
        return found

    numbers: list[dict[str, Number]] = [dict.fromkeys(TRENDS) for _ in range(count)]
    if scope.conversations:
        hours = records.hourly_starts()
        begun = counted((at for at, _, _ in hours), (n for _, n, _ in hours))
        alone = counted((at for at, _, _ in hours), (n - asked for _, n, asked in hours))
        for index in range(count):
            numbers[index].update(conversations=begun[index], answered_by_assistant=_share(alone[index], begun[index]))
    if scope.cases:
        complaints = counted(c.created_at for c in records.complaints() if c.outcome in REMEDIES)
        pledges = records.pledges()
        for kind, key in (("acknowledge", "acknowledged_in_sla"), ("resolve", "resolved_in_sla")):
            due = counted(p.due_at for p in pledges if p.kind == kind)
            kept = counted(p.due_at for p in pledges if p.kind == kind and p.kept)
            for index in range(count):
                numbers[index][key] = _share(kept[index], due[index])
        for index in range(count):
            numbers[index]["complaints"] = complaints[index]
    ratings = records.ratings()
    given, good = counted(r.at for r in ratings), counted(r.at for r in ratings if r.score >= 4)
    for index in range(count):
        numbers[index]["satisfaction"] = _share(good[index], given[index])
    return [Week(first_monday + dt.timedelta(weeks=index), numbers[index]) for index in range(count)]


def demand(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> list[list[int]]:
    """Conversations begun in the period by weekday (Monday first) and hour of the day, in the shop's zone.

    Empty (all 0) where conversations do not apply to the scope (a branch, a role, a person).
    """
    grid = [[0] * 24 for _ in WEEKDAYS]
    if not scope.conversations:
        return grid
    for hour, begun, _ in Records(session, policy, period, scope, now).hourly_starts():
        local = hour.astimezone(policy.zone)  # Hong Kong's offset is whole hours: an hour stays one hour
        grid[local.weekday()][local.hour] += begun
    return grid
