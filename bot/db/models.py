"""SQLAlchemy models of the application database (SQLAlchemy 1.4, 2.0 style).

Personal data lives only in the ``*_encrypted`` columns, encrypted by ``bot.privacy.crypto``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.sql.expression import false as sql_false
from sqlalchemy.types import TypeDecorator

# Every constraint gets a predictable name, so a migration can drop or alter it on SQLite and PostgreSQL alike.
# "ix" is SQLAlchemy's own default: the indexes made before the convention keep their names.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))  # SQLAlchemy 1.4: untyped


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as UTC and read back as aware UTC (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware one")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def utcnow() -> dt.datetime:
    """Now, timezone-aware UTC."""
    return dt.datetime.now(dt.timezone.utc)


class Product(Base):
    """An article of the catalogue (synced from the POS in a real shop)."""

    __tablename__ = "products"
    id = Column(Integer, primary_key=True)
    sku = Column(String(32), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    product_type = Column(String(40), nullable=False, index=True)
    brand = Column(String(60), index=True)
    material = Column(String(60), index=True)
    price_hkd = Column(Integer, nullable=False)
    priced_by_weight = Column(Boolean, nullable=False, default=False)
    stock = relationship("StockLevel", back_populates="product", cascade="all, delete-orphan")


class StockLevel(Base):
    """How many of a product a branch holds ("online" is the web shop's warehouse)."""

    __tablename__ = "stock_levels"
    product_id = Column(Integer, ForeignKey("products.id"), primary_key=True)
    branch_id = Column(String(40), primary_key=True)
    quantity = Column(Integer, nullable=False, default=0)
    product = relationship("Product", back_populates="stock")


class Order(Base):
    """An online order."""

    __tablename__ = "orders"
    number = Column(String(16), primary_key=True)
    status = Column(String(20), nullable=False)  # processing, packed, dispatched, delivered, cancelled
    placed_on = Column(Date, nullable=False)
    items = Column(Text, nullable=False)
    total_hkd = Column(Integer, nullable=False)
    delivery_method = Column(String(40), nullable=False)
    courier_tracking = Column(String(40))
    expected_on = Column(Date)
    delivered_on = Column(Date)
    contact_encrypted = Column(Text)  # the phone given with the order: a customer asking about it proves they know it


class RepairJob(Base):
    """A repair or service job taken in at a branch."""

    __tablename__ = "repair_jobs"
    number = Column(String(16), primary_key=True)  # R-2031
    branch_id = Column(String(40), nullable=False)
    item = Column(String(200), nullable=False)
    service_id = Column(String(40), nullable=False)
    status = Column(String(24), nullable=False)  # received, awaiting_approval, in_workshop, ready, collected
    received_on = Column(Date, nullable=False)
    expected_on = Column(Date)
    quote_hkd = Column(Integer)
    contact_encrypted = Column(Text)  # the phone on the repair receipt


class Refund(Base):
    """A refund agreed on an order or a purchase."""

    __tablename__ = "refunds"
    reference = Column(String(16), primary_key=True)  # RF-5001
    order_number = Column(String(16), index=True)
    amount_hkd = Column(Integer, nullable=False)
    method = Column(String(40), nullable=False)
    status = Column(String(20), nullable=False)  # requested, approved, processing, paid, rejected
    requested_on = Column(Date, nullable=False)
    expected_by = Column(Date)
    paid_on = Column(Date)
    contact_encrypted = Column(Text)  # the phone of whoever is refunded


class GoldPrice(Base):
    """One line of the daily precious-metal price board."""

    __tablename__ = "gold_prices"
    id = Column(Integer, primary_key=True)
    effective_at = Column(UtcDateTime(), nullable=False, index=True)
    metal = Column(String(40), nullable=False)
    unit = Column(String(10), nullable=False)  # tael, gram
    sell_hkd = Column(Integer, nullable=False)
    buy_hkd = Column(Integer, nullable=False)


class Consent(Base):
    """A customer's answer to the collection statement, with its version."""

    __tablename__ = "consents"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    statement_version = Column(String(20), nullable=False)
    accepted = Column(Boolean, nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)


class Case(Base):
    """One complaint or service request, from intake to closure."""

    __tablename__ = "cases"
    id = Column(Integer, primary_key=True)
    reference = Column(String(16), unique=True, nullable=False)
    intake_key = Column(String(64), unique=True, nullable=False)
    conversation_id = Column(String(100), index=True)
    status = Column(String(20), nullable=False, default="new")
    category = Column(String(20), nullable=False)
    product = Column(String(200))
    incident_date = Column(Date)
    incident_place = Column(String(40))  # a branch id or "online"
    order_number = Column(String(16))
    description_encrypted = Column("description", Text, nullable=False)  # what happened or what is asked, encrypted
    desired_outcome = Column(String(20), nullable=False)  # a remedy, or the kind of a personal data request
    claim_amount_hkd = Column(Integer)
    severity_signals = Column(String(200), nullable=False, default="")
    vip = Column(Boolean, nullable=False, default=False)
    prior_cases = Column(Integer, nullable=False, default=0)
    assigned_role = Column(String(40), nullable=False)
    routing_reasons = Column(Text, nullable=False)
    acknowledge_by = Column(UtcDateTime(), nullable=False)
    resolve_by = Column(UtcDateTime(), nullable=False)
    customer_name_encrypted = Column(Text, nullable=False)
    contact_encrypted = Column(Text, nullable=False)
    contact_kind = Column(String(10), nullable=False)  # phone, email
    contact_digest = Column(String(64), nullable=False, index=True)
    consent_id = Column(Integer, ForeignKey("consents.id"), nullable=False)
    acknowledged_at = Column(UtcDateTime())
    settled_remedy = Column(String(20))
    settled_amount_hkd = Column(Integer)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    anonymised_at = Column(UtcDateTime())  # personal data removed under the retention policy
    events = relationship("CaseEvent", back_populates="case", order_by="CaseEvent.id")
    consent = relationship("Consent")


class CaseEvent(Base):
    """One step in a case's history: who, when, what. Never updated, only added."""

    __tablename__ = "case_events"
    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    actor = Column(String(80), nullable=False)
    kind = Column(String(40), nullable=False)
    detail = Column(Text, nullable=False, default="")
    case = relationship("Case", back_populates="events")


class MarketingOptOut(Base):
    """A customer who asked for no more direct marketing, by the keyed digest of their phone or email."""

    __tablename__ = "marketing_opt_outs"
    id = Column(Integer, primary_key=True)
    contact_digest = Column(String(64), unique=True, nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    case_id = Column(Integer, ForeignKey("cases.id"))  # the request that asked for it


class Feedback(Base):
    """Feedback or a review left in the chat."""

    __tablename__ = "feedback"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    text = Column(Text, nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)


class LookupAttempt(Base):
    """A look-up of a case, order, repair job or refund from the chat, and whether its proof held.

    Failures throttle guessing (per conversation, per address, per number); a success lets the conversation
    ask about the same number again for a while without proving it again.
    """

    __tablename__ = "lookup_attempts"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    reference = Column(String(16), nullable=False, index=True)  # CS-…, an order number, R-…, RF-…
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    address = Column(String(64), index=True)  # keyed digest of the customer's network address, if known
    succeeded = Column(Boolean, nullable=False, default=False, server_default=sql_false())


class ChatResume(Base):
    """The secret that lets a browser resume its conversation: only its digest is kept, and it expires."""

    __tablename__ = "chat_resumes"
    conversation_id = Column(String(100), primary_key=True)
    secret_digest = Column(String(64), nullable=False, unique=True)
    issued_at = Column(UtcDateTime(), nullable=False)
    expires_at = Column(UtcDateTime(), nullable=False, index=True)


class Member(Base):
    """A Golden Harbour Club member, found by the keyed digest of their phone or email."""

    __tablename__ = "members"
    id = Column(Integer, primary_key=True)
    contact_digest = Column(String(64), unique=True, nullable=False)
    tier = Column(String(20), nullable=False)  # standard, gold, platinum


class HandoffRequest(Base):
    """A customer's request for a person; the staff queue is made of these."""

    __tablename__ = "handoff_requests"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    case_id = Column(Integer, ForeignKey("cases.id"))
    role = Column(String(40), nullable=False)
    reason = Column(String(200), nullable=False)
    status = Column(String(20), nullable=False, default="waiting")  # waiting, taken, referred, closed
    requested_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    referred_by = Column(Integer, ForeignKey("staff.id"))  # set when staff referred the chat up
    callback_by = Column(UtcDateTime())  # set once the customer was promised a callback instead
    taken_by = Column(Integer, ForeignKey("staff.id"))
    taken_at = Column(UtcDateTime())
    closed_at = Column(UtcDateTime())
    staff = relationship("StaffMember", foreign_keys=[taken_by])
    case = relationship("Case")


class TranscriptLine(Base):
    """One message of a website conversation, from the customer, the assistant or a member of staff."""

    __tablename__ = "transcript_lines"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    author = Column(String(20), nullable=False)  # customer, assistant, staff
    author_name = Column(String(80))  # a member of staff's display name and role
    text_encrypted = Column("text", Text, nullable=False)  # what was said, encrypted (bot.cases.transcripts)
    buttons = Column(Text, nullable=False, default="[]")  # JSON list of {"title", "payload"}
    relayed = Column(Boolean, nullable=False, default=True)  # a customer line the assistant has not had yet


class StaffMember(Base):
    """A member of staff who signs in to the console; the role sets what they see and may settle."""

    __tablename__ = "staff"
    id = Column(Integer, primary_key=True)
    username = Column(String(40), unique=True, nullable=False)
    display_name = Column(String(80), nullable=False)
    role = Column(String(40), nullable=False)
    password_hash = Column(String(200), nullable=False)
    presence = Column(String(10), nullable=False, default="away")  # online, away
    last_seen = Column(UtcDateTime())
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(UtcDateTime())


class StaffSession(Base):
    """A signed-in console session; the cookie holds the token, the table only its digest."""

    __tablename__ = "staff_sessions"
    token_digest = Column(String(64), primary_key=True)
    staff_id = Column(Integer, ForeignKey("staff.id"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at = Column(UtcDateTime(), nullable=False)
    staff = relationship("StaffMember")


class Rating(Base):
    """The customer's rating of the service after a person handed the chat back."""

    __tablename__ = "ratings"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    case_id = Column(Integer, ForeignKey("cases.id"))
    staff_id = Column(Integer, ForeignKey("staff.id"))
    score = Column(Integer, nullable=False)  # 1 to 5
    comment = Column(Text, nullable=False, default="")
    at = Column(UtcDateTime(), nullable=False, default=utcnow)


class WebhookDelivery(Base):
    """An announcement owed to a role's webhook; kept until delivered, retried with back-off."""

    __tablename__ = "webhook_deliveries"
    id = Column(Integer, primary_key=True)
    role = Column(String(40), nullable=False)
    url = Column(String(500), nullable=False)
    body = Column(Text, nullable=False)  # JSON, no personal data
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UtcDateTime(), nullable=False, index=True)
    delivered_at = Column(UtcDateTime())
    last_error = Column(String(300))


class InboxMessage(Base):
    """A customer message the assistant may have misunderstood, redacted, waiting for an admin's label."""

    __tablename__ = "nlu_inbox"
    id = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)  # redacted
    group_key = Column(String(200), nullable=False, index=True)  # the text folded, so repeats group together
    source = Column(String(20), nullable=False)  # unsure, fallback, flagged, low_rating
    predicted_intent = Column(String(80))
    confidence = Column(Float)
    conversation_id = Column(String(100), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    status = Column(String(12), nullable=False, default="open", index=True)  # open, labelled, dismissed
    labelled_intent = Column(String(80))
    decided_by = Column(String(80))
    decided_at = Column(UtcDateTime())


class AssistantModel(Base):
    """A trained model of the registry: how it was made, how it scored, whether it is the one serving."""

    __tablename__ = "assistant_models"
    id = Column(Integer, primary_key=True)
    file = Column(String(500))  # the .tar.gz, once trained
    data_fingerprint = Column(String(64), nullable=False)
    trained_by = Column(String(80), nullable=False)
    started_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    finished_at = Column(UtcDateTime())
    status = Column(String(12), nullable=False)  # training, evaluating, ready, blocked, failed
    progress = Column(Text, nullable=False, default="")
    metrics = Column(Text)  # JSON evaluation on the held-out split
    comparison = Column(Text)  # JSON comparison with the model that was active when it was evaluated
    override_reason = Column(Text)
    active = Column(Boolean, nullable=False, default=False, index=True)


class ModelActivation(Base):
    """Every time a model was put in service: by whom, when, why (activation, override, rollback, start-up)."""

    __tablename__ = "model_activations"
    id = Column(Integer, primary_key=True)
    model_id = Column(Integer, ForeignKey("assistant_models.id"), nullable=False)
    by = Column(String(80), nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    kind = Column(String(12), nullable=False)  # activate, override, rollback, startup
    reason = Column(Text, nullable=False, default="")


class AuditEntry(Base):
    """Every view of personal data, and every change to it: who, what, when, why. Only ever added to."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)
    staff_id = Column(Integer, ForeignKey("staff.id"))
    who = Column(String(160), nullable=False)  # name and role at the time
    action = Column(String(40), nullable=False)  # viewed_case, viewed_transcript, …
    subject = Column(String(120), nullable=False, index=True)  # a case reference or a conversation id
    why = Column(String(200), nullable=False)


class SignInFailure(Base):
    """A failed console sign-in from an address, to slow down guessing across many accounts."""

    __tablename__ = "sign_in_failures"
    id = Column(Integer, primary_key=True)
    address = Column(String(64), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, index=True)


class DataKeyCheck(Base):
    """A token encrypted with the data key the first time the database was used; another key stops start-up."""

    __tablename__ = "data_key_check"
    id = Column(Integer, primary_key=True)  # one row, 1
    token = Column(Text, nullable=False)
    written_at = Column(UtcDateTime(), nullable=False, default=utcnow)
