"""Telling customers what became of their complaints: when staff settle or close a case, and when they ask.

The news goes into the case's chat (shown live if the customer is there, else at their next visit to it) and,
where the policy sets an outgoing channel, to the contact they gave, through an outbox retried with back-off
(``bot.web.jobs`` delivers it). The outbox holds the contact and the text encrypted, and blanks both once the
update is delivered or given up on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import lifecycle, transcripts
from bot.cases.handoff import actor
from bot.cases.service import CaseStatus, record_event
from bot.cases.transcripts import Line, add_line
from bot.db.models import Case, ChatResume, CustomerUpdate
from bot.privacy.crypto import DataVault
from bot.shop.bilingual import Say
from bot.shop.business_hours import format_moment
from bot.shop.language import Language
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn

MAX_ATTEMPTS = 12
STATUS_WORDS = {
    "new": Say("received and waiting to be acknowledged", "已收妥，正等候確認受理"),
    "acknowledged": Say("acknowledged", "已確認受理"),
    "in_progress": Say("being handled", "正在處理中"),
    "awaiting_customer": Say("waiting for information from you", "正在等候你提供資料"),
    "escalated": Say("referred to a senior colleague", "已轉交資深同事處理"),
    "resolved": Say("resolved", "已解決"),
    "closed": Say("closed", "已結案"),
    "reopened": Say("reopened", "已重新開啟"),
}
STEP_WORDS = {
    "created": Say("received", "收到個案"),
    "note": Say("worked on", "跟進處理"),
    "action": Say("worked on", "跟進處理"),
    "referred_up": Say("referred to a senior colleague", "轉交資深同事"),
    "sla_escalated": Say("referred to a senior colleague", "轉交資深同事"),
    "settlement_refused": Say("worked on", "跟進處理"),
    "handoff_accepted": Say("taken up by a member of staff", "由職員接手"),
    "handoff_requested": Say("passed to a member of staff", "轉交職員"),
    "callback_promised": Say("a call back promised", "承諾回電"),
    "opened_from_chat": Say("received", "收到個案"),
    "settled": Say("settled", "達成解決方案"),
    "closed": Say("closed", "結案"),
    "reopened": Say("reopened", "重新開啟"),
}
_OTHER_STATUS = Say("{status}", "正在處理中")
_OTHER_STEP = Say("{step}", "有新進展")  # a step without words of its own: its name, in English
_STEP_TAKEN = Say("{step} on {moment}", "於{moment}{step}")
_SETTLED_STATUS = Say(
    "Case {reference} is {status} (last update: {last}). If anything is still not right, tell me here or call us on "
    "{hotline}, quoting {reference}.",
    "個案{reference}{status}，最新進展：{last}。如仍有不妥，請在這裏告訴我，或致電{hotline}，並提供個案編號{reference}。",
)
_OPEN_STATUS = Say(
    "Case {reference} is {status}, with our {role}. Last update: {last}. We aim to resolve it by {resolve_by}.",
    "個案{reference}{status}，由本店{role}負責。最新進展：{last}。我們預計於{resolve_by}前解決。",
)


def status_answer(status: CaseStatus, policy: Policy, *, language: Language = "en") -> str:
    """What a verified customer is told of their case: a settled case is never promised a resolution date.

    ``policy`` and ``status.role_title`` are in ``language`` already (``Policy.in_``).
    """
    step = STEP_WORDS.get(status.last_step, _OTHER_STEP)(language, step=status.last_step.replace("_", " "))
    last = _STEP_TAKEN(language, step=step, moment=format_moment(status.last_update, policy, language))
    words = STATUS_WORDS.get(status.status, _OTHER_STATUS)(language, status=status.status)
    fields = {"reference": status.reference, "status": words, "last": last}
    if status.status in lifecycle.SETTLED:
        return _SETTLED_STATUS(language, hotline=policy.organization.hotline, **fields)
    resolve_by = format_moment(status.resolve_by, policy, language)
    return _OPEN_STATUS(language, role=status.role_title, resolve_by=resolve_by, **fields)


REMEDY_WORDS = {"apology": Say("apology", "道歉"), "repair": Say("repair", "維修"),
                "replacement": Say("replacement", "更換"), "refund": Say("refund", "退款"),
                "compensation": Say("compensation", "賠償")}  # fmt: skip
_GIVEN_AMOUNT = Say("{remedy} of HK${amount:,}", "HK${amount:,}{remedy}")
_SETTLED = Say(
    "An update on your case {reference}: it has been resolved with {given}. What was agreed: {solution}",
    "個案{reference}的最新消息：已以{given}解決。雙方同意的安排：{solution}",
)
_CLOSED = Say(
    "Your case {reference} is now closed. Thank you for your patience. If anything is still not right, "
    "tell us here or call {hotline}, quoting {reference}.",
    "你的個案{reference}現已結案，多謝你的耐心。如仍有任何問題，請在這裏告訴我們，或致電{hotline}並提供個案編號"
    "{reference}。",
)


def case_language(session: Session, case: Case) -> Language:
    """The language the customer wrote in, in the chat the case came from (English without one)."""
    return transcripts.language(session, case.conversation_id) if case.conversation_id else "en"


def settled_news(case: Case, remedy: str, amount_hkd: int, solution: str, language: Language = "en") -> str:
    """The customer's news of a settlement, in the words staff agreed with them (kept as staff typed them)."""
    words = REMEDY_WORDS[remedy](language) if remedy in REMEDY_WORDS else remedy
    given = _GIVEN_AMOUNT(language, remedy=words, amount=amount_hkd) if amount_hkd else words
    return _SETTLED(language, reference=case.reference, given=given, solution=solution.strip())


def closed_news(case: Case, policy: Policy, language: Language = "en") -> str:
    """The customer's news that their case is closed."""
    return _CLOSED(language, reference=case.reference, hotline=policy.organization.hotline)


def close(session: Session, case: Case, staff: SignedIn, *, policy: Policy, now: dt.datetime) -> None:
    """Close a resolved case (raises ``InvalidTransition`` for a case not yet resolved, or closed already)."""
    case.status = lifecycle.advance(case.status, lifecycle.CLOSED)
    record_event(session, case, "closed", {}, now=now, actor=actor(staff, policy), staff_id=staff.staff_id)


def channel_for(contact_kind: str, policy: Policy) -> str | None:
    """How a customer with a contact of this kind gets updates besides the chat, if at all."""
    outgoing = policy.notifications.customer_updates
    if contact_kind == "email" and outgoing.smtp is not None:
        return "email"
    return "webhook" if outgoing.webhook else None


def tell_customer(session: Session, case: Case, text: str, *, policy: Policy, vault: DataVault,
                  now: dt.datetime) -> Line | None:  # fmt: skip
    """Put ``text`` in the case's chat and in the outbox for its contact; the chat line, for the caller to show."""
    line = add_line(session, case.conversation_id, "assistant", text) if case.conversation_id else None
    resumable = line is not None and session.scalar(
        select(ChatResume.conversation_id).where(ChatResume.conversation_id == case.conversation_id,
                                                 ChatResume.expires_at > now)
    ) is not None  # fmt: skip
    how = ["chat"] if resumable else []  # a chat the customer ended, or can no longer resume, tells nobody
    channel = channel_for(case.contact_kind, policy)
    if channel:
        session.add(CustomerUpdate(case_id=case.id, channel=channel, contact_kind=case.contact_kind,
                                   contact_encrypted=case.contact_encrypted, text_encrypted=vault.encrypt(text),
                                   next_attempt_at=now))  # fmt: skip
        how.append(channel)
    how = how or ["nowhere: the chat is over and the shop sets no channel; call the customer"]
    record_event(session, case, "customer_told", {"how": how}, now=now, actor="Concierge")
    return line


@dataclass(frozen=True)
class Outgoing:
    """An update to deliver now, decrypted."""

    id: int
    channel: str
    reference: str
    contact_kind: str
    contact: str
    text: str


def due(session: Session, vault: DataVault, now: dt.datetime, limit: int = 20) -> list[Outgoing]:
    """Updates to try now, oldest first."""
    rows = session.execute(
        select(CustomerUpdate, Case.reference).join(Case, Case.id == CustomerUpdate.case_id)
        .where(CustomerUpdate.delivered_at.is_(None), CustomerUpdate.given_up_at.is_(None),
               CustomerUpdate.next_attempt_at <= now)
        .order_by(CustomerUpdate.id).limit(limit)
    ).all()  # fmt: skip
    return [Outgoing(u.id, u.channel, reference, u.contact_kind, vault.read(u.contact_encrypted),
                     vault.read(u.text_encrypted)) for u, reference in rows]  # fmt: skip


def record_attempt(session: Session, update_id: int, error: str | None, now: dt.datetime) -> None:
    """After a try: delivered, or retried later with back-off (5 s doubling, at most an hour) until given up on.

    A delivered or abandoned update keeps no contact or text.
    """
    update = session.get(CustomerUpdate, update_id)
    if update is None:
        return
    update.attempts += 1
    update.last_error = None if error is None else error[:300]
    if error is None:
        update.delivered_at = now
    elif update.attempts >= MAX_ATTEMPTS:
        update.given_up_at = now
    else:
        update.next_attempt_at = now + dt.timedelta(seconds=min(5 * 2 ** (update.attempts - 1), 3600))
        return
    update.contact_encrypted = update.text_encrypted = ""
