"""The audit log of personal data: every view by a member of staff (and every change), with who, what, when, why.

Written in the same transaction as the read it records, so there is no view without its entry.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn, role_title


def record(session: Session, staff: SignedIn, action: str, subject: str, why: str, policy: Policy,
           now: dt.datetime) -> None:  # fmt: skip
    """Note that ``staff`` did ``action`` on ``subject`` (a case reference or a conversation) for ``why``."""
    who = f"{staff.display_name} ({role_title(staff.role, policy)})"
    session.add(AuditEntry(at=now, staff_id=staff.staff_id, who=who, action=action, subject=subject, why=why[:200]))


def entries(session: Session, subject: str | None = None, limit: int = 200) -> list[AuditEntry]:
    """The latest entries, newest first (of one case or conversation when ``subject`` is given)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if subject:
        query = query.where(AuditEntry.subject == subject)
    return list(session.scalars(query).all())
