"""The figures of a period, measured from what happened.

Conversations, handoffs, SLA pledges, settlements, ratings and complaints by kind. A figure is counted in the period
its moment falls in: a conversation by its customers' messages, a handoff when it was asked for, a pledge by its
deadline (one not yet due is left out), a settlement when it was made, a rating when it was given. Times are
business time in the calendar of ``service_hours``. A scope narrows the figures to a business unit (a branch,
``online`` or ``chat``), a handling role, or a member of staff; a figure the scope cannot say anything about is
``None``, never 0.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.cases import pledges
from bot.db.models import Case, CaseEvent, HandoffRequest, InboxMessage, Rating, SlaPledge, TranscriptLine
from bot.quality.period import Period
from bot.quality.products import brand, product_type
from bot.shop.business_hours import business_time_between
from bot.shop.criteria import CHAT
from bot.shop.policy import REMEDIES, Policy

Number = float | int | None

LABELS: dict[str, str] = {
    "conversations": "Conversations",
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
class Scope:
    """What the figures are narrowed to; ``None`` everywhere is the whole shop."""

    unit: str | None = None  # a branch id, "online" or "chat"
    role: str | None = None  # a role id: the cases, pledges and handoffs of that role
    staff_id: int | None = None  # a member of staff: the chats they took, the ratings and settlements they got

    @property
    def conversations(self) -> bool:
        """Whether conversation figures apply: conversations belong to the chat, not to a branch or a role."""
        return self.unit in (None, CHAT) and self.role is None and self.staff_id is None

    @property
    def cases(self) -> bool:
        """Whether case figures apply: cases belong to the branch or channel of sale they are about."""
        return self.unit != CHAT


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


class _Measure:
    """One measurement: the session, the policy, the bounds and the scope, shared by the queries."""

    def __init__(self, session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> None:
        self.session, self.policy, self.scope, self.now = session, policy, scope, now
        self.start, self.end = period.bounds(policy)

    def within(self, column: Any) -> Any:
        return and_(column >= self.start, column < self.end)

    def business_minutes(self, start: dt.datetime, end: dt.datetime) -> float:
        return business_time_between(start, end, self.policy.service_hours, self.policy).total_seconds() / 60

    def case_scope(self, query: Select[Any]) -> Select[Any]:
        """``query`` (which selects from cases) narrowed to the scope's unit and role."""
        if self.scope.unit is not None:
            query = query.where(Case.incident_place == self.scope.unit)
        if self.scope.role is not None:
            query = query.where(Case.assigned_role == self.scope.role)
        return query

    def conversations(self) -> dict[str, Number]:
        count = self.session.scalar(
            select(func.count(func.distinct(TranscriptLine.conversation_id))).where(
                TranscriptLine.author == "customer", self.within(TranscriptLine.at)
            )
        )
        alone = self.session.scalar(
            select(func.count(func.distinct(TranscriptLine.conversation_id))).where(
                TranscriptLine.author == "customer",
                self.within(TranscriptLine.at),
                ~exists().where(HandoffRequest.conversation_id == TranscriptLine.conversation_id),
            )
        )
        messages = self.session.scalar(
            select(func.count()).where(TranscriptLine.author == "customer", self.within(TranscriptLine.at))
        )
        fallbacks = self.session.scalar(
            select(func.count()).where(InboxMessage.source == "fallback", self.within(InboxMessage.at))
        )
        return {
            "conversations": count,
            "served_by_assistant_alone": alone,
            "answered_by_assistant": _share(alone, count),
            "customer_messages": messages,
            "fallbacks": fallbacks,
            "fallback_rate": _share(fallbacks, messages),
        }

    def handoffs(self) -> dict[str, Number]:
        first_staff_line = (
            select(func.min(TranscriptLine.at))
            .where(
                TranscriptLine.conversation_id == HandoffRequest.conversation_id,
                TranscriptLine.author == "staff",
                TranscriptLine.at >= HandoffRequest.requested_at,
            )
            .scalar_subquery()
        )
        query = select(
            HandoffRequest.requested_at, HandoffRequest.taken_at, HandoffRequest.callback_by, first_staff_line
        ).where(self.within(HandoffRequest.requested_at))
        if self.scope.role is not None:
            query = query.where(HandoffRequest.role == self.scope.role)
        if self.scope.staff_id is not None:
            query = query.where(HandoffRequest.taken_by == self.scope.staff_id)
        if self.scope.unit not in (None, CHAT):
            query = query.join(Case, Case.id == HandoffRequest.case_id).where(Case.incident_place == self.scope.unit)
        rows = self.session.execute(query).all()
        waits, responses = [], []
        for requested, taken, _, first_line in rows:
            if taken is not None:
                waits.append(self.business_minutes(requested, taken))
                # The first response is the person's first line to the customer (accepting alone says nothing).
                responses.append(self.business_minutes(requested, first_line or taken))
        target = self.policy.performance_criteria.get(CHAT)
        within = target.first_response if target is not None else None
        return {
            "handoffs": len(rows),
            "handoffs_taken": len(waits),
            "callbacks_promised": sum(1 for row in rows if row[2] is not None),
            "median_wait_minutes": _median(waits),
            "median_first_response_minutes": _median(responses),
            "p90_first_response_minutes": _percentile(responses, 0.9),
            "first_response_in_target": (
                _share(sum(1 for m in responses if m <= within.minutes), len(responses)) if within else None
            ),
        }

    def complaints(self) -> tuple[dict[str, Number], dict[str, dict[str, int]]]:
        rows = self.session.execute(
            self.case_scope(
                select(Case.category, Case.product, Case.incident_place, Case.assigned_role, Case.desired_outcome,
                       Case.prior_cases, Case.id).where(self.within(Case.created_at))
            )
        ).all()  # fmt: skip
        complaints = [row for row in rows if row.desired_outcome in REMEDIES]
        from_staff = set(
            self.session.scalars(
                select(CaseEvent.case_id).where(
                    CaseEvent.kind == "opened_from_chat", CaseEvent.case_id.in_([row.id for row in complaints])
                )
            )
        ) if complaints else set()  # fmt: skip
        repeat = sum(1 for row in complaints if row.prior_cases > 0)
        numbers: dict[str, Number] = {
            "complaints": len(complaints),
            "data_requests": len(rows) - len(complaints),
            "repeat_complaints": repeat,
            "repeat_complaints_share": _share(repeat, len(complaints)),
        }
        breakdowns = {
            "category": _ranked(Counter(self.policy.category_label(row.category) for row in complaints)),
            "product_type": _ranked(Counter(product_type(row.product) for row in complaints)),
            "brand": _ranked(Counter(brand(row.product) for row in complaints)),
            "place": _ranked(Counter(self._place(row.incident_place) for row in complaints)),
            "channel": _ranked(
                Counter("staff in a live chat" if row.id in from_staff else "the assistant" for row in complaints)
            ),
            "role": _ranked(Counter(self._role(row.assigned_role) for row in complaints)),
        }
        return numbers, breakdowns

    def _place(self, place: str | None) -> str:
        if place == "online":
            return "Online"
        return next((b.name for b in self.policy.branches if b.id == place), place or "not said")

    def _role(self, role: str) -> str:
        return next((r.title for r in self.policy.roles if r.id == role), role)

    def pledges(self) -> dict[str, Number]:
        query = (
            select(SlaPledge.kind, SlaPledge.due_at, SlaPledge.closed_at, SlaPledge.closed_how)
            .join(Case, Case.id == SlaPledge.case_id)
            .where(self.within(SlaPledge.due_at), SlaPledge.due_at <= self.now)
            .where((SlaPledge.closed_how.is_(None)) | (SlaPledge.closed_how != pledges.RENEWED))
        )
        if self.scope.unit is not None:
            query = query.where(Case.incident_place == self.scope.unit)
        if self.scope.role is not None:
            query = query.where(SlaPledge.role == self.scope.role)
        kept: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        for kind, due, closed, how in self.session.execute(query):
            if how == pledges.MET and closed <= due:
                kept[kind] += 1
            else:
                missed[kind] += 1
        numbers: dict[str, Number] = {}
        for kind, name in ((pledges.ACKNOWLEDGE, "acknowledge"), (pledges.RESOLVE, "resolve")):
            numbers[f"{name}_kept"], numbers[f"{name}_missed"] = kept[kind], missed[kind]
        numbers["acknowledged_in_sla"] = _share(kept["acknowledge"], kept["acknowledge"] + missed["acknowledge"])
        numbers["resolved_in_sla"] = _share(kept["resolve"], kept["resolve"] + missed["resolve"])
        return numbers

    def case_events(self) -> tuple[dict[str, Number], dict[str, dict[str, int]]]:
        query = self.case_scope(
            select(CaseEvent.kind, CaseEvent.at, CaseEvent.detail, Case.created_at)
            .join(Case, Case.id == CaseEvent.case_id)
            .where(
                self.within(CaseEvent.at),
                CaseEvent.kind.in_(("settled", "settlement_refused", "referred_up", "sla_escalated", "reopened")),
            )
        )
        kinds: Counter[str] = Counter()
        remedies: Counter[str] = Counter()
        amounts: Counter[str] = Counter()
        hours = []
        for kind, at, detail, created in self.session.execute(query):
            kinds[kind] += 1
            if kind == "settled":
                settled = json.loads(detail or "{}")
                remedies[str(settled.get("remedy"))] += 1
                amounts[str(settled.get("remedy"))] += int(settled.get("amount_hkd") or 0)
                hours.append(self.business_minutes(created, at) / 60)
        numbers: dict[str, Number] = {
            "reopened": kinds["reopened"],
            "escalations": kinds["sla_escalated"],
            "referrals": kinds["referred_up"],
            "settled": kinds["settled"],
            "median_resolution_hours": _median(hours),
            "settled_hkd": sum(amounts.values()),
            "settlements_refused": kinds["settlement_refused"],
        }
        return numbers, {"remedy": _ranked(remedies), "remedy_hkd": _ranked(amounts)}

    def ratings(self, taken: Number) -> tuple[dict[str, Number], dict[str, dict[str, int]]]:
        query = select(Rating.score).where(self.within(Rating.at))
        if self.scope.unit == CHAT:
            query = query.where(Rating.case_id.is_(None))
        elif self.scope.unit is not None or self.scope.role is not None:
            query = self.case_scope(query.join(Case, Case.id == Rating.case_id))
        if self.scope.staff_id is not None:
            query = query.where(Rating.staff_id == self.scope.staff_id)
        scores = list(self.session.scalars(query))
        good = sum(1 for score in scores if score >= 4)
        numbers: dict[str, Number] = {
            "ratings": len(scores),
            "satisfaction": _share(good, len(scores)),
            "rating_response_rate": _share(len(scores), int(taken)) if taken is not None else None,
        }
        distribution = {str(score): sum(1 for s in scores if s == score) for score in range(5, 0, -1)}
        return numbers, {"rating": distribution}


def measure(session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> Figures:
    """The figures of ``period`` for ``scope``, as of ``now`` (deadlines after it are not yet due)."""
    measuring = _Measure(session, policy, period, scope, now)
    numbers: dict[str, Number] = dict.fromkeys(LABELS)
    breakdowns: dict[str, dict[str, int]] = {}
    if scope.conversations:
        numbers.update(measuring.conversations())
    if scope.unit in (None, CHAT) or scope.role is not None or scope.staff_id is not None:
        numbers.update(measuring.handoffs())
    if scope.cases and scope.staff_id is None:
        found, kinds = measuring.complaints()
        numbers.update(found)
        breakdowns.update(kinds)
        numbers.update(measuring.pledges())
        found, kinds = measuring.case_events()
        numbers.update(found)
        breakdowns.update(kinds)
    found, kinds = measuring.ratings(numbers["handoffs_taken"] if scope.unit in (None, CHAT) else None)
    numbers.update(found)
    breakdowns.update(kinds)
    return Figures(period, scope, numbers, breakdowns)
