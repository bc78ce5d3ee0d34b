"""SQLAlchemy models of the application database (SQLAlchemy 1.4, 2.0 style), one module per concept.

Personal data lives only in the ``*_encrypted`` columns, encrypted by ``bot.privacy.crypto``. Every model is
imported here, so ``Base.metadata`` holds the whole schema (Alembic compares it with the revisions).
"""

from bot.db.models.base import NAMING_CONVENTION, Base, UtcDateTime, utcnow
from bot.db.models.cases import (
    Case,
    CaseEvent,
    Conversation,
    CustomerUpdate,
    Feedback,
    HandoffRequest,
    QualityReport,
    Rating,
    SlaPledge,
    TranscriptLine,
    WebhookDelivery,
)
from bot.db.models.privacy import AuditEntry, ChatResume, Consent, DataKeyCheck, LookupAttempt, MarketingOptOut
from bot.db.models.shop import GoldPrice, Member, Order, Product, Refund, RepairJob, StockLevel
from bot.db.models.staff import SignInFailure, StaffMember, StaffSession
from bot.db.models.training import AssistantModel, InboxMessage, ModelActivation

__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "UtcDateTime",
    "utcnow",
    "AssistantModel",
    "AuditEntry",
    "Case",
    "CaseEvent",
    "ChatResume",
    "Conversation",
    "Consent",
    "CustomerUpdate",
    "DataKeyCheck",
    "Feedback",
    "GoldPrice",
    "HandoffRequest",
    "InboxMessage",
    "LookupAttempt",
    "MarketingOptOut",
    "Member",
    "ModelActivation",
    "QualityReport",
    "Order",
    "Product",
    "Rating",
    "Refund",
    "RepairJob",
    "SignInFailure",
    "SlaPledge",
    "StaffMember",
    "StaffSession",
    "StockLevel",
    "TranscriptLine",
    "WebhookDelivery",
]
