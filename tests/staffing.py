"""Helpers for tests of staff work: accounts, a case in a conversation, someone online."""

from __future__ import annotations

import datetime as dt
import secrets

from bot.cases.intake import Contact
from bot.cases.service import Complaint, open_case, record_consent
from bot.context import Context
from bot.staff.accounts import SignedIn, add_staff, set_presence, sign_in, signed_in

NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.timezone.utc)  # Monday 11:00 in Hong Kong: shops open
PASSWORD = "correct horse battery"


def make_staff(ctx: Context, role: str, branch: str | None = None) -> tuple[str, str]:
    """A fresh login of ``role`` (working at ``branch``) to sign in with through the form: (username, password)."""
    username, password = f"{role[:10]}-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    with ctx.sessions() as s, s.begin():
        add_staff(s, username, f"{role.replace('_', ' ').title()} {username[-6:]}", role, password, ctx.policy,
                  branch)  # fmt: skip
    return username, password


def staff(ctx: Context, username: str, role: str, *, online: bool = True, now: dt.datetime = NOW) -> SignedIn:
    """A signed-in member of staff of ``role`` (online unless told otherwise)."""
    with ctx.sessions() as s, s.begin():
        staff_id = add_staff(s, username, username.title(), role, PASSWORD, ctx.policy)
        if online:
            set_presence(s, staff_id, "online", now)
        token = sign_in(s, username, PASSWORD, now)
    assert token is not None
    with ctx.sessions() as s:
        signed = signed_in(s, token, now)
    assert signed is not None
    return signed


def lodge(ctx: Context, conversation: str, *, outcome: str = "refund", amount: int | None = 1500,
          description: str = "The clasp broke the day after I bought it.", now: dt.datetime = NOW,
          phone: str = "91234567") -> str:  # fmt: skip
    """A case lodged from ``conversation`` by Chan Tai Man on ``phone``; returns its reference.

    In a database other tests share, give another ``phone``: a customer's earlier cases raise the routing.
    """
    complaint = Complaint("Chan Tai Man", Contact("phone", phone), "product", "18K gold bracelet",
                          dt.date(2026, 11, 21), "mong_kok", None, description, outcome, amount)  # fmt: skip
    with ctx.sessions() as s, s.begin():
        record_consent(s, conversation, ctx.policy.privacy.collection_statement.version, True)
        return open_case(s, complaint, intake_key=f"key-{conversation}", conversation_id=conversation,
                         policy=ctx.policy, vault=ctx.vault, now=now).reference  # fmt: skip
