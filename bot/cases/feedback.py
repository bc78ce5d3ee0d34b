"""Customers' feedback and reviews, kept for the service quality records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.cases.intake import clean_text
from bot.db.models import Feedback


def store_feedback(session: Session, conversation_id: str, text: str) -> None:
    """Keep a customer's feedback as they wrote it (cleaned and limited in length)."""
    session.add(Feedback(conversation_id=conversation_id, text=clean_text(text)))
