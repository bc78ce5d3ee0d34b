"""Personal data's own records.

Consents, marketing opt-outs, look-up attempts, chat resume secrets, the audit log, the data key check.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text
from sqlalchemy.sql.expression import false as sql_false

from bot.db.models.base import Base, UtcDateTime, utcnow


class Consent(Base):
    """A customer's answer to the collection statement, with its version."""

    __tablename__ = "consents"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    statement_version = Column(String(20), nullable=False)
    accepted = Column(Boolean, nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)


class MarketingOptOut(Base):
    """A customer who asked for no more direct marketing, by the keyed digest of their phone or email."""

    __tablename__ = "marketing_opt_outs"
    id = Column(Integer, primary_key=True)
    contact_digest = Column(String(64), unique=True, nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    case_id = Column(Integer, ForeignKey("cases.id"))  # the request that asked for it


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


class DataKeyCheck(Base):
    """A token encrypted with the data key the first time the database was used; another key stops start-up."""

    __tablename__ = "data_key_check"
    id = Column(Integer, primary_key=True)  # one row, 1
    token = Column(Text, nullable=False)
    written_at = Column(UtcDateTime(), nullable=False, default=utcnow)
