"""The case service: consent, complaint intake and status look-up.

Every function takes an open session; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.cases import lifecycle, pledges
from bot.cases.authority import CaseFacts, authority_for, severity_signals
from bot.cases.intake import Contact
from bot.cases.notifications import announce
from bot.cases.references import new_reference
from bot.db.models import Case, CaseEvent, Consent, Member
from bot.errors import NoConsent
from bot.privacy import lookups
from bot.privacy.crypto import DataVault
from bot.privacy.lookups import Asker
from bot.shop.business_hours import add_business_hours
from bot.shop.policy import Policy

REFERENCE_ATTEMPTS = 5
QUIET_EVENTS = frozenset({"customer_told", "follow_up_needed"})  # for staff, not a step of the case for the customer


@dataclass(frozen=True)
class Complaint:
    """Everything the intake form collected, already validated."""

    customer_name: str
    contact: Contact
    category: str
    product: str
    incident_date: dt.date
    incident_place: str
    order_number: str | None
    description: str
    desired_outcome: str
    claim_amount_hkd: int | None


@dataclass(frozen=True)
class CaseReceipt:
    """What the customer is told after intake (``role`` is the handling role's id, to name it in any language)."""

    reference: str
    role_title: str
    acknowledge_by: dt.datetime
    resolve_by: dt.datetime
    created: bool
    role: str


@dataclass(frozen=True)
class CaseStatus:
    """What a verified customer may see of their case."""

    reference: str
    status: str
    role_title: str
    last_update: dt.datetime
    last_step: str
    resolve_by: dt.datetime


def record_consent(session: Session, conversation_id: str, version: str, accepted: bool) -> Consent:
    """Store the customer's answer to the collection statement of ``version``."""
    consent = Consent(conversation_id=conversation_id, statement_version=version, accepted=accepted)
    session.add(consent)
    session.flush()
    return consent


def latest_consent(session: Session, conversation_id: str) -> Consent | None:
    """The most recent consent answer given in a conversation."""
    consent: Consent | None = session.scalars(
        select(Consent).where(Consent.conversation_id == conversation_id).order_by(Consent.id.desc()).limit(1)
    ).first()
    return consent


def contact_digest(vault: DataVault, contact: Contact) -> str:
    """The keyed digest that finds a customer's records by phone or email without decrypting them."""
    return vault.digest(f"{contact.kind}:{contact.value}")


def accepted_consent(session: Session, conversation_id: str) -> Consent:
    """The conversation's accepted collection statement.

    Raises:
        NoConsent: the latest answer in the conversation was not an acceptance, or there was none.
    """
    consent = latest_consent(session, conversation_id)
    if consent is None or not consent.accepted:
        raise NoConsent("personal data may not be stored without an accepted collection statement")
    return consent


def insert_case(session: Session, intake_key: str, fields: dict[str, object]) -> tuple[Case, bool]:
    """Add a case with a fresh reference, exactly once per ``intake_key``: (the case, whether it is new).

    A submission that raced another with the same key gets the other's case.
    """
    for _ in range(REFERENCE_ATTEMPTS):
        case = Case(reference=new_reference(), intake_key=intake_key, **fields)
        try:
            with session.begin_nested():
                session.add(case)
                session.flush()
            return case, True
        except IntegrityError:
            # The same intake raced us (a double submission): the other one's case stands.
            winner = session.scalars(select(Case).where(Case.intake_key == intake_key)).first()
            if winner is not None:
                return winner, False
            # Otherwise the random reference was taken: draw another.
    raise RuntimeError("could not draw a free case reference")


def record_event(
    session: Session,
    case: Case,
    kind: str,
    detail: dict[str, object],
    *,
    now: dt.datetime,
    actor: str = "customer (chat)",
    staff_id: int | None = None,
) -> None:
    """Add a step to the case's history (who, when, what); history is only ever added to.

    ``staff_id`` names the member of staff who took the step, when one did.
    """
    session.add(CaseEvent(case_id=case.id, at=now, actor=actor, kind=kind, detail=json.dumps(detail),
                          staff_id=staff_id))  # fmt: skip
    case.updated_at = now


def receipt_for(case: Case, policy: Policy, created: bool) -> CaseReceipt:
    """What the customer is told of ``case``: its reference, who handles it, by when."""
    return CaseReceipt(
        case.reference,
        policy.role(case.assigned_role).title,
        case.acknowledge_by,
        case.resolve_by,
        created,
        case.assigned_role,
    )


def open_case(
    session: Session,
    complaint: Complaint,
    *,
    intake_key: str,
    conversation_id: str,
    policy: Policy,
    vault: DataVault,
    now: dt.datetime,
) -> CaseReceipt:
    """Create the case for a confirmed complaint, exactly once per ``intake_key``.

    A retried or repeated submission with the same key returns the case already made.

    Raises:
        NoConsent: the conversation has no accepted collection statement.
    """
    existing = session.scalars(select(Case).where(Case.intake_key == intake_key)).first()
    if existing is not None:
        return receipt_for(existing, policy, created=False)
    consent = accepted_consent(session, conversation_id)
    digest = contact_digest(vault, complaint.contact)
    window = now - dt.timedelta(days=policy.routing.repeat_complaints.window_days)
    prior = (
        session.scalar(
            select(func.count()).select_from(Case).where(Case.contact_digest == digest, Case.created_at >= window)
        )
        or 0
    )
    member = session.scalars(select(Member).where(Member.contact_digest == digest)).first()
    vip = member is not None and member.tier in policy.routing.vip_tiers
    signals = severity_signals(f"{complaint.description} {complaint.product}", policy)
    assignment = authority_for(
        CaseFacts(complaint.category, complaint.desired_outcome, complaint.claim_amount_hkd or 0, signals, prior, vip),
        policy,
    )
    terms = policy.sla[assignment.role.id]
    fields = dict(
        conversation_id=conversation_id,
        status=lifecycle.NEW,
        category=complaint.category,
        product=complaint.product,
        incident_date=complaint.incident_date,
        incident_place=complaint.incident_place,
        order_number=complaint.order_number,
        description_encrypted=vault.encrypt(complaint.description),
        desired_outcome=complaint.desired_outcome,
        claim_amount_hkd=complaint.claim_amount_hkd,
        severity_signals=",".join(sorted(signals)),
        vip=vip,
        prior_cases=prior,
        assigned_role=assignment.role.id,
        routing_reasons="; ".join(assignment.reasons),
        acknowledge_by=add_business_hours(now, terms.acknowledge_hours, policy.service_hours, policy),
        resolve_by=add_business_hours(now, terms.resolve_hours, policy.service_hours, policy),
        customer_name_encrypted=vault.encrypt(complaint.customer_name),
        contact_encrypted=vault.encrypt(complaint.contact.value),
        contact_kind=complaint.contact.kind,
        contact_digest=digest,
        consent_id=consent.id,
        created_at=now,
        updated_at=now,
    )
    case, created = insert_case(session, intake_key, fields)
    if not created:
        return receipt_for(case, policy, created=False)
    pledges.make(session, case, now)
    record_event(
        session,
        case,
        "created",
        {
            "assigned_role": assignment.role.id,
            "reasons": list(assignment.reasons),
            "consent_version": consent.statement_version,
        },
        now=now,
    )
    announce(session, policy, case.assigned_role, "new_case", case.reference, now=now)
    session.flush()
    return receipt_for(case, policy, created=True)


def case_status(
    session: Session,
    reference: str,
    verification: str,
    *,
    asker: Asker,
    policy: Policy,
    vault: DataVault,
    now: dt.datetime,
) -> CaseStatus | None:
    """The status of a case, for a customer who knows its reference and proves its contact; None when they don't.

    The proof is the last 4 digits of the phone on the case (all 8 once the reference has been guessed at
    often), or the email address given; the attempt is kept (``bot.privacy.lookups``).

    None says nothing about which half was wrong; the failure is kept in the caller's transaction.

    Raises:
        TooManyLookups: too many failures from this conversation or this address.
    """
    case = session.scalars(select(Case).where(Case.reference == reference)).first()
    # Decrypt even when there is no case, so the answer takes as long either way.
    contact = vault.read(case.contact_encrypted if case else vault.encrypt("-"))
    if not lookups.verify(session, asker, reference, contact if case else None, verification, now) or case is None:
        return None
    steps = [e for e in case.events if e.kind not in QUIET_EVENTS]
    last_step, last_at = (steps[-1].kind, steps[-1].at) if steps else ("created", case.created_at)
    return CaseStatus(
        case.reference, case.status, policy.role(case.assigned_role).title, last_at, last_step, case.resolve_by
    )
