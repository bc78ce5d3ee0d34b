"""The records behind the service-quality figures of a period and scope.

One query per kind, shared by the figures (which count them) and the drill-down (which lists them), so a number and
its list always agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.cases import pledges
from bot.db.models import (
    Case,
    CaseEvent,
    Conversation,
    HandoffRequest,
    InboxMessage,
    Rating,
    SlaPledge,
    TranscriptLine,
)
from bot.quality.period import Period
from bot.shop.business_hours import business_time_between
from bot.shop.criteria import CHAT
from bot.shop.policy import Policy

T = TypeVar("T")
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
    place: str | None  # the case's branch or online


@dataclass(frozen=True)
class Event:
    """A step of a case in the period that the figures count: settled, refused, referred, escalated, reopened."""

    reference: str
    kind: str
    at: dt.datetime
    detail: dict[str, Any]
    business_hours_open: float  # from the case's intake to this step (measured for settlements only)
    place: str | None


@dataclass(frozen=True)
class Given:
    """A rating given in the period."""

    conversation_id: str
    score: int
    at: dt.datetime
    case_reference: str | None
    staff_id: int | None
    place: str | None  # the rated case's branch or online; None for the chat's own


def _utc(hour: str | dt.datetime) -> dt.datetime:
    """An hour as the database gave it (text from SQLite, a naive timestamp from PostgreSQL), in UTC."""
    moment = dt.datetime.fromisoformat(hour) if isinstance(hour, str) else hour
    return moment.replace(tzinfo=dt.timezone.utc)


class Records:
    """The period's records for a scope: the session, the policy, the bounds and the scope, shared by the queries."""

    def __init__(self, session: Session, policy: Policy, period: Period, scope: Scope, now: dt.datetime) -> None:
        self.session, self.policy, self.scope, self.now, self.period = session, policy, scope, now, period
        self.start, self.end = period.bounds(policy)

    def _kept(self, name: str, fetch: Callable[[], list[T]]) -> list[T]:
        """``fetch()``'s records, read once per session: a page asks for the same period more than once."""
        cache: dict[tuple[object, ...], list[Any]] = self.session.info.setdefault("quality_records", {})
        key = (name, self.start, self.end, self.scope, self.now)
        if key not in cache:
            cache[key] = fetch()
        return cache[key]

    def _unit_only(self) -> bool:
        """A branch or online alone: its records are the whole shop's of that place (read once for every unit)."""
        return self.scope.unit not in (None, CHAT) and self.scope.role is None and self.scope.staff_id is None

    def _shop(self) -> Records:
        return Records(self.session, self.policy, self.period, Scope(), self.now)

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

    def customer_lines(self) -> Any:
        """The condition on transcript lines: a customer's, in the period."""
        return and_(TranscriptLine.author == "customer", self.within(TranscriptLine.at))

    def started(self, *, alone: bool = False) -> Any:
        """The condition on conversations: begun in the period (``alone``: nobody ever asked for a person in it)."""
        condition = self.within(Conversation.first_at)
        if alone:
            asked = exists().where(HandoffRequest.conversation_id == Conversation.conversation_id)
            condition = and_(condition, ~asked)
        return condition

    def count_conversations(self, *, alone: bool = False) -> int:
        """Conversations begun in the period (``alone``: where nobody asked for a person)."""
        query = select(func.count()).select_from(Conversation).where(self.started(alone=alone))
        return int(self.session.scalar(query) or 0)

    def hourly_starts(self) -> list[tuple[dt.datetime, int, int]]:
        """Conversations begun in the period by the hour they began: (the hour in UTC, begun, asked for a person).

        Counted by the database, hour by hour, so a quarter of a busy shop is a few thousand rows, not a row per
        conversation.
        """

        def fetch() -> list[tuple[dt.datetime, int, int]]:
            if self.session.get_bind().dialect.name == "sqlite":
                hour: Any = func.strftime("%Y-%m-%d %H:00:00", Conversation.first_at)
            else:
                hour = func.date_trunc("hour", Conversation.first_at)
            begun = select(hour, func.count()).where(self.started()).group_by(hour)
            asked = (
                select(hour, func.count(func.distinct(Conversation.conversation_id)))
                .join(HandoffRequest, HandoffRequest.conversation_id == Conversation.conversation_id)
                .where(self.started())
                .group_by(hour)
            )
            with_person = {_utc(at): int(n) for at, n in self.session.execute(asked)}
            return [(_utc(at), int(n), with_person.get(_utc(at), 0)) for at, n in self.session.execute(begun)]

        return self._kept("hourly_starts", fetch)

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
        """Conversations of the period, latest first: (id, when it began, its customer lines).

        With ``fallback``: those with a message not understood in the period (id, the latest such, how many).
        """
        if fallback:
            query = (
                select(InboxMessage.conversation_id, func.max(InboxMessage.at), func.count())
                .where(self.fallback_condition())
                .group_by(InboxMessage.conversation_id)
                .order_by(func.max(InboxMessage.at).desc())
            )
        else:
            query = (
                select(Conversation.conversation_id, Conversation.first_at, Conversation.customer_lines)
                .where(self.started(alone=alone))
                .order_by(Conversation.first_at.desc())
            )
        return [(str(c), at, int(n)) for c, at, n in self.session.execute(query.limit(limit))]

    def handoffs(self) -> list[Handoff]:
        """Customers who asked for a person in the period (the scope's role, person or branch)."""
        if self.scope == Scope(unit=CHAT):  # the chat's handoffs are the whole shop's
            return self._shop().handoffs()
        return self._kept("handoffs", self._handoffs)

    def _handoffs(self) -> list[Handoff]:
        query = (
            select(HandoffRequest.conversation_id, HandoffRequest.requested_at, HandoffRequest.taken_at,
                   HandoffRequest.callback_by, HandoffRequest.taken_by, Case.reference)
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
        rows = self.session.execute(query).all()
        # The first response is the person's first line to the customer (accepting alone says nothing): the staff
        # lines of the period and the week after, read once by time, not once per handoff.
        wanted = {row.conversation_id for row in rows if row.taken_at is not None}
        said: dict[str, list[dt.datetime]] = {}
        if wanted:
            lines = select(TranscriptLine.conversation_id, TranscriptLine.at).where(
                TranscriptLine.author == "staff", TranscriptLine.at >= self.start,
                TranscriptLine.at < self.end + dt.timedelta(days=7),
            )  # fmt: skip
            for conversation, at in self.session.execute(lines):
                if conversation in wanted:
                    said.setdefault(conversation, []).append(at)
        found = []
        for conversation, requested, taken, callback, taken_by, reference in rows:
            first_line = min((at for at in said.get(conversation, ()) if at >= requested), default=None)
            found.append(Handoff(
                str(conversation), requested, taken is not None, callback is not None,
                self.business_minutes(requested, taken) if taken else None,
                self.business_minutes(requested, first_line or taken) if taken else None,
                taken_by, reference,
            ))  # fmt: skip
        return found

    def complaints(self) -> list[Complaint]:
        """Cases lodged in the period, newest first."""
        if self._unit_only():
            return [c for c in self._shop().complaints() if c.place == self.scope.unit]
        return self._kept("complaints", self._complaints)

    def _complaints(self) -> list[Complaint]:
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
        if self._unit_only():
            return [p for p in self._shop().pledges() if p.place == self.scope.unit]
        return self._kept("pledges", self._pledges)

    def _pledges(self) -> list[Pledge]:
        query = (
            select(Case.reference, SlaPledge.kind, SlaPledge.role, SlaPledge.due_at, SlaPledge.closed_at,
                   SlaPledge.closed_how, Case.incident_place)
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
                   how == pledges.MET and closed is not None and closed <= due, place)
            for reference, kind, role, due, closed, how, place in self.session.execute(query)
        ]  # fmt: skip

    def events(self) -> list[Event]:
        """Settlements, refusals, referrals, escalations and reopenings in the period, newest first.

        For a member of staff: the steps they took.
        """
        if self._unit_only():
            return [e for e in self._shop().events() if e.place == self.scope.unit]
        return self._kept("events", self._events)

    def _events(self) -> list[Event]:
        query = self.case_scope(
            select(Case.reference, CaseEvent.kind, CaseEvent.at, CaseEvent.detail, Case.created_at, Case.incident_place)
            .join(Case, Case.id == CaseEvent.case_id)
            .where(self.within(CaseEvent.at), CaseEvent.kind.in_(EVENT_KINDS))
            .order_by(CaseEvent.at.desc())
        )
        if self.scope.staff_id is not None:
            query = query.where(CaseEvent.staff_id == self.scope.staff_id)
        return [
            Event(
                reference,
                kind,
                at,
                json.loads(detail or "{}"),
                self.business_minutes(created, at) / 60 if kind == "settled" else 0.0,
                place,
            )  # fmt: skip
            for reference, kind, at, detail, created, place in self.session.execute(query)
        ]

    def ratings(self) -> list[Given]:
        """Ratings given in the period: the chat's (no case) for the chat, a case's for its unit, a person's."""
        if self._unit_only():
            return [r for r in self._shop().ratings() if r.place == self.scope.unit]
        if self.scope == Scope(unit=CHAT):
            return [r for r in self._shop().ratings() if r.case_reference is None]
        return self._kept("ratings", self._ratings)

    def _ratings(self) -> list[Given]:
        query = (
            select(
                Rating.conversation_id, Rating.score, Rating.at, Case.reference, Rating.staff_id, Case.incident_place
            )
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
        return [Given(str(c), int(score), at, ref, staff, place)
                for c, score, at, ref, staff, place in self.session.execute(query)]  # fmt: skip
