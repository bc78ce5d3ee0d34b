"""A member of staff opens a case from a live chat that has none, prefilled from what the customer said.

The same rules as the assistant's intake form apply (``bot.cases.intake``'s parsers, the collection statement
agreed first, routing by the shop's authority rules); the case then joins the chat's handoff, so the person
holding the chat settles or refers it like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import intake
from bot.cases.handoff import actor, open_handoff
from bot.cases.service import CaseReceipt, Complaint, open_case, record_consent, record_event
from bot.cases.transcripts import Line
from bot.db.models import Case
from bot.errors import InvalidAnswer, NotYourQueue, Refused
from bot.privacy.crypto import DataVault
from bot.shop.bilingual import Say
from bot.shop.language import Language, chinese_characters
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn


@dataclass(frozen=True)
class Prefill:
    """What the chat already says, for the form's fields (empty where it says nothing)."""

    contact: str = ""
    place: str = ""
    order: str = ""
    description: str = ""


def _says_something(text: str) -> bool:
    """More than a quick reply or a one-word answer: three words, or six Chinese characters."""
    return len(text.split()) >= 3 or chinese_characters(text) >= 6


def prefill(lines: list[Line], policy: Policy) -> Prefill:
    """The form's starting values from the customer's own lines (quick replies and one-word answers left out)."""
    said = [line.text for line in lines if line.author == "customer" and _says_something(line.text)]
    everything = " ".join(line.text for line in lines if line.author == "customer")

    def first(parse: Callable[[str], object]) -> str:
        for text in [everything, *said]:
            try:
                value = parse(text)
            except InvalidAnswer:
                continue
            return str(getattr(value, "value", value))
        return ""

    place = intake.find_branch(everything.lower(), policy) or ""
    return Prefill(first(intake.parse_contact), place, first(intake.parse_order_number),
                   intake.clean_text("\n".join(said)))  # fmt: skip


def _field(form: Mapping[str, str], name: str, parse: Callable[[str], object], label: str) -> object:
    try:
        return parse(form.get(name, ""))
    except InvalidAnswer as exc:
        raise Refused(f"{label}: {exc}") from None


def complaint_from(form: Mapping[str, str], policy: Policy, today: dt.date) -> Complaint:
    """The complaint the form describes, each field checked as the assistant's form checks it.

    Raises:
        Refused: a field the parsers refuse, named with the reason.
    """
    outcome = str(_field(form, "outcome", intake.parse_outcome, "What would put it right"))
    amount = None
    if outcome in ("refund", "compensation") and form.get("amount", "").strip():
        amount = int(_field(form, "amount", intake.parse_amount, "Amount"))  # type: ignore[call-overload]
    order = form.get("order", "").strip()
    return Complaint(
        customer_name=str(_field(form, "name", intake.parse_name, "Name")),
        contact=_field(form, "contact", intake.parse_contact, "Contact"),  # type: ignore[arg-type]
        category=str(_field(form, "category", lambda t: intake.parse_category(t, policy), "Category")),
        product=str(_field(form, "product", intake.parse_product, "Product")),
        incident_date=_field(form, "when", lambda t: _iso_or_words(t, today), "When"),  # type: ignore[arg-type]
        incident_place=str(_field(form, "place", lambda t: intake.parse_place(t, policy), "Where")),
        order_number=str(_field(form, "order", intake.parse_order_number, "Order")) if order else None,
        description=str(_field(form, "description", intake.parse_description, "What happened")),
        desired_outcome=outcome,
        claim_amount_hkd=amount,
    )


def _iso_or_words(text: str, today: dt.date) -> dt.date:
    """A date from the form's date field (2026-12-01) or as a customer would write it; never in the future."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return intake.parse_date(text, today)
    if day > today:
        raise InvalidAnswer("that date is in the future")
    if day < today - dt.timedelta(days=730):
        raise InvalidAnswer("that is more than two years ago")
    return day


OPENED = Say("{by} has opened case {reference} for you. Please keep the reference: you can ask me about the case "
             "with it at any time.",
             "{by}已為你開立個案{reference}。請保留這個編號：你可以隨時用它向我查詢個案。")  # fmt: skip


def opened_news(case_reference: str, by: str, language: Language = "en") -> str:
    """What the customer is told when a member of staff opens their case in the chat."""
    return OPENED(language, by=by, reference=case_reference)


def open_from_chat(session: Session, conversation_id: str, staff: SignedIn, form: Mapping[str, str], *,
                   policy: Policy, vault: DataVault, now: dt.datetime, today: dt.date) -> CaseReceipt:  # fmt: skip
    """Open the case of a chat the staff member holds; it joins the chat's handoff.

    ``form["consent"]`` is "yes" when the customer agreed to the collection statement (the staff member asked);
    ``form["intake"]`` is the form's one-time key, so a double submission opens one case.

    Raises:
        NotYourQueue: the staff member does not hold this chat.
        Refused: the chat has a case already, no agreement to the collection statement, or a field refused.
    """
    handoff = open_handoff(session, conversation_id)
    if handoff is None or handoff.status != "taken" or handoff.taken_by != staff.staff_id:
        raise NotYourQueue(conversation_id)
    if handoff.case_id is not None:
        raise Refused("this chat has a case already")
    if form.get("consent") != "yes":
        raise Refused("the customer must agree to the collection statement first: send it to them and ask")
    complaint = complaint_from(form, policy, today)
    record_consent(session, conversation_id, policy.privacy.collection_statement.version, True)
    key = intake.clean_text(form.get("intake", ""), 24) or now.isoformat()
    receipt = open_case(session, complaint, intake_key=f"staff:{conversation_id}:{key}"[:64],
                        conversation_id=conversation_id, policy=policy, vault=vault, now=now)  # fmt: skip
    case = session.scalars(select(Case).where(Case.reference == receipt.reference)).one()
    handoff.case_id = case.id
    if receipt.created:
        record_event(session, case, "opened_from_chat", {"by": actor(staff, policy)}, now=now,
                     actor=actor(staff, policy), staff_id=staff.staff_id)  # fmt: skip
    return receipt
