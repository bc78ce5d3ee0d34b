"""Branches and their opening hours, and the holidays of the business calendar (sections of the policy)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import validator

from bot.shop.language import Language
from bot.shop.schema import Chinese, Frozen, Translated

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


class OpeningSpan(Frozen):
    """One day's opening time, or closed."""

    opens: dt.time | None
    closes: dt.time | None

    @property
    def closed(self) -> bool:
        """Whether the day has no opening at all."""
        return self.opens is None

    def describe(self, language: Language = "en") -> str:
        """Human text such as ``10:00 to 20:00`` or ``closed`` (``10:00至20:00``, ``休息``)."""
        if self.opens is None or self.closes is None:
            return "休息" if language == "zh" else "closed"
        return f"{self.opens:%H:%M}{'至' if language == 'zh' else ' to '}{self.closes:%H:%M}"


def parse_span(value: str) -> OpeningSpan:
    """Parse ``"HH:MM-HH:MM"`` or ``"closed"``."""
    text = str(value).strip().lower()
    if text == "closed":
        return OpeningSpan(opens=None, closes=None)
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f"'{value}' is not 'HH:MM-HH:MM' or 'closed'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    opens = dt.time(h1, m1)
    closes = dt.time.max if h2 == 24 else dt.time(h2, m2)  # "24:00": open to the last instant, not closed at 23:59
    if closes <= opens:
        raise ValueError(f"'{value}' closes before it opens")
    return OpeningSpan(opens=opens, closes=closes)


class WeekHours(Frozen):
    """Opening hours for each weekday and for public holidays."""

    mon: OpeningSpan
    tue: OpeningSpan
    wed: OpeningSpan
    thu: OpeningSpan
    fri: OpeningSpan
    sat: OpeningSpan
    sun: OpeningSpan
    holiday: OpeningSpan

    @validator("*", pre=True)
    def _parse(cls, value: Any) -> OpeningSpan:  # noqa: N805
        return value if isinstance(value, OpeningSpan) else parse_span(value)

    def for_weekday(self, weekday: int) -> OpeningSpan:
        """Hours for ``date.weekday()`` (0 is Monday)."""
        span: OpeningSpan = getattr(self, WEEKDAYS[weekday])
        return span


class BranchZh(Chinese):
    """A branch's name and address in Chinese."""

    name: str
    address: str


class Branch(Translated):
    """A shop of the organization."""

    id: str
    name: str
    aliases: tuple[str, ...]
    address: str
    phone: str
    hours: WeekHours
    zh: BranchZh


class HolidayZh(Chinese):
    """A holiday's name in Chinese."""

    name: str


class Holiday(Translated):
    """A public holiday; ``closed`` shuts every branch that day."""

    date: dt.date
    name: str
    closed: bool = False
    zh: HolidayZh
