"""When customers come and how the figures move: demand by weekday and hour, and figures week by week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import TranscriptLine
from bot.quality.figures import Number, measure
from bot.quality.period import Period
from bot.quality.records import Records, Scope
from bot.shop.policy import Policy

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TRENDS = ("conversations", "complaints", "satisfaction", "acknowledged_in_sla", "resolved_in_sla",
          "answered_by_assistant")  # fmt: skip
"""The figures drawn week by week on the dashboard."""


@dataclass(frozen=True)
class Week:
    """One week's trend figures (the week starts on ``monday``)."""

    monday: dt.date
    numbers: dict[str, Number]


def weeks_of(period: Period) -> list[Period]:
    """The weeks, Monday to Sunday, that the period touches (the first and last may reach outside it)."""
    monday = period.first - dt.timedelta(days=period.first.weekday())
    weeks = []
    while monday <= period.last:
        weeks.append(Period(monday, monday + dt.timedelta(days=6)))
        monday += dt.timedelta(weeks=1)
    return weeks


def by_week(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> list[Week]:
    """The trend figures of each week the period touches, oldest first."""
    return [
        Week(week.first, {key: measure(session, policy, week, scope, now).numbers[key] for key in TRENDS})
        for week in weeks_of(period)
    ]


def demand(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> list[list[int]]:
    """Conversations started in the period by weekday (Monday first) and hour of the day, in the shop's zone.

    Empty (all 0) where conversations do not apply to the scope (a branch, a role, a person).
    """
    grid = [[0] * 24 for _ in WEEKDAYS]
    if not scope.conversations:
        return grid
    records = Records(session, policy, period, scope, now)
    started = (
        select(func.min(TranscriptLine.at)).where(records.customer_lines()).group_by(TranscriptLine.conversation_id)
    )
    for (first,) in session.execute(started):
        local = first.astimezone(policy.zone)
        grid[local.weekday()][local.hour] += 1
    return grid
