"""The stretch of days a report looks at, in the shop's time zone, and the stretch just before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.errors import Refused
from bot.shop.policy import Policy


@dataclass(frozen=True)
class Period:
    """The days from ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise Refused(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def days(self) -> int:
        """How many days it covers."""
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        last = self.first - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.days - 1), last)

    def bounds(self, policy: Policy) -> tuple[dt.datetime, dt.datetime]:
        """From midnight of the first day to midnight after the last, in the shop's zone (the end excluded)."""
        zone = policy.zone
        start = dt.datetime.combine(self.first, dt.time(0, 0), zone)
        return start, dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0, 0), zone)

    def describe(self) -> str:
        """``1 Nov 2026 to 30 Nov 2026``."""
        return f"{self.first.day} {self.first:%b %Y} to {self.last.day} {self.last:%b %Y}"

    @classmethod
    def parse(cls, first: str, last: str) -> Period:
        """A period from two ISO dates (``2026-11-01``).

        Raises:
            Refused: a date that is not YYYY-MM-DD, or an end before the start.
        """
        try:
            return cls(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        except ValueError as exc:
            raise Refused(f"dates are written YYYY-MM-DD ({exc})") from None

    @classmethod
    def weeks_before(cls, today: dt.date, weeks: int = 1) -> Period:
        """The ``weeks`` whole weeks, Monday to Sunday, before the week of ``today``."""
        monday = today - dt.timedelta(days=today.weekday())
        return cls(monday - dt.timedelta(weeks=weeks), monday - dt.timedelta(days=1))
