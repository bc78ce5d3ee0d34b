"""Personal data requests under the Privacy Ordinance: a copy, a correction, a deletion, no more direct marketing.

Each request is a case of its own, routed like every privacy case (to the data protection role of the
policy) and due within ``privacy.access_request_days`` calendar days (the Ordinance's 40). An opt-out
of direct marketing takes effect the moment it is lodged. The data protection role exports what is held
about the customer (``bot.privacy.data_export``) and corrects it here; every export and correction is audited.
Every function takes an open session; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import lifecycle
from bot.cases.authority import CaseFacts, authority_for
from bot.cases.handoff import actor
from bot.cases.intake import Contact, clean_text, parse_contact, parse_name
from bot.cases.notifications import announce
from bot.cases.service import CaseReceipt, accepted_consent, contact_digest, insert_case, receipt_for, record_event
from bot.db.models import Case, MarketingOptOut, Member
from bot.errors import InvalidAnswer, NotYourQueue
from bot.privacy import audit
from bot.privacy.crypto import DataVault
from bot.shop.bilingual import Say
from bot.shop.business_hours import add_business_hours, format_moment
from bot.shop.language import Language, language_of
from bot.shop.policy import Policy
from bot.shop.text import first_mentioned
from bot.staff.accounts import SignedIn

REQUESTS = {  # what the customer asked for, as their receipt names it
    "data_access": Say("a copy of the personal data we hold about you", "取得我們所持有關於你的個人資料副本"),
    "data_correction": Say("a correction of your personal data", "更正你的個人資料"),
    "data_deletion": Say("the deletion of your personal data", "刪除你的個人資料"),
    "marketing_opt_out": Say("no more direct marketing", "停止接收直接推廣訊息"),
}
KINDS = {kind: said.en for kind, said in REQUESTS.items()}  # in English, for staff and the case record
# Looked for in this order: "stop sending me marketing, delete my number from the list" is an opt-out.
_KIND_WORDS = {
    "marketing_opt_out": ("marketing", "newsletter", "promotion", "promotional", "offers", "spam", "sms",
                          "unsubscribe", "opt out", "opt-out", "stop sending", "stop contacting",
                          "推廣", "宣傳", "直銷", "促銷", "廣告", "優惠訊息", "電子報", "退訂", "取消訂閱", "唔想再收",
                          "不想再收", "唔好再send", "唔好再發", "停止發送"),
    "data_correction": ("correct", "correction", "update", "change", "wrong", "amend", "fix", "outdated",
                        "改正", "更正", "更改", "修改", "更新", "改", "錯誤", "錯咗", "唔啱", "不正確"),
    "data_deletion": ("delete", "erase", "remove", "forget", "wipe", "刪除", "刪去", "刪", "移除", "清除", "銷毀",
                      "抹走"),
    "data_access": ("access", "copy", "see", "export", "what data", "what information", "hold about", "download",
                    "查閱", "索取", "副本", "複本", "查看", "睇下", "睇吓", "攞返", "取得", "持有", "下載", "匯出",
                    "有我咩資料", "有我甚麼資料", "有我什麼資料"),
}  # fmt: skip
ASK_KIND = Say(
    "Would you like a copy of your data, to correct it, to delete it, or to stop direct marketing to you?",
    "你想索取你的個人資料副本、更正資料、刪除資料，還是停止接收直接推廣訊息？",
)
ASK_DETAILS = Say(
    "Please tell me in a few words what should be changed or deleted, and to what.",
    "請簡單說明需要更改或刪除哪些資料，以及應改成甚麼。",
)
DECLINED = Say(
    "Understood — I won't take any personal details, and nothing has been saved. Without them I can't open a "
    "request in your name here, but you can write to our Data Protection Officer at {dpo}. I can still tell you how "
    "we use personal data, or help with anything else.",
    "明白，我不會收集任何個人資料，亦沒有儲存任何資料。沒有這些資料，我無法在這裏以你的名義提出要求，但你可以致函"
    "本店保障資料主任（{dpo}）。我仍可以為你講解我們如何使用個人資料，或協助你處理其他事情。",
)
OPTED_OUT = Say(
    "Done, {name}: from now on we will not send direct marketing to {contact}. Your request is recorded as case "
    "{reference}.",
    "{name}，已為你辦妥：由現在起，我們不會再向{contact}發送直接推廣訊息。你的要求已記錄為個案{reference}。",
)
RECEIVED = Say(
    "Thank you, {name}. Your request for {request} is recorded as case {reference}. Our {role} will contact you by "
    "{acknowledge_by} and will answer by {resolve_by}, within the {days} days the Privacy Ordinance allows. We may "
    "ask you to confirm who you are before we send any data.",
    "謝謝你，{name}。你要求{request}，已記錄為個案{reference}。本店{role}會於{acknowledge_by}前聯絡你，並於"
    "{resolve_by}前回覆，即《個人資料（私隱）條例》容許的{days}日期限內。在發送任何資料前，我們或會請你確認身份。",
)
FIELDS = ("data_request_kind", "privacy_consent", "customer_name", "contact", "data_request_details")
SLOTS = (*FIELDS, "data_request_intake_key")  # what the chat holds of a request in progress
CORRECTABLE = {"customer_name": "name", "contact": "phone or email"}


@dataclass(frozen=True)
class DataRequest:
    """A customer's request about their personal data, as the chat collected it."""

    kind: str
    customer_name: str
    contact: Contact
    details: str


def parse_kind(text: str) -> str:
    """Which request the customer makes: ``data_access``, ``data_correction``, ``data_deletion`` or an opt-out."""
    for kind, words in _KIND_WORDS.items():
        if first_mentioned(clean_text(text, 300), words):
            return kind
    raise InvalidAnswer(ASK_KIND)


def parse_details(text: str) -> str:
    """What to correct or delete, in the customer's words (5 to 1000 characters; in Chinese from 2: "全部")."""
    details = clean_text(text, 1000)
    if len(details) < (2 if language_of(details) == "zh" else 5):
        raise InvalidAnswer(ASK_DETAILS)
    return details


def questions(answers: Mapping[str, str | None], declined: str) -> list[str]:
    """The form's slots to ask, in order: what the customer wants first, consent before any personal data."""
    if answers.get("privacy_consent") == declined:
        return ["data_request_kind", "privacy_consent"]
    wanted = list(FIELDS)
    if answers.get("data_request_kind") not in ("data_correction", "data_deletion"):
        wanted.remove("data_request_details")
    return wanted


def to_request(answers: Mapping[str, str | None]) -> DataRequest:
    """The validated answers as a ``DataRequest``."""
    kind = str(answers["data_request_kind"])
    return DataRequest(kind, str(answers["customer_name"]), parse_contact(str(answers["contact"])),
                       str(answers.get("data_request_details") or "") if kind in ("data_correction", "data_deletion")
                       else "")  # fmt: skip


def declined_answer(policy: Policy, *, language: Language) -> str:
    """What the customer is told who declines the collection statement: nothing kept, and whom to write to."""
    return DECLINED(language, dpo=policy.privacy.dpo_contact)


def receipt_answer(request: DataRequest, receipt: CaseReceipt, policy: Policy, *, language: Language) -> str:
    """What the customer is told once the request is lodged: its case, who answers, by when (or the opt-out done)."""
    if request.kind == "marketing_opt_out":
        return OPTED_OUT(language, name=request.customer_name, contact=request.contact.value,
                         reference=receipt.reference)  # fmt: skip
    return RECEIVED(language, name=request.customer_name, request=REQUESTS[request.kind](language),
                    reference=receipt.reference, role=policy.in_(language).role(receipt.role).title,
                    acknowledge_by=format_moment(receipt.acknowledge_by, policy, language),
                    resolve_by=format_moment(receipt.resolve_by, policy, language),
                    days=policy.privacy.access_request_days)  # fmt: skip


def lodge_data_request(
    session: Session,
    request: DataRequest,
    *,
    intake_key: str,
    conversation_id: str,
    policy: Policy,
    vault: DataVault,
    now: dt.datetime,
) -> CaseReceipt:
    """Open the request's case, exactly once per ``intake_key``; an opt-out of marketing is applied at once.

    Raises:
        NoConsent: the conversation has no accepted collection statement.
    """
    existing = session.scalars(select(Case).where(Case.intake_key == intake_key)).first()
    if existing is not None:
        return receipt_for(existing, policy, created=False)
    consent = accepted_consent(session, conversation_id)
    assignment = authority_for(CaseFacts("privacy", request.kind), policy)
    terms = policy.sla[assignment.role.id]
    digest = contact_digest(vault, request.contact)
    case, created = insert_case(session, intake_key, dict(
        conversation_id=conversation_id, status=lifecycle.NEW, category="privacy", product=None,
        description_encrypted=vault.encrypt(request.details or KINDS[request.kind]),
        desired_outcome=request.kind, assigned_role=assignment.role.id, routing_reasons="; ".join(assignment.reasons),
        acknowledge_by=add_business_hours(now, terms.acknowledge_hours, policy.service_hours, policy),
        resolve_by=now + dt.timedelta(days=policy.privacy.access_request_days),
        customer_name_encrypted=vault.encrypt(request.customer_name),
        contact_encrypted=vault.encrypt(request.contact.value), contact_kind=request.contact.kind,
        contact_digest=digest, consent_id=consent.id, created_at=now, updated_at=now,
    ))  # fmt: skip
    receipt = receipt_for(case, policy, created)
    if not created:
        return receipt
    record_event(session, case, "created", {"request": request.kind, "assigned_role": assignment.role.id,
                                            "due_in_days": policy.privacy.access_request_days,
                                            "consent_version": consent.statement_version}, now=now)  # fmt: skip
    if request.kind == "marketing_opt_out":
        opt_out_of_marketing(session, digest, case, now)
    announce(session, policy, case.assigned_role, "new_case", case.reference, now=now)
    session.flush()
    return receipt


def opt_out_of_marketing(session: Session, digest: str, case: Case, now: dt.datetime) -> None:
    """Put the customer on the do-not-market list now; the request's case records it and is resolved."""
    if session.scalars(select(MarketingOptOut).where(MarketingOptOut.contact_digest == digest)).first() is None:
        session.add(MarketingOptOut(contact_digest=digest, at=now, case_id=case.id))
    case.status = lifecycle.advance(case.status, lifecycle.RESOLVED)
    record_event(session, case, "marketing_opt_out_applied", {"effective": now.isoformat()}, now=now,
                 actor="assistant")  # fmt: skip


def may_send_marketing(session: Session, vault: DataVault, contact: Contact) -> bool:
    """Whether direct marketing may go to ``contact``: not once they opted out."""
    digest = contact_digest(vault, contact)
    return session.scalars(select(MarketingOptOut).where(MarketingOptOut.contact_digest == digest)).first() is None


def customer_cases(session: Session, request: Case) -> list[Case]:
    """Every case of the customer who made ``request`` (found by the digest of their phone or email), oldest first."""
    if not request.contact_digest:
        return [request]
    return list(session.scalars(select(Case).where(Case.contact_digest == request.contact_digest)
                                .order_by(Case.id)).all())  # fmt: skip


def check_data_protection(case: Case, staff: SignedIn, policy: Policy) -> None:
    """Only the role that handles privacy cases may export or correct, and only on a personal data request.

    Raises:
        NotYourQueue: another role, or a case that is not a personal data request.
    """
    if case.desired_outcome not in KINDS or staff.role != case.assigned_role:
        raise NotYourQueue(case.reference)


def correct(
    session: Session,
    request: Case,
    staff: SignedIn,
    field: str,
    value: str,
    *,
    policy: Policy,
    vault: DataVault,
    now: dt.datetime,
) -> int:
    """Correct the customer's name or contact on every record of theirs; the number of records corrected.

    Each corrected case gets an event, the request gets one, and the audit log an entry; none holds the values.

    Raises:
        NotYourQueue: not the data protection role, or not a personal data request.
        InvalidAnswer: an unknown field or a value that is not a name, phone number or email.
    """
    check_data_protection(request, staff, policy)
    if field not in CORRECTABLE:
        raise InvalidAnswer(f"Only the {' or the '.join(CORRECTABLE.values())} can be corrected here.")
    records = customer_cases(session, request)
    if field == "customer_name":
        name = parse_name(value)
        for case in records:
            case.customer_name_encrypted = vault.encrypt(name)
    else:
        contact = parse_contact(value)
        old_digest, new_digest = request.contact_digest, contact_digest(vault, contact)
        for case in records:
            case.contact_encrypted, case.contact_kind = vault.encrypt(contact.value), contact.kind
            case.contact_digest = new_digest
        for table in (Member, MarketingOptOut):
            for row in session.scalars(select(table).where(table.contact_digest == old_digest)):
                row.contact_digest = new_digest
    step = {"field": CORRECTABLE[field], "request": request.reference}
    for case in records:
        record_event(
            session, case, "personal_data_corrected", step, now=now, actor=actor(staff, policy), staff_id=staff.staff_id
        )
    why = f"correction request {request.reference}: {CORRECTABLE[field]} on {len(records)} records"
    audit.record(session, staff, "corrected_personal_data", request.reference, why, policy, now)
    session.flush()
    return len(records)


def complete(session: Session, request: Case, staff: SignedIn, outcome: str, *, policy: Policy,
             now: dt.datetime) -> None:  # fmt: skip
    """Close a personal data request with what was done (the copy sent, the correction made, the reason refused).

    Raises:
        NotYourQueue: not the data protection role, or not a personal data request.
        InvalidAnswer: no outcome given.
    """
    check_data_protection(request, staff, policy)
    outcome = clean_text(outcome, 2000)
    if not outcome:
        raise InvalidAnswer("Say what was done for the customer.")
    request.status = lifecycle.advance(request.status, lifecycle.RESOLVED)
    record_event(session, request, "request_completed", {"outcome": outcome}, now=now,
                 actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip
