"""A case's lifecycle: every status it can have and every move between them, in one place.

``new → acknowledged → in_progress → awaiting_customer → resolved → closed``, with ``escalated`` (referred to a
higher role, by a person or the SLA timer) and ``reopened``. Pure: no database, no policy. The services move a
case only through ``advance``, which refuses a move the lifecycle does not allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.errors import InvalidTransition

NEW: Final = "new"
ACKNOWLEDGED: Final = "acknowledged"
IN_PROGRESS: Final = "in_progress"
AWAITING_CUSTOMER: Final = "awaiting_customer"
ESCALATED: Final = "escalated"
RESOLVED: Final = "resolved"
CLOSED: Final = "closed"
REOPENED: Final = "reopened"

STATUSES: Final = (NEW, ACKNOWLEDGED, IN_PROGRESS, AWAITING_CUSTOMER, ESCALATED, RESOLVED, CLOSED, REOPENED)
UNSETTLED: Final = (NEW, ACKNOWLEDGED, IN_PROGRESS, AWAITING_CUSTOMER, ESCALATED, REOPENED)
"""Statuses of a case still to be settled: in the queues, watched by the SLA timer."""
SETTLED: Final = (RESOLVED, CLOSED)
"""Statuses of a case that is done with; the retention purge anonymises them when they expire."""

_WORKING = frozenset({IN_PROGRESS, AWAITING_CUSTOMER, ESCALATED, RESOLVED})
ALLOWED: Final[Mapping[str, frozenset[str]]] = {
    NEW: _WORKING | {ACKNOWLEDGED},
    ACKNOWLEDGED: _WORKING,
    IN_PROGRESS: _WORKING - {IN_PROGRESS},
    AWAITING_CUSTOMER: _WORKING - {AWAITING_CUSTOMER},
    ESCALATED: _WORKING,  # a referred case can be referred (or escalated by the SLA timer) again
    REOPENED: _WORKING,
    RESOLVED: frozenset({CLOSED, REOPENED}),
    CLOSED: frozenset({REOPENED}),
}

TAKEN_UP_FROM: Final = (NEW, ESCALATED, REOPENED)
"""Statuses a person taking up the case (accepting its live chat) moves to ``in_progress``."""


def is_open(status: str) -> bool:
    """Whether a case with ``status`` is still to be settled."""
    return status in UNSETTLED


def advance(current: str, target: str) -> str:
    """``target``, if a case may move there from ``current``.

    Raises:
        InvalidTransition: the lifecycle does not allow the move (for example settling a resolved case).
    """
    if target not in ALLOWED.get(current, frozenset()):
        if current in (RESOLVED, CLOSED):
            raise InvalidTransition(f"the case is already {words(current).lower()}")
        raise InvalidTransition(f"a case that is {words(current).lower()} cannot become {words(target).lower()}")
    return target


def words(status: str) -> str:
    """The status as staff read it: "In progress", not ``in_progress``."""
    return status.replace("_", " ").capitalize()
