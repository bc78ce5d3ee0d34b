"""Look-ups that need proof.

A case, an order, a repair job or a refund is described only to whoever proves they know the phone number
(or email) it was given with.

The proof is the last 4 digits of the phone, or all 8, or the email. Guessing is throttled where the guesser
is: failures per conversation and per network address (a keyed digest of it) refuse further look-ups for an
hour. Failures on one number never lock it, so a stranger cannot lock its owner out: after a few in a day that
number asks for the whole phone number (8 digits) instead of the last 4, which the owner knows and a guesser
does not. A success lets the same conversation ask about the same number again for an hour.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import LookupAttempt
from bot.errors import TooManyLookups

PER_CONVERSATION_HOUR = 5
PER_ADDRESS_HOUR = 20  # a shop's or a shopping centre's Wi-Fi is one address for many customers
WHOLE_NUMBER_AFTER = 5  # failures on one number in a day after which only the whole phone (or email) proves it
GRANT = dt.timedelta(hours=1)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*", re.ASCII)  # ASCII: "我電郵係amy@x.hk" gives the address only
_REFERENCE = re.compile(r"[A-Za-z]-?\d{4}")  # R-2052, RF-5001, R2052: a number named, not a proof
_COUNTRY = re.compile(r"\+?852[\s-]?(?=\d{4})")


@dataclass(frozen=True)
class Asker:
    """Who is looking something up: their conversation, and a keyed digest of their address when known."""

    conversation_id: str
    address: str | None = None


def _digits(text: str) -> str:
    """The digits of a proof: runs of two or more ("the last 4 are 5432" is 5432), "+852" left out."""
    return "".join(run for run in re.findall(r"\d+", _COUNTRY.sub("", text)) if len(run) > 1)


def looks_like_proof(text: str) -> bool:
    """Whether ``text`` answers "the last 4 digits of your phone?".

    An email, or 4 or 8 digits in runs of 4 or 8 ("+852" aside), with no reference or other number beside them.
    """
    text = (text or "").strip()
    if "@" in text:
        return True
    if len(text) > 80 or _REFERENCE.search(text):
        return False
    runs = re.findall(r"\d{2,}", _COUNTRY.sub("", text))
    return bool(runs) and all(len(run) in (4, 8) for run in runs) and len(_digits(text)) in (4, 8)


def _failures(session: Session, since: dt.datetime, *where: object) -> int:
    query = (
        select(func.count())
        .select_from(LookupAttempt)
        .where(LookupAttempt.succeeded.is_(False), LookupAttempt.at >= since, *where)
    )
    return int(session.scalar(query) or 0)


def check_allowed(session: Session, asker: Asker, now: dt.datetime) -> None:
    """Refuse a look-up while this conversation or this address has failed too often in the last hour.

    Raises:
        TooManyLookups: 5 failures from the conversation, or 20 from the address, in the last hour.
    """
    hour = now - dt.timedelta(hours=1)
    if _failures(session, hour, LookupAttempt.conversation_id == asker.conversation_id) >= PER_CONVERSATION_HOUR:
        raise TooManyLookups(asker.conversation_id)
    if asker.address and _failures(session, hour, LookupAttempt.address == asker.address) >= PER_ADDRESS_HOUR:
        raise TooManyLookups(asker.conversation_id)


def whole_number_needed(session: Session, reference: str, now: dt.datetime) -> bool:
    """Whether ``reference`` has been guessed at so often today that only the whole phone number proves it."""
    return _failures(session, now - dt.timedelta(days=1), LookupAttempt.reference == reference) >= WHOLE_NUMBER_AFTER


def proves(contact: str | None, given: str, *, whole: bool = False) -> bool:
    """Whether ``given`` proves knowledge of ``contact`` (a phone of 8 digits, or an email), in constant time."""
    given = (given or "").lower()
    if not contact:
        hmac.compare_digest(b"0000", b"0000")  # the same work either way
        return False
    if "@" in contact:
        return any(hmac.compare_digest(e.strip(".").encode(), contact.lower().encode()) for e in _EMAIL.findall(given))
    digits = _digits(given)
    if len(digits) == 8:
        return hmac.compare_digest(digits.encode(), contact[-8:].encode())
    return not whole and len(digits) == 4 and hmac.compare_digest(digits.encode(), contact[-4:].encode())


def granted(session: Session, asker: Asker, reference: str, now: dt.datetime) -> bool:
    """Whether this conversation proved ``reference`` within the last hour."""
    query = select(func.count()).select_from(LookupAttempt).where(
        LookupAttempt.succeeded.is_(True), LookupAttempt.conversation_id == asker.conversation_id,
        LookupAttempt.reference == reference, LookupAttempt.at >= now - GRANT,
    )  # fmt: skip
    return bool(session.scalar(query))


def record(session: Session, asker: Asker, reference: str, succeeded: bool, now: dt.datetime) -> None:
    """Keep the attempt (failures throttle; a success is a grant for an hour)."""
    session.add(LookupAttempt(conversation_id=asker.conversation_id, address=asker.address, reference=reference,
                              succeeded=succeeded, at=now))  # fmt: skip


def verify(session: Session, asker: Asker, reference: str, contact: str | None, given: str, now: dt.datetime) -> bool:
    """Check the proof ``given`` for ``reference`` and keep the attempt.

    ``contact`` is the phone or email on the record, None when there is no such number: an unknown number
    fails exactly as a wrong proof does.

    Raises:
        TooManyLookups: this conversation or address has failed too often; nothing is checked or kept.
    """
    check_allowed(session, asker, now)
    ok = proves(contact, given, whole=whole_number_needed(session, reference, now))
    record(session, asker, reference, ok, now)
    return ok
