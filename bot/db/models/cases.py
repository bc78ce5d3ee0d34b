"""Cases and conversations.

A case, its events and SLA pledges, handoffs to a person, transcripts, ratings and feedback, the webhook outbox.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import relationship

from bot.db.models.base import Base, UtcDateTime, utcnow


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
    version = Column(Integer, nullable=False, default=1, server_default="1")
    events = relationship("CaseEvent", back_populates="case", order_by="CaseEvent.id")
    consent = relationship("Consent")
    # Every UPDATE of a case says "WHERE version = the one read": of two processes changing one case at once (two
    # gateways' SLA timers, two members of staff), the second changes nothing and its whole transaction is refused.
    __mapper_args__ = {"version_id_col": version}


class CaseEvent(Base):
    """One step in a case's history: who, when, what. Never updated, only added."""

    __tablename__ = "case_events"
    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    actor = Column(String(80), nullable=False)
    staff_id = Column(Integer, ForeignKey("staff.id"), index=True)  # the member of staff who took the step, if one did
    kind = Column(String(40), nullable=False)
    detail = Column(Text, nullable=False, default="")
    case = relationship("Case", back_populates="events")


class SlaPledge(Base):
    """A deadline the customer was given: the case acknowledged, or resolved, by ``due_at``.

    Made at intake and again whenever the case moves to another role or is reopened; closed when it is met, when a
    newer deadline replaces it (``renewed``), or when the SLA timer finds it ``missed``. An open pledge past its
    deadline is missed too.
    """

    __tablename__ = "sla_pledges"
    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    kind = Column(String(12), nullable=False)  # acknowledge, resolve
    role = Column(String(40), nullable=False)  # the role that was to keep it
    made_at = Column(UtcDateTime(), nullable=False)
    due_at = Column(UtcDateTime(), nullable=False, index=True)
    closed_at = Column(UtcDateTime())
    closed_how = Column(String(10))  # met, renewed, missed


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
    # The service-quality figures count customers' lines by time (bot.quality.records); the gateways' retry finds
    # the lines still owed to the assistant among millions kept (a partial index: only the owed ones are in it).
    __table_args__ = (
        Index("ix_transcript_lines_author_at", "author", "at"),
        Index("ix_transcript_lines_owed", "conversation_id", sqlite_where=text("relayed = 0"),
              postgresql_where=text("relayed = false")),
    )  # fmt: skip
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    author = Column(String(20), nullable=False)  # customer, assistant, staff
    author_name = Column(String(80))  # a member of staff's display name and role
    text_encrypted = Column("text", Text, nullable=False)  # what was said, encrypted (bot.cases.transcripts)
    buttons = Column(Text, nullable=False, default="[]")  # JSON list of {"title", "payload"}
    relayed = Column(Boolean, nullable=False, default=True)  # a customer line the assistant has not had yet
    language = Column(String(2))  # the conversation's language at this line, "en" or "zh" (None: before it was kept)


class Conversation(Base):
    """One website conversation in figures: when its customer first and last wrote, and how many lines.

    Kept beside the transcript (``bot.cases.transcripts.customer_wrote``) so the service-quality figures count
    conversations without reading every line; no personal data. Removed with the transcript.
    """

    __tablename__ = "conversations"
    conversation_id = Column(String(100), primary_key=True)
    first_at = Column(UtcDateTime(), nullable=False, index=True)
    last_at = Column(UtcDateTime(), nullable=False)
    customer_lines = Column(Integer, nullable=False, default=0)


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


class Feedback(Base):
    """Feedback or a review left in the chat."""

    __tablename__ = "feedback"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(100), nullable=False, index=True)
    text = Column(Text, nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)


class QualityReport(Base):
    """The weekly service-quality report as it was prepared: the week, and every figure and criterion as CSV."""

    __tablename__ = "quality_reports"
    __table_args__ = (UniqueConstraint("first_day", "last_day"),)
    id = Column(Integer, primary_key=True)
    first_day = Column(Date, nullable=False)
    last_day = Column(Date, nullable=False)
    made_at = Column(UtcDateTime(), nullable=False)
    criteria_met = Column(Integer, nullable=False)
    criteria_missed = Column(Integer, nullable=False)
    csv = Column(Text, nullable=False)  # bot.quality.report.as_csv: no personal data


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


class CustomerUpdate(Base):
    """News of a case owed to its customer through the contact they gave; kept until delivered, retried.

    An email, or a message through the shop's webhook (for example an SMS gateway). The address and the text
    are personal data: encrypted, and blanked once delivered or given up on.
    """

    __tablename__ = "customer_updates"
    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    channel = Column(String(10), nullable=False)  # email, webhook
    contact_kind = Column(String(10), nullable=False)  # phone, email
    contact_encrypted = Column(Text, nullable=False)
    text_encrypted = Column(Text, nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UtcDateTime(), nullable=False, index=True)
    delivered_at = Column(UtcDateTime())
    given_up_at = Column(UtcDateTime())
    last_error = Column(String(300))
