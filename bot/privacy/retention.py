"""Retention: personal data is kept only as long as the policy's ``retention`` says, then removed.

``purge`` anonymises resolved cases older than ``cases_days`` (name, contact, description, order
number, notes and the customer's words go; category, remedy, amounts, roles and dates stay, for
statistics) and deletes conversations older than ``conversations_days``: transcript lines, feedback,
failed look-ups, rating comments (the score stays) and NLU inbox messages. Rasa keeps its own copy
of every conversation in the tracker store and has no deletion API; ``forget_conversations`` deletes
the expired ones from the tracker store's table (the same ``events`` table our tracker store, a
Rasa SQL store, writes). Both run from the gateway's timers and from ``python -m bot purge``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import create_engine, delete, func, select, update
from sqlalchemy.orm import Session

from bot.cases import lifecycle
from bot.db.models import (
    Case,
    CaseEvent,
    Conversation,
    Feedback,
    InboxMessage,
    LookupAttempt,
    Rating,
    TranscriptLine,
)
from bot.privacy import resume
from bot.privacy.crypto import REMOVED
from bot.rasa.tracker_table import RASA_EVENTS
from bot.shop.policy import Retention

# Case events whose detail holds what people wrote (notes, actions, reasons); the others are statuses and roles.
FREE_TEXT_EVENTS = ("note", "action", "settled", "settlement_refused", "referred_up", "created", "request_completed",
                    "follow_up_needed")  # fmt: skip


@dataclass(frozen=True)
class Purged:
    """What one purge removed."""

    cases_anonymised: int
    transcript_lines: int
    feedback: int
    lookups: int
    rating_comments: int
    inbox_messages: int
    rasa_conversations: int = 0

    def __str__(self) -> str:
        return (
            f"{self.cases_anonymised} case(s) anonymised; deleted {self.transcript_lines} transcript line(s), "
            f"{self.feedback} feedback, {self.lookups} look-up(s), {self.inbox_messages} inbox message(s), "
            f"{self.rating_comments} rating comment(s), {self.rasa_conversations} Rasa conversation(s)"
        )


def cutoffs(retention: Retention, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The moments before which cases, and conversations, are expired."""
    return now - dt.timedelta(days=retention.cases_days), now - dt.timedelta(days=retention.conversations_days)


def purge(session: Session, retention: Retention, now: dt.datetime) -> Purged:
    """Anonymise expired cases and delete expired conversations in the application database."""
    resume.purge_expired(session, now)  # expired resume secrets open nothing: forget them
    bulk = {"synchronize_session": False}
    case_cutoff, talk_cutoff = cutoffs(retention, now)
    expired = select(Case.id).where(Case.status.in_(lifecycle.SETTLED), Case.updated_at < case_cutoff,
                                    Case.anonymised_at.is_(None))  # fmt: skip
    case_ids = list(session.scalars(expired))
    if case_ids:
        session.execute(
            update(CaseEvent).where(CaseEvent.case_id.in_(case_ids), CaseEvent.kind.in_(FREE_TEXT_EVENTS))
            .values(detail=REMOVED), execution_options=bulk,
        )  # fmt: skip
        session.execute(
            update(Case).where(Case.id.in_(case_ids)).values(
                customer_name_encrypted="", contact_encrypted="", contact_digest="", description_encrypted=REMOVED,
                order_number=None, product=None, conversation_id=None, anonymised_at=now,
            ), execution_options=bulk,
        )  # fmt: skip
    old_conversations = select(TranscriptLine.conversation_id).group_by(TranscriptLine.conversation_id).having(
        func.max(TranscriptLine.at) < talk_cutoff
    )  # fmt: skip
    session.execute(delete(Conversation).where(Conversation.conversation_id.in_(old_conversations)),
                    execution_options=bulk)  # fmt: skip
    lines = session.execute(delete(TranscriptLine).where(TranscriptLine.conversation_id.in_(old_conversations)),
                            execution_options=bulk)  # fmt: skip
    feedback = session.execute(delete(Feedback).where(Feedback.at < talk_cutoff), execution_options=bulk)
    lookups = session.execute(delete(LookupAttempt).where(LookupAttempt.at < talk_cutoff), execution_options=bulk)
    comments = session.execute(update(Rating).where(Rating.at < talk_cutoff, Rating.comment != "").values(comment=""),
                               execution_options=bulk)  # fmt: skip
    inbox = session.execute(delete(InboxMessage).where(InboxMessage.at < talk_cutoff), execution_options=bulk)
    return Purged(len(case_ids), lines.rowcount, feedback.rowcount, lookups.rowcount, comments.rowcount,
                  inbox.rowcount)  # fmt: skip


def forget_conversations(tracker_url: str, before: dt.datetime, dry_run: bool = False) -> int:
    """Delete from Rasa's tracker store every conversation whose last event is older than ``before``; how many."""
    engine = create_engine(tracker_url, future=True)
    try:
        with engine.begin() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return 0
            expired = select(RASA_EVENTS.c.sender_id).group_by(RASA_EVENTS.c.sender_id).having(
                func.max(RASA_EVENTS.c.timestamp) < before.timestamp()
            )  # fmt: skip
            senders = list(connection.scalars(expired))
            if dry_run:
                return len(senders)
            for start in range(0, len(senders), 500):
                connection.execute(delete(RASA_EVENTS).where(RASA_EVENTS.c.sender_id.in_(senders[start : start + 500])))
            return len(senders)
    finally:
        engine.dispose()
