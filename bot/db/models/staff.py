"""Staff accounts, their console sessions, failed sign-ins."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from bot.db.models.base import Base, UtcDateTime, utcnow


class StaffMember(Base):
    """A member of staff who signs in to the console; the role sets what they see and may settle."""

    __tablename__ = "staff"
    id = Column(Integer, primary_key=True)
    username = Column(String(40), unique=True, nullable=False)
    display_name = Column(String(80), nullable=False)
    chat_name = Column(String(40))  # how customers see them in the chat, as they chose; else display_name and role
    role = Column(String(40), nullable=False)
    branch = Column(String(40))  # the branch they work at, where it matters (a store manager's)
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


class SignInFailure(Base):
    """A failed console sign-in from an address, to slow down guessing across many accounts."""

    __tablename__ = "sign_in_failures"
    id = Column(Integer, primary_key=True)
    address = Column(String(64), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, index=True)
