"""Orders, repair jobs and refunds are described only to whoever proves the phone they were given with.

Asked about a number, the assistant asks for the last 4 digits of that phone first, whether or not the number
exists, and answers an unknown number exactly as a wrong proof: the numbers cannot be enumerated. The checks,
the throttling and the grant for the rest of the hour are ``bot.privacy.lookups``'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Order, Refund, RepairJob
from bot.enquiries import aftersales, orders
from bot.privacy import lookups
from bot.privacy.crypto import DataVault
from bot.privacy.lookups import Asker
from bot.shop.bilingual import Say
from bot.shop.language import Language
from bot.shop.policy import Policy

PREFIX = "verify:"
WHAT = {"ask_order_status": "order", "request_order_change": "order", "ask_repair_status": "repair job",
        "ask_refund_status": "refund"}  # fmt: skip
NAMED = {"order": Say("order {number}", "訂單{number}"), "repair job": Say("repair job {number}", "維修單{number}"),
         "refund": Say("refund {number}", "退款{number}")}  # fmt: skip
REFUND_ON_ORDER = Say("the refund on order {number}", "訂單{number}的退款")
ASK = Say(
    "To keep it private, please tell me the last 4 digits of the phone number given with {subject} (or the whole "
    "number).",
    "為保障你的私隱，請告訴我{subject}所登記電話號碼的最後4位數字（或完整號碼）。",
)
NO_MATCH = Say(
    "Sorry, those details don't match {subject}. Please check the number and the digits (you can also give the "
    "whole phone number), or ask me for a person.",
    "對不起，資料與{subject}不符。請核對號碼及數字（亦可提供完整電話號碼），或要求轉接職員。",
)


@dataclass(frozen=True)
class Subject:
    """What the customer asked about: the enquiry and its number.

    ``10023``, ``R-2031``, ``RF-5001``; a refund may also be named by its order's number.
    """

    intent: str
    number: str

    @property
    def reference(self) -> str:
        """The name look-ups are counted and granted under (order status and order changes share one)."""
        return f"{'order' if WHAT[self.intent] == 'order' else self.intent.split('_')[1]}:{self.number}"

    @property
    def awaiting(self) -> str:
        """The ``awaiting`` slot's value while the proof is asked for."""
        return f"{PREFIX}{self.intent}:{self.number}"

    def describe(self, language: Language) -> str:
        """``order 10023``, ``repair job R-2031``, ``refund RF-5001``, ``the refund on order 10018`` (or in Chinese)."""
        if WHAT[self.intent] == "refund" and not self.number.upper().startswith("RF"):
            return REFUND_ON_ORDER(language, number=self.number)
        return NAMED[WHAT[self.intent]](language, number=self.number)


def pending(awaiting: str | None) -> Subject | None:
    """The subject whose proof the conversation is waiting for, if any."""
    if not awaiting or not awaiting.startswith(PREFIX):
        return None
    intent, _, number = awaiting[len(PREFIX) :].partition(":")
    return Subject(intent, number) if intent in WHAT and number else None


def ask(subject: Subject, *, language: Language) -> str:
    """The question for the proof."""
    return ASK(language, subject=subject.describe(language))


def _contact(session: Session, subject: Subject, vault: DataVault) -> str | None:
    stored: str | None = None
    if WHAT[subject.intent] == "order":
        order = session.get(Order, subject.number)
        stored = order.contact_encrypted if order else None
    elif WHAT[subject.intent] == "repair job":
        job = session.get(RepairJob, subject.number)
        stored = job.contact_encrypted if job else None
    else:
        column = Refund.reference if subject.number.upper().startswith("RF") else Refund.order_number
        refund = session.scalars(select(Refund).where(column == subject.number.upper())
                                 .order_by(Refund.requested_on.desc())).first()  # fmt: skip
        order = session.get(Order, refund.order_number) if refund and refund.order_number else None
        stored = (refund.contact_encrypted if refund else None) or (order.contact_encrypted if order else None)
    return vault.read(stored) if stored else None


def _details(session: Session, subject: Subject, policy: Policy, today: dt.date, language: Language) -> str:
    if subject.intent == "ask_order_status":
        return orders.order_status_answer(session, subject.number, language=language)
    if subject.intent == "request_order_change":
        return orders.order_change_answer(session, policy, subject.number, language=language)
    if subject.intent == "ask_repair_status":
        return aftersales.repair_status_answer(session, policy, subject.number, today, language=language) or ""
    refund = subject.number if subject.number.upper().startswith("RF") else ""
    return aftersales.refund_status_answer(session, refund, None if refund else subject.number,
                                           language=language) or ""  # fmt: skip


def answer_if_granted(session: Session, subject: Subject, asker: Asker, policy: Policy, today: dt.date,
                      now: dt.datetime, *, language: Language) -> str | None:  # fmt: skip
    """The details, if this conversation proved the number within the hour; else None (ask for the proof)."""
    if lookups.granted(session, asker, subject.reference, now):
        return _details(session, subject, policy, today, language)
    return None


def look_up(session: Session, subject: Subject, given: str, asker: Asker, *, vault: DataVault, policy: Policy,
            today: dt.date, now: dt.datetime, language: Language) -> tuple[str, bool]:  # fmt: skip
    """The answer to the proof ``given``: (the details, True) when it holds, else (why not, False).

    Raises:
        TooManyLookups: this conversation or address has failed too often in the last hour.
    """
    if lookups.verify(session, asker, subject.reference, _contact(session, subject, vault), given, now):
        return _details(session, subject, policy, today, language), True
    return NO_MATCH(language, subject=subject.describe(language)), False
