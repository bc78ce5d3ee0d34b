"""The shop's performance criteria set against what was measured: target, actual, met or not, per business unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.quality.figures import Figures, measure
from bot.quality.period import Period
from bot.quality.records import Scope
from bot.shop.criteria import CHAT, ONLINE, FirstResponse
from bot.shop.policy import Policy

CRITERIA: dict[str, tuple[str, str, bool]] = {
    "first_response": ("first_response_in_target", "Answered within {minutes:g} business minutes", True),
    "acknowledged_in_sla": ("acknowledged_in_sla", "Acknowledged within the SLA", True),
    "resolved_in_sla": ("resolved_in_sla", "Resolved within the SLA", True),
    "satisfaction": ("satisfaction", "Satisfaction (ratings 4 or 5)", True),
    "answered_by_assistant": ("answered_by_assistant", "Served by the assistant alone", True),
    "fallback_at_most": ("fallback_rate", "Messages not understood", False),
    "repeat_complaints_at_most": ("repeat_complaints_share", "Complaints from repeat complainants", False),
}
"""Each criterion: the figure it is measured by, how it reads, and whether the target is a least (else a most)."""


@dataclass(frozen=True)
class Verdict:
    """One criterion of one unit: the target, this period's figure and the previous period's."""

    unit: str
    unit_name: str
    criterion: str
    label: str
    figure: str  # the key of the figure it is measured by (``bot.quality.figures.LABELS``)
    target: float
    at_least: bool
    actual: float | None  # None: nothing happened to measure (no ratings, no deadline due)
    previous: float | None

    @property
    def met(self) -> bool | None:
        """Whether the target was met; None when there was nothing to measure."""
        if self.actual is None:
            return None
        return self.actual >= self.target if self.at_least else self.actual <= self.target


def unit_name(unit: str, policy: Policy) -> str:
    """A unit as people read it: the branch's name, "Online", "Chat"."""
    if unit == CHAT:
        return "Chat"
    if unit == ONLINE:
        return "Online"
    return next((b.name for b in policy.branches if b.id == unit), unit)


def verdicts(
    session: Session, policy: Policy, period: Period, now: dt.datetime, *, units: tuple[str, ...] | None = None
) -> list[Verdict]:
    """Every criterion of every unit of the policy (or of ``units``), for ``period`` and the one before."""
    found = []
    for unit, targets in policy.performance_criteria.items():
        if units is not None and unit not in units:
            continue
        scope = Scope(unit=unit)
        current = measure(session, policy, period, scope, now)
        previous = measure(session, policy, period.previous(), scope, now)
        for criterion, target in targets.targets().items():
            found.append(_verdict(unit, policy, criterion, target, current, previous))
    return found


def _verdict(unit: str, policy: Policy, criterion: str, target: object, current: Figures, previous: Figures) -> Verdict:
    figure, label, at_least = CRITERIA[criterion]
    if isinstance(target, FirstResponse):
        label, share = label.format(minutes=target.minutes), target.share
    else:
        share = float(target)  # type: ignore[arg-type]
    actual, before = current.numbers.get(figure), previous.numbers.get(figure)
    return Verdict(
        unit, unit_name(unit, policy), criterion, label, figure, share, at_least,
        None if actual is None else float(actual), None if before is None else float(before),
    )  # fmt: skip


PERSON = ("first_response", "satisfaction")
TEAM = ("first_response", "acknowledged_in_sla", "resolved_in_sla", "satisfaction")


def shop_target(policy: Policy, criterion: str) -> object | None:
    """The target a person or a team is held to: the strictest any unit sets (the chat's first response)."""
    found: list[object] = [
        getattr(c, criterion) for c in policy.performance_criteria.values() if getattr(c, criterion) is not None
    ]
    if not found or criterion == "first_response":
        return found[0] if found else None
    shares = [float(value) for value in found]  # type: ignore[arg-type]
    return max(shares) if CRITERIA[criterion][2] else min(shares)


def held_to(policy: Policy, who: str, criteria: tuple[str, ...], current: Figures, previous: Figures) -> list[Verdict]:
    """A person's or a team's figures against the shop's targets (``criteria`` of ``PERSON`` or ``TEAM``)."""
    found = []
    for criterion in criteria:
        target = shop_target(policy, criterion)
        if target is not None:
            found.append(_verdict(who, policy, criterion, target, current, previous))
    return found
