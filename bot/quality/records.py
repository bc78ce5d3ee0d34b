"""The records behind the service-quality figures of a period and scope.

One query per kind, shared by the figures (which count them) and the drill-down (which lists them), so a number and
its list always agree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.cases import pledges
from bot.db.models import Case, CaseEvent, HandoffRequest, InboxMessage, Rating, SlaPledge, TranscriptLine
from bot.quality.period import Period
from bot.shop.business_hours import business_time_between
from bot.shop.criteria import CHAT
from bot.shop.policy import Policy

EVENT_KINDS = ("settled", "settlement_refused", "referred_up", "sla_escalated", "reopened")


@dataclass(frozen=True)
class Scope:
    """What the figures are narrowed to; ``None`` everywhere is the whole shop."""

    unit: str | None = None  # a branch id, "online" or "chat"
    role: str | None = None  # a role id: the cases, pledges and handoffs of that role
    staff_id: int | None = None  # a member of staff: the chats they took and the ratings they got

    @property
    def conversations(self) -> bool:
        """Whether conversation figures apply: conversations belong to the chat, not to a branch, role or person."""
        return self.unit in (None, CHAT) and self.role is None and self.staff_id is None

    @property
    def handoffs(self) -> bool:
        """Whether handoff figures apply: to the chat, a role's queue and a person's chats, not to a branch."""
        return self.unit in (None, CHAT) or self.role is not None or self.staff_id is not None

    @property
    def cases(self) -> bool:
        """Whether case figures apply: cases belong to the branch or channel of sale they are about."""
        return self.unit != CHAT and self.staff_id is None

    @property
    def steps(self) -> bool:
        """Whether steps of cases count (settlements, refusals, referrals): a person's are theirs."""
        return self.unit != CHAT


@dataclass(frozen=True)
class Handoff:
    """A customer who asked for a person, and how long it took (business minutes)."""

    conversation_id: str
    requested_at: dt.datetime
    taken: bool
    callback: bool
    wait_minutes: float | None
    first_response_minutes: float | None
    taken_by: int | None
    case_reference: str | None


@dataclass(frozen=True)
class Complaint:
    """A case lodged in the period (a complaint, or a personal data request)."""

    reference: str
    created_at: dt.datetime
    category: str
    product: str | None
    place: str | None
    role: str
    outcome: str
    repeat: bool
    channel: str  # "the assistant" or "staff in a live chat"
    status: str


@dataclass(frozen=True)
class Pledge:
    """A deadline that fell due in the period: kept or missed."""

    reference: str
    kind: str  # acknowledge, resolve
    role: str
    due_at: dt.datetime
    met_at: dt.datetime | None
    kept: bool


@dataclass(frozen=True)
class Event:
    """A step of a case in the period that the figures count: settled, refused, referred, escalated, reopened."""

    reference: str
    kind: str
    at: dt.datetime
    detail: dict[str, Any]
    business_hours_open: float  # from the case's intake to this step


@dataclass(frozen=True)
class Given:
    """A rating given in the period."""

    conversation_id: str
    score: int
    at: dt.datetime
    case_reference: str | None
    staff_id: int | None


class Records:
    """The period's records for a scope: the session, the policy, the bounds and the scope, shared by the queries."""

    def __init__(self, session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> None:
        self.session, self.policy, self.scope, self.now = session, policy, scope, now
        self.start, self.end = period.bounds(policy)

    def within(self, column: Any) -> Any:
        """The column's moment falls in the period."""
        return and_(column >= self.start, column < self.end)

    def business_minutes(self, start: dt.datetime, end: dt.datetime) -> float:
        """Business time between two moments, in minutes (the calendar of ``service_hours``)."""
        return business_time_between(start, end, self.policy.service_hours, self.policy).total_seconds() / 60

    def case_scope(self, query: Select[Any]) -> Select[Any]:
        """``query`` (which selects from cases) narrowed to the scope's unit and role."""
        if self.scope.unit is not None:
            query = query.where(Case.incident_place == self.scope.unit)
        if self.scope.role is not None:
            query = query.where(Case.assigned_role == self.scope.role)
        return query

    def customer_lines(self, *, alone: bool = False) -> Any:
        """The condition on transcript lines: a customer's, in the period (``alone``: no person ever asked for)."""
        condition = and_(TranscriptLine.author == "customer", self.within(TranscriptLine.at))
        if alone:
            condition = and_(
                condition, ~exists().where(HandoffRequest.conversation_id == TranscriptLine.conversation_id)
            )
        return condition

    def count_conversations(self, *, alone: bool = False) -> int:
        """Conversations with a customer line in the period."""
        query = select(func.count(func.distinct(TranscriptLine.conversation_id))).where(
            self.customer_lines(alone=alone)
        )
        return int(self.session.scalar(query) or 0)

    def count_customer_lines(self) -> int:
        """Lines customers wrote in the period."""
        return int(self.session.scalar(select(func.count()).where(self.customer_lines())) or 0)

    def fallback_condition(self) -> Any:
        """The condition on inbox messages: one the assistant fell back on, in the period."""
        return and_(InboxMessage.source == "fallback", self.within(InboxMessage.at))

    def count_fallbacks(self) -> int:
        """Customer messages the assistant did not understand (fell back on), in the period."""
        return int(self.session.scalar(select(func.count()).where(self.fallback_condition())) or 0)

    def conversations(
        self, limit: int, *, alone: bool = False, fallback: bool = False
    ) -> list[tuple[str, dt.datetime, int]]:
        """Conversations of the period, latest first: (id, its last customer line in the period, lines)."""
        if fallback:
            query = (
                select(InboxMessage.conversation_id, func.max(InboxMessage.at), func.count())
                .where(self.fallback_condition())
                .group_by(InboxMessage.conversation_id)
            )
        else:
            query = (
                select(TranscriptLine.conversation_id, func.max(TranscriptLine.at), func.count())
                .where(self.customer_lines(alone=alone))
                .group_by(TranscriptLine.conversation_id)
            )
        rows = self.session.execute(
            query.order_by(func.max(InboxMessage.at if fallback else TranscriptLine.at).desc()).limit(limit)
        )
        return [(str(c), at, int(n)) for c, at, n in rows]

    def handoffs(self) -> list[Handoff]:
        """Customers who asked for a person in the period (the scope's role, person or branch)."""
        first_staff_line = (
            select(func.min(TranscriptLine.at))
            .where(
                TranscriptLine.conversation_id == HandoffRequest.conversation_id,
                TranscriptLine.author == "staff",
                TranscriptLine.at >= HandoffRequest.requested_at,
            )
            .scalar_subquery()
        )
        query = (
            select(HandoffRequest.conversation_id, HandoffRequest.requested_at, HandoffRequest.taken_at,
                   HandoffRequest.callback_by, first_staff_line, HandoffRequest.taken_by, Case.reference)
            .outerjoin(Case, Case.id == HandoffRequest.case_id)
            .where(self.within(HandoffRequest.requested_at))
            .order_by(HandoffRequest.requested_at.desc())
        )  # fmt: skip
        if self.scope.role is not None:
            query = query.where(HandoffRequest.role == self.scope.role)
        if self.scope.staff_id is not None:
            query = query.where(HandoffRequest.taken_by == self.scope.staff_id)
        if self.scope.unit not in (None, CHAT):
            query = query.where(Case.incident_place == self.scope.unit)
        found = []
        for conversation, requested, taken, callback, first_line, taken_by, reference in self.session.execute(query):
            # The first response is the person's first line to the customer (accepting alone says nothing).
            found.append(Handoff(
                str(conversation), requested, taken is not None, callback is not None,
                self.business_minutes(requested, taken) if taken else None,
                self.business_minutes(requested, first_line or taken) if taken else None,
                taken_by, reference,
            ))  # fmt: skip
        return found

    def complaints(self) -> list[Complaint]:
        """Cases lodged in the period, newest first."""
        query = self.case_scope(
            select(Case.id, Case.reference, Case.created_at, Case.category, Case.product, Case.incident_place,
                   Case.assigned_role, Case.desired_outcome, Case.prior_cases, Case.status)
            .where(self.within(Case.created_at))
            .order_by(Case.created_at.desc())
        )  # fmt: skip
        rows = self.session.execute(query).all()
        by_staff = set(
            self.session.scalars(
                select(CaseEvent.case_id).where(
                    CaseEvent.kind == "opened_from_chat", CaseEvent.case_id.in_([row.id for row in rows])
                )
            )
        ) if rows else set()  # fmt: skip
        return [
            Complaint(row.reference, row.created_at, row.category, row.product, row.incident_place, row.assigned_role,
                      row.desired_outcome, row.prior_cases > 0,
                      "staff in a live chat" if row.id in by_staff else "the assistant", row.status)
            for row in rows
        ]  # fmt: skip

    def pledges(self) -> list[Pledge]:
        """Deadlines due in the period, and by now, that were not replaced by a newer one: kept or missed."""
        query = (
            select(Case.reference, SlaPledge.kind, SlaPledge.role, SlaPledge.due_at, SlaPledge.closed_at,
                   SlaPledge.closed_how)
            .join(Case, Case.id == SlaPledge.case_id)
            .where(self.within(SlaPledge.due_at), SlaPledge.due_at <= self.now)
            .where((SlaPledge.closed_how.is_(None)) | (SlaPledge.closed_how != pledges.RENEWED))
            .order_by(SlaPledge.due_at.desc())
        )  # fmt: skip
        if self.scope.unit is not None:
            query = query.where(Case.incident_place == self.scope.unit)
        if self.scope.role is not None:
            query = query.where(SlaPledge.role == self.scope.role)
        return [
            Pledge(reference, kind, role, due, closed if how == pledges.MET else None,
                   how == pledges.MET and closed is not None and closed <= due)
            for reference, kind, role, due, closed, how in self.session.execute(query)
        ]  # fmt: skip

    def events(self) -> list[Event]:
        """Settlements, refusals, referrals, escalations and reopenings in the period, newest first.

        For a member of staff: the steps they took.
        """
        query = self.case_scope(
            select(Case.reference, CaseEvent.kind, CaseEvent.at, CaseEvent.detail, Case.created_at)
            .join(Case, Case.id == CaseEvent.case_id)
            .where(self.within(CaseEvent.at), CaseEvent.kind.in_(EVENT_KINDS))
            .order_by(CaseEvent.at.desc())
        )
        if self.scope.staff_id is not None:
            query = query.where(CaseEvent.staff_id == self.scope.staff_id)
        return [
            Event(reference, kind, at, json.loads(detail or "{}"), self.business_minutes(created, at) / 60)
            for reference, kind, at, detail, created in self.session.execute(query)
        ]

    def ratings(self) -> list[Given]:
        """Ratings given in the period: the chat's (no case) for the chat, a case's for its unit, a person's."""
        query = (
            select(Rating.conversation_id, Rating.score, Rating.at, Case.reference, Rating.staff_id)
            .outerjoin(Case, Case.id == Rating.case_id)
            .where(self.within(Rating.at))
            .order_by(Rating.at.desc())
        )
        if self.scope.unit == CHAT:
            query = query.where(Rating.case_id.is_(None))
        elif self.scope.unit is not None or self.scope.role is not None:
            query = self.case_scope(query.where(Rating.case_id.is_not(None)))
        if self.scope.staff_id is not None:
            query = query.where(Rating.staff_id == self.scope.staff_id)
        return [Given(str(c), int(score), at, ref, staff) for c, score, at, ref, staff in self.session.execute(query)]
