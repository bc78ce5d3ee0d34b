"""Authority rules: which role must handle a case, and why.

Pure functions over the organization policy; nothing here touches the web or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.shop.policy import Policy, Role
from bot.shop.text import first_mentioned


@dataclass(frozen=True)
class CaseFacts:
    """What routing looks at."""

    category: str
    remedy: str
    amount_hkd: int = 0
    severity_signals: frozenset[str] = field(default_factory=frozenset)
    prior_cases: int = 0
    vip: bool = False


@dataclass(frozen=True)
class Assignment:
    """The role that must handle a case and the reasons, in the order they applied."""

    role: Role
    reasons: tuple[str, ...]


def severity_signals(text: str, policy: Policy) -> frozenset[str]:
    """The severity signals (legal, consumer_council, media, injury) named in ``text``."""
    return frozenset(
        signal for signal, words in policy.routing.severity_signals.items() if first_mentioned(text, words)
    )


def can_settle(role: Role, remedy: str, amount_hkd: int) -> bool:
    """Whether ``role`` may settle with ``remedy`` for ``amount_hkd``."""
    return remedy in role.remedies and amount_hkd <= role.max_settlement_hkd


def authority_for(facts: CaseFacts, policy: Policy) -> Assignment:
    """The role that must handle a case with these facts, and why.

    Rules, in order: a category with its own role (privacy) goes there; otherwise the lowest
    role whose authority covers the remedy and amount; VIPs get at least the VIP role; repeat
    complainants are raised some levels; severity signals (legal threats, the Consumer
    Council, media, injury) go to at least the severity role.
    """
    routing = policy.routing
    special = routing.category_roles.get(facts.category)
    if special is not None:
        role = policy.role(special)
        return Assignment(role, (f"{facts.category} cases are handled by the {role.title}",))

    ladder = policy.ladder()
    reasons: list[str] = []
    default = policy.role(routing.default_role)
    index = ladder.index(default)
    while not can_settle(ladder[index], facts.remedy, facts.amount_hkd) and index + 1 < len(ladder):
        index += 1
    if index > ladder.index(default):
        amount = f" of HK${facts.amount_hkd:,}" if facts.amount_hkd else ""
        reasons.append(f"a {facts.remedy}{amount} needs the authority of a {ladder[index].title}")
    else:
        reasons.append(f"within the authority of a {ladder[index].title}")

    def at_least(role_id: str, why: str) -> None:
        nonlocal index
        target = ladder.index(policy.role(role_id))
        if target > index:
            index = target
            reasons.append(why)

    if facts.vip:
        at_least(routing.vip_min_role, "VIP customer")
    repeat = routing.repeat_complaints
    if facts.prior_cases >= repeat.threshold and repeat.raise_levels:
        raised = min(index + repeat.raise_levels, len(ladder) - 1)
        if raised > index:
            index = raised
            reasons.append(f"repeat complaint ({facts.prior_cases} earlier cases in {repeat.window_days} days)")
    if facts.severity_signals:
        signals = ", ".join(sorted(s.replace("_", " ") for s in facts.severity_signals))
        at_least(routing.severity_role, f"severity: {signals}")
    return Assignment(ladder[index], tuple(reasons))
