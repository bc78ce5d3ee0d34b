"""A customer's data access request answered: everything the shop holds about them, in one readable document.

Found by the keyed digest of the phone or email on the request: their cases with every step, the
conversations of those cases word for word, their answers to the collection statement, ratings,
feedback, membership and direct-marketing choice. Only the data protection role may make it; each
export is a step of the request and an entry of the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.handoff import actor
from bot.cases.service import record_event
from bot.cases.settlement import history
from bot.cases.transcripts import text_of
from bot.db.models import Case, Consent, Feedback, MarketingOptOut, Member, Rating, TranscriptLine
from bot.privacy import audit
from bot.privacy.crypto import DataVault
from bot.privacy.data_requests import check_data_protection, customer_cases
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn


def _case(case: Case, policy: Policy, vault: DataVault) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "opened": case.created_at.isoformat(),
        "status": case.status,
        "about": policy.category_label(case.category),
        "name given": vault.read(case.customer_name_encrypted),
        f"{case.contact_kind} given": vault.read(case.contact_encrypted),
        "product": case.product,
        "when": case.incident_date.isoformat() if case.incident_date else None,
        "where": next((b.name for b in policy.branches if b.id == case.incident_place), case.incident_place),
        "order": case.order_number,
        "what was said": vault.read_legacy(case.description_encrypted),
        "asked for": case.desired_outcome + (f" HK${case.claim_amount_hkd:,}" if case.claim_amount_hkd else ""),
        "handled by": policy.role(case.assigned_role).title,
        "steps": [
            {"when": at.isoformat(), "who": who, "what": kind.replace("_", " "), **detail}
            for at, who, kind, detail in history(case)
        ],  # fmt: skip
    }


def export(session: Session, request: Case, staff: SignedIn, *, policy: Policy, vault: DataVault,
           now: dt.datetime) -> dict[str, Any]:  # fmt: skip
    """Everything held about the customer who made ``request``, audited.

    Raises:
        NotYourQueue: not the data protection role, or not a personal data request.
    """
    check_data_protection(request, staff, policy)
    cases = customer_cases(session, request)
    talks = sorted({c.conversation_id for c in cases if c.conversation_id})
    digest = request.contact_digest
    member = session.scalars(select(Member).where(Member.contact_digest == digest)).first() if digest else None
    opt_out = session.scalars(select(MarketingOptOut).where(MarketingOptOut.contact_digest == digest)).first()
    lines = session.scalars(select(TranscriptLine).where(TranscriptLine.conversation_id.in_(talks))
                            .order_by(TranscriptLine.id)).all()  # fmt: skip
    document = {
        "personal data held by": policy.organization.name,
        "for request": request.reference,
        "made": now.isoformat(),
        "made by": actor(staff, policy),
        "membership": member.tier if member else "not a member",
        "direct marketing": f"opted out on {opt_out.at.isoformat()}" if opt_out else "no opt-out recorded",
        "cases": [_case(case, policy, vault) for case in cases],
        "collection statements answered": [
            {"when": c.at.isoformat(), "version": c.statement_version, "accepted": c.accepted}
            for c in session.scalars(select(Consent).where(Consent.conversation_id.in_(talks)).order_by(Consent.id))
        ],
        "conversations": [
            {
                "conversation": talk,
                "lines": [
                    {
                        "when": line.at.isoformat(),
                        "who": line.author_name or line.author,
                        "said": text_of(session, line),
                    }
                    for line in lines
                    if line.conversation_id == talk
                ],
            }
            for talk in talks
        ],  # fmt: skip
        "ratings": [
            {"when": r.at.isoformat(), "score": r.score, "comment": r.comment}
            for r in session.scalars(select(Rating).where(Rating.conversation_id.in_(talks)))
        ],  # fmt: skip
        "feedback": [
            {"when": f.at.isoformat(), "said": f.text}
            for f in session.scalars(select(Feedback).where(Feedback.conversation_id.in_(talks)))
        ],
    }
    why = f"access request {request.reference}: {len(cases)} cases, {len(talks)} conversations"
    audit.record(session, staff, "exported_personal_data", request.reference, why, policy, now)
    record_event(session, request, "personal_data_exported", {"cases": len(cases), "conversations": len(talks)},
                 now=now, actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip
    return document


def as_file(document: dict[str, Any]) -> bytes:
    """The export as the customer will read it: indented JSON in UTF-8, Chinese characters as they are."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
