"""Resuming a website chat: only with the secret the gateway issued for it, never with its id alone.

The conversation id names a chat; the resume secret proves the browser is the one that had it. Only a keyed
digest of the secret is kept, so the database (or a backup of it) cannot resume anyone's chat. The secret
expires ``privacy.chat_resume_hours`` after the chat's last visit, and at once when the customer ends it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db.models import ChatResume
from bot.privacy.crypto import DataVault


def _digest(vault: DataVault, secret: str) -> str:
    return vault.digest(f"resume:{secret}")


def issue(session: Session, conversation_id: str, vault: DataVault, hours: int, now: dt.datetime) -> str:
    """A new secret for ``conversation_id`` (any earlier one stops working)."""
    secret = secrets.token_urlsafe(32)
    row = session.get(ChatResume, conversation_id) or ChatResume(conversation_id=conversation_id)
    row.secret_digest, row.issued_at = _digest(vault, secret), now
    row.expires_at = now + dt.timedelta(hours=hours)
    session.add(row)
    return secret


def resume(session: Session, conversation_id: str, secret: str, vault: DataVault, hours: int,
           now: dt.datetime) -> bool:  # fmt: skip
    """Whether ``secret`` resumes ``conversation_id`` now; a resumed chat's secret lives ``hours`` longer."""
    row = session.get(ChatResume, conversation_id)
    given = _digest(vault, secret or "-")
    if row is None or row.expires_at <= now or not hmac.compare_digest(given, row.secret_digest):
        return False
    row.expires_at = now + dt.timedelta(hours=hours)
    return True


def end(session: Session, conversation_id: str) -> None:
    """The customer ended the chat: nobody can resume it any more (its transcript stays, as the policy says)."""
    session.execute(delete(ChatResume).where(ChatResume.conversation_id == conversation_id))


def purge_expired(session: Session, now: dt.datetime) -> int:
    """Forget expired secrets; how many."""
    return int(session.execute(delete(ChatResume).where(ChatResume.expires_at <= now)).rowcount or 0)
