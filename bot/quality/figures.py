"""The figures of a period, measured from what happened.

Conversations, handoffs, SLA pledges, settlements, ratings and complaints by kind. A figure is counted in the period
its moment falls in: a conversation when its customer first wrote, a handoff when it was asked for, a pledge by its
deadline (one not yet due is left out), a settlement when it was made, a rating when it was given. Times are
business time in the calendar of ``service_hours``. A scope narrows the figures to a business unit (a branch,
``online`` or ``chat``), a handling role, or a member of staff; a figure the scope cannot say anything about is
``None``, never 0.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.cases import pledges
from bot.quality.period import Period
from bot.quality.products import brand, product_type
from bot.quality.records import Records, Scope
from bot.shop.criteria import CHAT
from bot.shop.policy import REMEDIES, Policy

Number = float | int | None

LABELS: dict[str, str] = {
    "conversations": "Conversations begun",
    "served_by_assistant_alone": "Conversations the assistant served alone",
    "answered_by_assistant": "Share served by the assistant alone",
    "customer_messages": "Customer messages",
    "fallbacks": "Messages not understood",
    "fallback_rate": "Share of messages not understood",
    "handoffs": "Customers who asked for a person",
    "handoffs_taken": "Taken up by a person",
    "callbacks_promised": "Promised a call back instead",
    "median_wait_minutes": "Median wait for a person (business minutes)",
    "median_first_response_minutes": "Median first response (business minutes)",
    "p90_first_response_minutes": "90th percentile first response (business minutes)",
    "first_response_in_target": "Share answered within the first-response target",
    "complaints": "Complaints received",
    "data_requests": "Personal data requests received",
    "repeat_complaints": "Complaints from repeat complainants",
    "repeat_complaints_share": "Share from repeat complainants",
    "reopened": "Cases reopened",
    "acknowledge_kept": "Acknowledgement deadlines kept",
    "acknowledge_missed": "Acknowledgement deadlines missed",
    "acknowledged_in_sla": "Share of acknowledgement deadlines kept",
    "resolve_kept": "Resolution deadlines kept",
    "resolve_missed": "Resolution deadlines missed",
    "resolved_in_sla": "Share of resolution deadlines kept",
    "escalations": "Cases the SLA timer moved up",
    "referrals": "Cases referred up by staff",
    "settled": "Cases settled",
    "median_resolution_hours": "Median time to settle (business hours)",
    "settled_hkd": "Settled, HK$ in all",
    "settlements_refused": "Settlements refused above authority",
    "ratings": "Ratings given",
    "satisfaction": "Satisfaction (share of ratings 4 or 5)",
    "rating_response_rate": "Share of served customers who rated",
}
"""Every headline figure, in the order reports show them, with what it means."""

SHARES = frozenset(
    {"answered_by_assistant", "fallback_rate", "first_response_in_target", "repeat_complaints_share",
     "acknowledged_in_sla", "resolved_in_sla", "satisfaction", "rating_response_rate"}
)  # fmt: skip
BREAKDOWNS: dict[str, str] = {
    "category": "Complaints by category",
    "product_type": "Complaints by product",
    "brand": "Complaints by brand",
    "place": "Complaints by branch or channel of sale",
    "channel": "Complaints by how they were taken",
    "role": "Complaints by handling role",
    "remedy": "Settlements by remedy",
    "remedy_hkd": "Settled HK$ by remedy",
    "rating": "Ratings by score",
}


@dataclass(frozen=True)
class Figures:
    """A period's figures for a scope.

    ``numbers`` are the headline figures (keys of ``LABELS``); ``breakdowns`` count by kind (keys of ``BREAKDOWNS``,
    each a value by key, largest first).
    """

    period: Period
    scope: Scope
    numbers: dict[str, Number]
    breakdowns: dict[str, dict[str, int]] = field(default_factory=dict)


def _share(part: int | None, whole: int | None) -> float | None:
    return None if part is None or not whole else part / whole


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value at least ``share`` of the values do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def _conversations(records: Records) -> dict[str, Number]:
    counted: dict[tuple[dt.datetime, dt.datetime], tuple[int, int, int, int]] = records.session.info.setdefault(
        "quality_conversations", {}
    )  # the whole shop's and the chat's are the same conversations: counted once per session
    if (records.start, records.end) not in counted:
        counted[(records.start, records.end)] = (records.count_conversations(),
                                                 records.count_conversations(alone=True),
                                                 records.count_customer_lines(), records.count_fallbacks())  # fmt: skip
    count, alone, messages, fallbacks = counted[(records.start, records.end)]
    return {
        "conversations": count,
        "served_by_assistant_alone": alone,
        "answered_by_assistant": _share(alone, count),
        "customer_messages": messages,
        "fallbacks": fallbacks,
        "fallback_rate": _share(fallbacks, messages),
    }


def _handoffs(records: Records, policy: Policy) -> dict[str, Number]:
    handoffs = records.handoffs()
    waits = [h.wait_minutes for h in handoffs if h.wait_minutes is not None]
    responses = [h.first_response_minutes for h in handoffs if h.first_response_minutes is not None]
    target = policy.performance_criteria.get(CHAT)
    within = target.first_response if target is not None else None
    return {
        "handoffs": len(handoffs),
        "handoffs_taken": sum(1 for h in handoffs if h.taken),
        "callbacks_promised": sum(1 for h in handoffs if h.callback),
        "median_wait_minutes": _median(waits),
        "median_first_response_minutes": _median(responses),
        "p90_first_response_minutes": _percentile(responses, 0.9),
        "first_response_in_target": (
            _share(sum(1 for m in responses if m <= within.minutes), len(responses)) if within else None
        ),
    }


def place_name(place: str | None, policy: Policy) -> str:
    """Where a complaint's incident happened, as people read it: a branch's name, "Online"."""
    if place == "online":
        return "Online"
    return next((b.name for b in policy.branches if b.id == place), place or "not said")


def role_name(role: str, policy: Policy) -> str:
    """A role's title, or its id if the policy no longer has it."""
    return next((r.title for r in policy.roles if r.id == role), role)


def _complaints(records: Records, policy: Policy) -> tuple[dict[str, Number], dict[str, dict[str, int]]]:
    lodged = records.complaints()
    complaints = [c for c in lodged if c.outcome in REMEDIES]
    repeat = sum(1 for c in complaints if c.repeat)
    numbers: dict[str, Number] = {
        "complaints": len(complaints),
        "data_requests": len(lodged) - len(complaints),
        "repeat_complaints": repeat,
        "repeat_complaints_share": _share(repeat, len(complaints)),
    }
    breakdowns = {
        "category": _ranked(Counter(policy.category_label(c.category) for c in complaints)),
        "product_type": _ranked(Counter(product_type(c.product) for c in complaints)),
        "brand": _ranked(Counter(brand(c.product) for c in complaints)),
        "place": _ranked(Counter(place_name(c.place, policy) for c in complaints)),
        "channel": _ranked(Counter(c.channel for c in complaints)),
        "role": _ranked(Counter(role_name(c.role, policy) for c in complaints)),
    }
    return numbers, breakdowns


def _pledges(records: Records) -> dict[str, Number]:
    kept: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for pledge in records.pledges():
        (kept if pledge.kept else missed)[pledge.kind] += 1
    numbers: dict[str, Number] = {}
    for kind in (pledges.ACKNOWLEDGE, pledges.RESOLVE):
        numbers[f"{kind}_kept"], numbers[f"{kind}_missed"] = kept[kind], missed[kind]
    numbers["acknowledged_in_sla"] = _share(kept["acknowledge"], kept["acknowledge"] + missed["acknowledge"])
    numbers["resolved_in_sla"] = _share(kept["resolve"], kept["resolve"] + missed["resolve"])
    return numbers


def _events(records: Records) -> tuple[dict[str, Number], dict[str, dict[str, int]]]:
    events = records.events()
    kinds = Counter(e.kind for e in events)
    settled = [e for e in events if e.kind == "settled"]
    remedies = Counter(str(e.detail.get("remedy")) for e in settled)
    amounts: Counter[str] = Counter()
    for e in settled:
        amounts[str(e.detail.get("remedy"))] += int(e.detail.get("amount_hkd") or 0)
    numbers: dict[str, Number] = {
        "reopened": kinds["reopened"],
        "escalations": kinds["sla_escalated"],
        "referrals": kinds["referred_up"],
        "settled": kinds["settled"],
        "median_resolution_hours": _median([e.business_hours_open for e in settled]),
        "settled_hkd": sum(amounts.values()),
        "settlements_refused": kinds["settlement_refused"],
    }
    return numbers, {"remedy": _ranked(remedies), "remedy_hkd": _ranked(amounts)}


def _ratings(records: Records, taken: Number) -> tuple[dict[str, Number], dict[str, dict[str, int]]]:
    scores = [r.score for r in records.ratings()]
    good = sum(1 for score in scores if score >= 4)
    numbers: dict[str, Number] = {
        "ratings": len(scores),
        "satisfaction": _share(good, len(scores)),
        "rating_response_rate": _share(len(scores), int(taken)) if taken is not None else None,
    }
    distribution = {str(score): sum(1 for s in scores if s == score) for score in range(5, 0, -1)}
    return numbers, {"rating": distribution}


def measure(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> Figures:
    """The figures of ``period`` for ``scope``, as of ``now`` (deadlines after it are not yet due).

    Kept for the rest of the session: one page asks for the same figures more than once (the whole shop's
    conversations are also the chat's; a week of the trend may be the period itself).
    """
    kept: dict[tuple[Period, Scope, dt.datetime], Figures] = session.info.setdefault("quality_figures", {})
    if (period, scope, now) not in kept:
        kept[(period, scope, now)] = _measure(session, policy, period, scope, now)
    return kept[(period, scope, now)]


def _measure(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> Figures:
    records = Records(session, policy, period, scope, now)
    numbers: dict[str, Number] = dict.fromkeys(LABELS)
    breakdowns: dict[str, dict[str, int]] = {}
    if scope.conversations:
        numbers.update(_conversations(records))
    if scope.handoffs:
        numbers.update(_handoffs(records, policy))
    if scope.cases:
        found, kinds = _complaints(records, policy)
        numbers.update(found)
        breakdowns.update(kinds)
        numbers.update(_pledges(records))
    if scope.steps:
        found, kinds = _events(records)
        numbers.update(found)
        breakdowns.update(kinds)
    found, kinds = _ratings(records, numbers["handoffs_taken"] if scope.unit in (None, CHAT) else None)
    numbers.update(found)
    breakdowns.update(kinds)
    return Figures(period, scope, numbers, breakdowns)


def complaints_by(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime,
                  column: str) -> dict[str, dict[str, int]]:  # fmt: skip
    """Complaints lodged in the period by category (rows, largest first) and ``column``: ``place`` or ``product_type``.

    Raises:
        ValueError: another column.
    """
    if column not in ("place", "product_type"):
        raise ValueError(f"complaints are counted by place or product_type, not {column}")
    if not scope.cases:
        return {}
    table: dict[str, Counter[str]] = {}
    for c in Records(session, policy, period, scope, now).complaints():
        if c.outcome not in REMEDIES:
            continue
        value = place_name(c.place, policy) if column == "place" else product_type(c.product)
        table.setdefault(policy.category_label(c.category), Counter())[value] += 1
    ordered = sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {category: _ranked(counts) for category, counts in ordered}
