"""Who may see which personal data, and the audit entry every such view leaves.

One rule for every place that shows a case or a transcript (console pages, the console's live socket, the
admin's view): only whoever handles a case sees its personal data whole — the case sits in their own role's
queue, or they hold its live chat — and the view is audited in the same transaction. A member of staff who
may see the case but does not handle it (a supervisor of the level below) sees it with the customer's name
and contact hidden and the transcript redacted; admins see conversations redacted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.handoff import open_handoff
from bot.cases.transcripts import Line, history, text_of
from bot.db.models import Case, HandoffRequest, TranscriptLine
from bot.errors import NotYourQueue
from bot.privacy import audit
from bot.privacy.crypto import DataVault
from bot.privacy.redaction import redact
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn

HIDDEN = "hidden: only whoever handles the case sees it"


@dataclass(frozen=True)
class Access:
    """What one member of staff may see of one case or conversation's personal data."""

    why: str  # why they see it whole (audited); empty when they see it redacted
    known: tuple[str, ...]  # the customer's name and contact, taken out of what is shown when not whole

    @property
    def personal(self) -> bool:
        """Whether the personal data is shown whole."""
        return bool(self.why)

    def value(self, plain: str) -> str:
        """A personal field (name, contact) as shown."""
        return plain if self.why else HIDDEN

    def text(self, plain: str) -> str:
        """Free text (a description, a transcript line) as shown."""
        return plain if self.why else redact(plain, self.known)

    def lines(self, lines: list[Line]) -> list[Line]:
        """A transcript as shown."""
        return lines if self.why else [replace(line, text=redact(line.text, self.known)) for line in lines]


def handling(session: Session, case: Case, staff: SignedIn) -> str | None:
    """Why ``staff`` handles ``case`` (the case is in their own role's queue, or they hold its live chat), or None."""
    if case.assigned_role == staff.role:
        return "handling the case in their queue"
    chat = open_handoff(session, case.conversation_id) if case.conversation_id else None
    if chat is not None and chat.status == "taken" and chat.taken_by == staff.staff_id:
        return "holding the live chat of the case"
    return None


def customer_known(case: Case | None, vault: DataVault) -> tuple[str, ...]:
    """The customer's name and contact on ``case``, to redact from what is shown to whoever does not handle it."""
    if case is None:
        return ()
    return tuple(v for v in (vault.read(case.customer_name_encrypted), vault.read(case.contact_encrypted)) if v)


def case_access(session: Session, case: Case, staff: SignedIn, policy: Policy, vault: DataVault,
                now: dt.datetime) -> Access:  # fmt: skip
    """What ``staff`` may see of ``case`` (already checked to be in a queue they see); a whole view is audited."""
    why = handling(session, case, staff) or ""
    if why:
        audit.record(session, staff, "viewed_case", case.reference, why, policy, now)
    return Access(why, customer_known(case, vault))


@dataclass(frozen=True)
class ChatAccess:
    """A conversation waiting for or held by a person, as one member of staff may see it."""

    handoff: HandoffRequest
    holding: bool  # they hold the live chat
    access: Access


def chat_access(session: Session, conversation_id: str, staff: SignedIn, policy: Policy, vault: DataVault,
                now: dt.datetime) -> ChatAccess:  # fmt: skip
    """Whether and how ``staff`` may see the conversation; a whole view is audited.

    Whole for the holder and for the role whose queue it waits in; redacted for a role above that.

    Raises:
        NotYourQueue: the conversation has no open handoff in a queue ``staff`` sees, and they do not hold it.
    """
    open_one = open_handoff(session, conversation_id)
    holding = open_one is not None and open_one.status == "taken" and open_one.taken_by == staff.staff_id
    visible = open_one is not None and open_one.role in policy.roles_seen_by(staff.role)
    if open_one is None or not (holding or visible):
        raise NotYourQueue(conversation_id)
    why = "holding the live chat" if holding else "waiting in their queue" if open_one.role == staff.role else ""
    if why:
        audit.record(session, staff, "viewed_transcript", conversation_id, why, policy, now)
    return ChatAccess(open_one, holding, Access(why, customer_known(open_one.case, vault)))


def chat_transcript(session: Session, conversation_id: str, staff: SignedIn, policy: Policy, vault: DataVault,
                    now: dt.datetime) -> tuple[ChatAccess, list[Line]]:  # fmt: skip
    """The transcript of a conversation as ``staff`` may see it (see ``chat_access``)."""
    seen = chat_access(session, conversation_id, staff, policy, vault, now)
    return seen, seen.access.lines(history(session, conversation_id))


def chat_line(session: Session, conversation_id: str, line: Line, staff: SignedIn, policy: Policy, vault: DataVault,
              now: dt.datetime) -> Line:  # fmt: skip
    """One new line of a watched conversation as ``staff`` may see it now, checked and audited like the page.

    Raises:
        NotYourQueue: the conversation has left the queues ``staff`` sees (taken by a role they do not see,
            handed back, referred away): the watch must end.
    """
    return chat_access(session, conversation_id, staff, policy, vault, now).access.lines([line])[0]


def admin_transcript(session: Session, conversation_id: str, vault: DataVault, told: list[str],
                     policy: Policy) -> list[tuple[str, str, dt.datetime]]:  # fmt: skip
    """A conversation as an admin sees it: every line with the customer's personal data taken out.

    ``told`` are the values the customer gave in forms (from Rasa's sealed slots), taken out with the name and
    contact of every case the conversation opened. The shop's own addresses, phone numbers and email (``policy``)
    stay readable.
    """
    cases = session.scalars(select(Case).where(Case.conversation_id == conversation_id)).all()
    known = [*told, *(value for case in cases for value in customer_known(case, vault))]
    rows = session.scalars(select(TranscriptLine).where(TranscriptLine.conversation_id == conversation_id)
                           .order_by(TranscriptLine.id)).all()  # fmt: skip
    return [(row.author, redact(text_of(session, row), known, policy.own_contacts), row.at) for row in rows]
