"""A fortnight of service whose figures are known: the week before Christmas 2026 and Christmas week.

Service hours are Monday to Friday 09:30-18:30 and Saturday 10:00-14:00; 25 and 26 December are holidays. The
figures each step should give are worked out in ``tests/quality/test_figures.py``. Cases go through the real
services (intake, notes, settlement, refusal, referral, the SLA timer, reopening); the conversation records a
running gateway would have written (transcript lines, handoffs, inbox entries) are written as it writes them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.intake import Contact
from bot.cases.ratings import record_rating
from bot.cases.service import Complaint, open_case, record_consent
from bot.cases.settlement import add_note, escalate_overdue, record_refusal, refer_up, reopen, settle
from bot.cases.transcripts import customer_wrote
from bot.context import Context
from bot.db.models import Case, HandoffRequest, InboxMessage, TranscriptLine
from bot.staff.accounts import SignedIn
from tests.staffing import staff

HK = ZoneInfo("Asia/Hong_Kong")
CURRENT = (dt.date(2026, 12, 21), dt.date(2026, 12, 27))  # Christmas week, Monday to Sunday
PREVIOUS = (dt.date(2026, 12, 14), dt.date(2026, 12, 20))
LATER = dt.datetime(2027, 1, 4, 12, 0, tzinfo=HK)  # when the report is read: every deadline of both weeks is due


def hk(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of December 2026 in Hong Kong."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=HK)


@dataclass(frozen=True)
class History:
    """The references of the seeded cases and the staff who worked them."""

    bracelet: str  # A: Mong Kok, settled in time, reopened
    rude: str  # B: Central, missed its first deadline, refused above authority, referred up, settled
    parcel: str  # C: online, a repeat complainant, never acknowledged
    overcharge: str  # E: Tsim Sha Tsui, the week before, settled in time
    officer: SignedIn
    supervisor: SignedIn
    manager: SignedIn


def _case(s: Session, reference: str) -> Case:
    return s.scalars(select(Case).where(Case.reference == reference)).one()


def _lodge(ctx: Context, conversation: str, at: dt.datetime, *, category: str, product: str, place: str,
           outcome: str, amount: int | None, phone: str) -> str:  # fmt: skip
    complaint = Complaint("Chan Tai Man", Contact("phone", phone), category, product, at.date(), place, None,
                          f"{product}: what went wrong", outcome, amount)  # fmt: skip
    with ctx.sessions() as s, s.begin():
        record_consent(s, conversation, ctx.policy.privacy.collection_statement.version, True)
        return open_case(s, complaint, intake_key=f"history-{conversation}", conversation_id=conversation,
                         policy=ctx.policy, vault=ctx.vault, now=at).reference  # fmt: skip


def _lines(s: Session, ctx: Context, conversation: str, author: str, *moments: dt.datetime) -> None:
    for at in moments:
        s.add(TranscriptLine(conversation_id=conversation, author=author, text_encrypted=ctx.vault.encrypt("…"),
                             at=at, language="en"))  # fmt: skip
        if author == "customer":
            customer_wrote(s, conversation, at)


def _handoff(s: Session, conversation: str, requested: dt.datetime, *, taken: tuple[SignedIn, dt.datetime] | None,
             case: str | None = None, callback: dt.datetime | None = None) -> None:  # fmt: skip
    case_id = _case(s, case).id if case else None
    s.add(HandoffRequest(conversation_id=conversation, case_id=case_id, role="customer_service_officer",
                         reason="asked for a person", requested_at=requested, callback_by=callback,
                         status="closed" if taken else "waiting", taken_by=taken[0].staff_id if taken else None,
                         taken_at=taken[1] if taken else None, closed_at=taken[1] if taken else None))  # fmt: skip


def seed_history(ctx: Context) -> History:
    """Write the fortnight; returns what the tests need to look things up."""
    policy = ctx.policy
    officer = staff(ctx, "officer-h", "customer_service_officer")
    supervisor = staff(ctx, "supervisor-h", "supervisor")
    manager = staff(ctx, "manager-h", "store_manager")

    # The week before. E: Tsim Sha Tsui, a refund of HK$200 (a supervisor's), answered at 11:00, settled at 15:00.
    overcharge = _lodge(ctx, "conv-e", hk(14, 10), category="price", product="gold chain", place="tsim_sha_tsui",
                        outcome="refund", amount=200, phone="90000005")  # fmt: skip
    with ctx.sessions() as s, s.begin():
        add_note(s, _case(s, overcharge), supervisor, "action", "Called the customer", policy=policy, now=hk(14, 11))
        settle(s, _case(s, overcharge), supervisor, "refund", 200, "Refunded the difference", policy=policy,
               now=hk(14, 15))  # fmt: skip
    # B: Central, an apology (an officer's), lodged on Friday evening; nobody acknowledges it by Saturday 12:30.
    rude = _lodge(ctx, "conv-b", hk(18, 17), category="service", product="Omega watch", place="central",
                  outcome="apology", amount=None, phone="90000002")  # fmt: skip
    with ctx.sessions() as s, s.begin():
        escalate_overdue(s, policy, hk(19, 12, 40))  # to the supervisor: acknowledge by Monday 12:10

    # Christmas week. A: Mong Kok, a repair (an officer's).
    bracelet = _lodge(ctx, "conv-a", hk(21, 10), category="product", product="18K gold bracelet", place="mong_kok",
                      outcome="repair", amount=None, phone="90000001")  # fmt: skip
    with ctx.sessions() as s, s.begin():
        add_note(s, _case(s, bracelet), officer, "note", "Asked the workshop", policy=policy, now=hk(21, 11))
        add_note(s, _case(s, rude), supervisor, "note", "Apologised by phone", policy=policy, now=hk(21, 11))
    with ctx.sessions() as s, s.begin():
        record_refusal(s, _case(s, rude), supervisor, "compensation", 5000, policy=policy, now=hk(22, 10))
        refer_up(s, _case(s, rude), supervisor, "HK$5,000 asked", policy=policy, now=hk(22, 10, 5))
    with ctx.sessions() as s, s.begin():
        settle(s, _case(s, bracelet), officer, "repair", 0, "Clasp resoldered", policy=policy, now=hk(23, 12))
        settle(s, _case(s, rude), manager, "compensation", 5000, "Voucher", policy=policy, now=hk(23, 15))
    # C: online, a refund of HK$800 (a supervisor's), from A's customer; nobody ever acknowledges it.
    parcel = _lodge(ctx, "conv-c", hk(23, 18), category="delivery", product="Omega Seamaster watch", place="online",
                    outcome="refund", amount=800, phone="90000001")  # fmt: skip
    with ctx.sessions() as s, s.begin():
        reopen(s, _case(s, bracelet), officer, "The clasp broke again", policy=policy, now=hk(24, 10))
    with ctx.sessions() as s, s.begin():
        escalate_overdue(s, policy, hk(24, 13, 5))  # C to the store manager: acknowledge by 15:05

    with ctx.sessions() as s, s.begin():
        _lines(s, ctx, "conv-e", "customer", hk(14, 9, 55))
        _lines(s, ctx, "conv-p", "customer", hk(20, 23, 59))
        _lines(s, ctx, "conv-b", "customer", hk(18, 16, 55), hk(21, 10, 45))
        _lines(s, ctx, "conv-a", "customer", hk(21, 10), hk(21, 10, 1))
        _lines(s, ctx, "conv-c", "customer", hk(23, 17, 55), hk(23, 17, 56), hk(23, 17, 57))
        _lines(s, ctx, "conv-x", "customer", hk(26, 10, 59))
        _lines(s, ctx, "conv-y", "customer", hk(22, 18, 20))
        _lines(s, ctx, "conv-z", "customer", hk(24, 8, 59))
        _lines(s, ctx, "conv-q", "customer", hk(27, 23, 30), hk(27, 23, 31))
        _lines(s, ctx, "conv-r", "customer", hk(28, 0, 10))  # the week after
        # A person answers: A 3 minutes after asking, Y after the night (5 + 6 business minutes), B after 10, Z
        # asked before opening and was answered 11 minutes after it; X asked on Boxing Day and was promised a call.
        _handoff(s, "conv-a", hk(21, 10, 30), taken=(officer, hk(21, 10, 32)), case=bracelet)
        _lines(s, ctx, "conv-a", "staff", hk(21, 10, 33))
        _handoff(s, "conv-x", hk(26, 11), taken=None, callback=hk(28, 12))
        _handoff(s, "conv-y", hk(22, 18, 25), taken=(officer, hk(23, 9, 35)))
        _lines(s, ctx, "conv-y", "staff", hk(23, 9, 36))
        _handoff(s, "conv-b", hk(21, 10, 50), taken=(supervisor, hk(21, 11)), case=rude)
        _lines(s, ctx, "conv-b", "staff", hk(21, 11))
        _handoff(s, "conv-z", hk(24, 9), taken=(officer, hk(24, 9, 40)))
        _lines(s, ctx, "conv-z", "staff", hk(24, 9, 41))
        for conversation, at, source in (
            ("conv-q", hk(27, 23, 30), "fallback"),
            ("conv-a", hk(21, 10), "fallback"),
            ("conv-c", hk(23, 17, 55), "unsure"),
            ("conv-p", hk(20, 23, 59), "fallback"),
        ):
            s.add(InboxMessage(text="…", group_key=f"{conversation}-{source}", source=source,
                               conversation_id=conversation, at=at, predicted_intent="nlu_fallback",
                               confidence=0.2))  # fmt: skip
        s.flush()
        record_rating(s, "conv-a", 5, "", hk(23, 12, 30))
        record_rating(s, "conv-y", 2, "", hk(23, 10))
        record_rating(s, "conv-b", 4, "", hk(23, 16))
        record_rating(s, "conv-e", 3, "", hk(14, 16))
    return History(bracelet, rude, parcel, overcharge, officer, supervisor, manager)


def seed_recent(ctx: Context, days_ago: int = 10) -> tuple[str, str]:
    """Two complaints lodged ``days_ago`` days ago: (Mong Kok's, Central's).

    Nobody acknowledged Mong Kok's, so its deadlines were missed; Central's was acknowledged and settled within
    half an hour.
    """
    at, token = ctx.now() - dt.timedelta(days=days_ago), secrets.token_hex(4)
    late = _lodge(ctx, f"recent-{token}-mk", at, category="product", product="Seiko watch", place="mong_kok",
                  outcome="repair", amount=None, phone=f"5{secrets.randbelow(10**7):07d}")  # fmt: skip
    kept = _lodge(ctx, f"recent-{token}-c", at, category="service", product="pearl necklace", place="central",
                  outcome="apology", amount=None, phone=f"5{secrets.randbelow(10**7):07d}")  # fmt: skip
    officer = staff(ctx, f"officer-{token}", "customer_service_officer")
    with ctx.sessions() as s, s.begin():
        add_note(s, _case(s, kept), officer, "note", "Called back", policy=ctx.policy,
                 now=at + dt.timedelta(minutes=10))  # fmt: skip
        settle(s, _case(s, kept), officer, "apology", 0, "Apologised", policy=ctx.policy,
               now=at + dt.timedelta(minutes=20))  # fmt: skip
    return late, kept
