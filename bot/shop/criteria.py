"""The service the shop commits to (a section of the policy): performance criteria per business unit.

A business unit is a branch (by its id), ``online`` (the web shop's orders and deliveries) or ``chat`` (the
assistant and the live chat with staff). Complaints belong to the unit where the incident happened; ratings to the
unit of their case, or to the chat when there is none. Times are business time in the calendar of
``service_hours``; shares are fractions from 0 to 1.
"""

from __future__ import annotations

from typing import Final

from pydantic import Field

from bot.shop.schema import Frozen

CHAT: Final = "chat"
ONLINE: Final = "online"
CHAT_ONLY: Final = ("first_response", "answered_by_assistant", "fallback_at_most")
"""Criteria only the chat can be measured against: the others' conversations are not told apart by unit."""


class FirstResponse(Frozen):
    """A customer waiting for a person is answered within ``minutes`` of business time, ``share`` of the time."""

    minutes: float = Field(gt=0)
    share: float = Field(ge=0, le=1)


class UnitCriteria(Frozen):
    """The targets of one business unit; a criterion left out is not measured against for that unit."""

    first_response: FirstResponse | None = None
    acknowledged_in_sla: float | None = Field(None, ge=0, le=1)  # share of acknowledgement pledges kept, at least
    resolved_in_sla: float | None = Field(None, ge=0, le=1)  # share of resolution pledges kept, at least
    satisfaction: float | None = Field(None, ge=0, le=1)  # share of ratings 4 or 5, at least
    answered_by_assistant: float | None = Field(None, ge=0, le=1)  # share of conversations with no person, at least
    fallback_at_most: float | None = Field(None, ge=0, le=1)  # share of customer messages not understood, at most
    repeat_complaints_at_most: float | None = Field(None, ge=0, le=1)  # share of complaints from repeat complainants

    def targets(self) -> dict[str, object]:
        """The criteria this unit has, by name."""
        return {name: value for name, value in self if value is not None}


class DashboardAccess(Frozen):
    """Who reads the service-quality dashboard: roles that see every unit, roles that see their own branch."""

    every_unit: tuple[str, ...] = ()
    own_branch: tuple[str, ...] = ()  # the branch their account names (``python -m bot add-staff --branch``)

    def check(self, role_ids: set[str]) -> None:
        """Every role named is a role of the policy.

        Raises:
            ValueError: ``quality_dashboard.<key>: what is wrong``.
        """
        for key in ("every_unit", "own_branch"):
            for role in getattr(self, key):
                if role not in role_ids:
                    raise ValueError(f"quality_dashboard.{key}: '{role}' is not a role id")


def check_units(criteria: dict[str, UnitCriteria], branch_ids: set[str]) -> None:
    """Every unit is a branch, ``online`` or ``chat``, and chat-only criteria are set for the chat only.

    Raises:
        ValueError: ``performance_criteria.<unit>…: what is wrong`` (the loader names the key from it).
    """
    units = branch_ids | {ONLINE, CHAT}
    for unit, targets in criteria.items():
        if unit not in units:
            raise ValueError(
                f"performance_criteria.{unit}: not a business unit (a branch id, {ONLINE} or {CHAT}: "
                f"{', '.join(sorted(units))})"
            )
        if unit == CHAT:
            continue
        for name in CHAT_ONLY:
            if getattr(targets, name) is not None:
                raise ValueError(f"performance_criteria.{unit}.{name}: measured for the chat only; set it under {CHAT}")
