"""What staff do with a case: notes and actions, settling within their authority, referring it up.

The server enforces authority here: a settlement above the staff member's role is refused and
the case must be referred to the next role up. Every step is a case event with who and when.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import lifecycle, pledges
from bot.cases.authority import can_settle
from bot.cases.handoff import actor, open_handoff
from bot.cases.lifecycle import UNSETTLED
from bot.cases.notifications import announce
from bot.cases.service import record_event
from bot.db.models import Case, HandoffRequest
from bot.errors import CannotReferUp, CaseNotFound, NotYourQueue, OutsideAuthority, Refused
from bot.shop.business_hours import add_business_hours
from bot.shop.policy import REMEDIES, Policy
from bot.staff.accounts import SignedIn

NOTE_KINDS = ("note", "action")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Escalation:
    """A case that moved to another role's queue (by referral or a missed SLA)."""

    reference: str
    role: str
    conversation_id: str | None


def case_for(session: Session, reference: str, staff: SignedIn, policy: Policy) -> Case:
    """The case ``reference`` if it is in a queue ``staff`` sees.

    Raises:
        CaseNotFound: no such case.
        NotYourQueue: the case belongs to a role ``staff`` does not see.
    """
    case: Case | None = session.scalars(select(Case).where(Case.reference == reference)).first()
    if case is None:
        raise CaseNotFound(reference)
    if case.assigned_role not in policy.roles_seen_by(staff.role):
        raise NotYourQueue(reference)
    return case


def open_cases(session: Session, staff: SignedIn, policy: Policy) -> list[Case]:
    """Unsettled cases in the queues ``staff`` sees, the most urgent first."""
    return list(session.scalars(
        select(Case).where(Case.status.in_(UNSETTLED), Case.assigned_role.in_(policy.roles_seen_by(staff.role)))
        .order_by(Case.resolve_by)
    ).all())  # fmt: skip


def add_note(session: Session, case: Case, staff: SignedIn, kind: str, text: str, *, policy: Policy,
             now: dt.datetime) -> None:  # fmt: skip
    """Record an internal note or an action taken on the case.

    Raises:
        ValueError: an unknown kind, or empty or over-long text.
    """
    text = text.strip()
    if kind not in NOTE_KINDS:
        raise Refused(f"a note is one of {', '.join(NOTE_KINDS)}")
    if not text or len(text) > MAX_NOTE:
        raise Refused(f"write between 1 and {MAX_NOTE:,} characters")
    pledges.acknowledge(session, case, now)
    record_event(session, case, kind, {"text": text}, now=now, actor=actor(staff, policy), staff_id=staff.staff_id)


def settle(session: Session, case: Case, staff: SignedIn, remedy: str, amount_hkd: int, solution: str, *,
           policy: Policy, now: dt.datetime) -> None:  # fmt: skip
    """Settle the case with ``remedy`` for ``amount_hkd``, within the staff member's authority.

    Raises:
        OutsideAuthority: the role may not give this remedy or this amount; refer the case up. The caller
            records the refusal with ``record_refusal`` in a transaction of its own.
        ValueError: an unknown remedy, a negative amount, no solution text, or a settled case.
    """
    if remedy not in REMEDIES:
        raise Refused(f"the remedy is one of {', '.join(REMEDIES)}")
    if amount_hkd < 0:
        raise Refused("the amount cannot be negative")
    if not solution.strip():
        raise Refused("say what was agreed with the customer")
    lifecycle.advance(case.status, lifecycle.RESOLVED)
    role = policy.role(staff.role)
    if not can_settle(role, remedy, amount_hkd):
        limit = f"up to HK${role.max_settlement_hkd:,}" if remedy in role.remedies else "not at all"
        raise OutsideAuthority(
            f"A {role.title} may settle with {remedy} {limit}; HK${amount_hkd:,} needs a higher authority. "
            "Refer the case up with a reason."
        )
    case.status = lifecycle.advance(case.status, lifecycle.RESOLVED)
    case.settled_remedy = remedy
    case.settled_amount_hkd = amount_hkd
    pledges.settled(session, case, now)
    record_event(session, case, "settled",
                 {"remedy": remedy, "amount_hkd": amount_hkd, "solution": solution.strip(), "authority": role.title},
                 now=now, actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip


def reopen(session: Session, case: Case, staff: SignedIn, reason: str, *, policy: Policy, now: dt.datetime) -> None:
    """Reopen a settled case the customer came back about, with a reason and a fresh resolution deadline.

    It stays with its role; the person reopening it has answered for it, so it counts as acknowledged.

    Raises:
        Refused: no reason given.
        InvalidTransition: the case is not settled.
    """
    if not reason.strip():
        raise Refused("give the reason for reopening the case")
    case.status = lifecycle.advance(case.status, lifecycle.REOPENED)
    case.acknowledged_at = now
    case.resolve_by = add_business_hours(now, policy.sla[case.assigned_role].resolve_hours, policy.service_hours,
                                         policy)  # fmt: skip
    pledges.reopened(session, case, now)
    record_event(session, case, "reopened", {"reason": reason.strip(), "settled_as": case.settled_remedy},
                 now=now, actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip
    case.settled_remedy = None
    case.settled_amount_hkd = None


def record_refusal(session: Session, case: Case, staff: SignedIn, remedy: str, amount_hkd: int, *, policy: Policy,
                   now: dt.datetime) -> None:  # fmt: skip
    """Put a refused settlement in the case's history (after ``settle`` raised ``OutsideAuthority``)."""
    record_event(session, case, "settlement_refused",
                 {"remedy": remedy, "amount_hkd": amount_hkd, "limit_hkd": policy.role(staff.role).max_settlement_hkd},
                 now=now, actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip


def _move_up(session: Session, case: Case, policy: Policy, now: dt.datetime) -> str:
    above = policy.role_above(case.assigned_role)
    if above is None:
        raise CannotReferUp(f"no role above the {policy.role(case.assigned_role).title}")
    case.assigned_role = above.id
    case.status = lifecycle.advance(case.status, lifecycle.ESCALATED)
    terms = policy.sla[above.id]
    case.acknowledged_at = None
    case.acknowledge_by = add_business_hours(now, terms.acknowledge_hours, policy.service_hours, policy)
    case.resolve_by = max(case.resolve_by, add_business_hours(now, terms.resolve_hours, policy.service_hours, policy))
    return str(above.id)


def refer_up(session: Session, case: Case, staff: SignedIn, reason: str, *, policy: Policy,
             now: dt.datetime) -> Escalation:  # fmt: skip
    """Refer the case to the next role up, with a reason; a live chat goes to that role's queue.

    Raises:
        ValueError: no reason given, or the case is settled.
        CannotReferUp: the case already sits with the top role.
    """
    if not reason.strip():
        raise Refused("give the reason for referring the case up")
    lifecycle.advance(case.status, lifecycle.ESCALATED)
    from_role = case.assigned_role
    to_role = _move_up(session, case, policy, now)
    pledges.moved(session, case, now)
    record_event(session, case, "referred_up", {"from": from_role, "to": to_role, "reason": reason.strip()},
                 now=now, actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip
    conversation = None
    handoff = open_handoff(session, case.conversation_id) if case.conversation_id else None
    if handoff is not None and handoff.status == "taken" and handoff.taken_by == staff.staff_id:
        handoff.status = "referred"
        handoff.closed_at = now
        session.add(HandoffRequest(conversation_id=case.conversation_id, case_id=case.id, role=to_role,
                                   reason=f"referred up: {reason.strip()}"[:200], requested_at=now,
                                   referred_by=staff.staff_id))  # fmt: skip
        conversation = case.conversation_id
    elif handoff is not None and handoff.status == "waiting":
        handoff.role = to_role
    announce(session, policy, to_role, "referred_up", case.reference, now=now)
    session.flush()
    return Escalation(case.reference, to_role, conversation)


def escalate_overdue(session: Session, policy: Policy, now: dt.datetime) -> list[Escalation]:
    """Move every case past its SLA one level up: unacknowledged past ``acknowledge_by``, unsettled past ``resolve_by``.

    The new role gets fresh SLA terms from now, so a case climbs at most one level per missed deadline.
    """
    overdue = session.scalars(
        select(Case).where(Case.status.in_(UNSETTLED),
                           ((Case.acknowledged_at.is_(None)) & (Case.acknowledge_by < now)) | (Case.resolve_by < now))
    ).all()  # fmt: skip
    moved = []
    for case in overdue:
        missed = "resolve" if case.resolve_by < now else "acknowledge"
        from_role = case.assigned_role
        if policy.role_above(from_role) is None:
            continue
        to_role = _move_up(session, case, policy, now)
        if missed == "resolve":
            case.resolve_by = add_business_hours(now, policy.sla[to_role].resolve_hours, policy.service_hours, policy)
        pledges.moved(session, case, now, missed=missed)
        record_event(session, case, "sla_escalated", {"from": from_role, "to": to_role, "missed": missed},
                     now=now, actor="SLA timer")  # fmt: skip
        waiting = open_handoff(session, case.conversation_id) if case.conversation_id else None
        if waiting is not None and waiting.status == "waiting":
            waiting.role = to_role
        announce(session, policy, to_role, "sla_escalated", case.reference, now=now)
        moved.append(Escalation(case.reference, to_role, None))
    return moved


def history(case: Case) -> list[tuple[dt.datetime, str, str, dict[str, object]]]:
    """The case's events, oldest first: (when, who, what, detail)."""
    return [(e.at, e.actor, e.kind, json.loads(e.detail or "{}")) for e in case.events]
