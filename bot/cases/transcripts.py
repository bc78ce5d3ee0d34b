"""Website conversations as the customer saw them: every line, kept (encrypted); lines still owed to the assistant.

What was said is personal data: it is stored encrypted with the vault that travels in the session
(``session.info["vault"]``, set by ``bot.context``); a line written before encryption reads as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Conversation, TranscriptLine
from bot.privacy.crypto import DataVault
from bot.shop.language import Language, answer_language

MAX_HISTORY = 200


@dataclass(frozen=True)
class Line:
    """A transcript line as the widget shows it."""

    id: int
    author: str
    text: str
    buttons: list[dict[str, str]]
    name: str = ""
    at: dt.datetime | None = None  # when it was said (UTC)
    language: Language = "en"  # the conversation's language at this line


def _vault(session: Session) -> DataVault:
    vault = session.info.get("vault")
    if vault is None:
        raise RuntimeError("this session has no data vault; make sessions with bot.context")
    return vault  # type: ignore[no-any-return]


def text_of(session: Session, row: TranscriptLine) -> str:
    """What the line says, decrypted."""
    return _vault(session).read_legacy(row.text_encrypted)  # a line written before encryption reads as it is


def _line(session: Session, row: TranscriptLine) -> Line:
    return Line(row.id, row.author, text_of(session, row), json.loads(row.buttons), row.author_name or "", row.at,
                "zh" if row.language == "zh" else "en")  # fmt: skip


def language(session: Session, conversation_id: str, default: Language = "en") -> Language:
    """The language the conversation is in now: that of its latest line (``default`` before the first)."""
    latest = session.scalar(
        select(TranscriptLine.language).where(TranscriptLine.conversation_id == conversation_id)
        .order_by(TranscriptLine.id.desc()).limit(1)
    )  # fmt: skip
    if latest is None:
        return default
    return "zh" if latest == "zh" else "en"


def add_line(
    session: Session,
    conversation_id: str,
    author: str,
    text: str,
    *,
    buttons: list[dict[str, str]] | None = None,
    relayed: bool = True,
    name: str | None = None,
) -> Line:
    """Keep one line of a conversation.

    A customer's line sets the conversation's language when it decides one (``answer_language``); every other
    line, and one that decides nothing ("10023", "ok"), is in the language the conversation is in.
    """
    now_in = language(session, conversation_id)
    in_language = (answer_language(text) or now_in) if author == "customer" else now_in
    return _keep(session, conversation_id, author, text, buttons or [], relayed, name, in_language)


def _keep(session: Session, conversation_id: str, author: str, text: str, buttons: list[dict[str, str]],
          relayed: bool, name: str | None, in_language: Language) -> Line:  # fmt: skip
    row = TranscriptLine(conversation_id=conversation_id, author=author, text_encrypted=_vault(session).encrypt(text),
                         buttons=json.dumps(buttons), relayed=relayed, author_name=name,
                         language=in_language)  # fmt: skip
    session.add(row)
    session.flush()
    if author == "customer":
        customer_wrote(session, conversation_id, row.at)
    return Line(row.id, author, text, buttons, name or "", row.at, in_language)


def customer_wrote(session: Session, conversation_id: str, at: dt.datetime) -> None:
    """Count a customer's line in the conversation's figures (``Conversation``), made at its first line."""
    if session.get(Conversation, conversation_id) is None:
        try:
            with session.begin_nested():
                session.add(Conversation(conversation_id=conversation_id, first_at=at, last_at=at, customer_lines=1))
            return
        except IntegrityError:  # the conversation's first line, kept by another process at the same moment
            pass
    session.execute(
        update(Conversation)
        .where(Conversation.conversation_id == conversation_id)
        .values(customer_lines=Conversation.customer_lines + 1, last_at=at)
    )


def history(session: Session, conversation_id: str) -> list[Line]:
    """The conversation so far, oldest first (the latest ``MAX_HISTORY`` lines)."""
    rows = session.scalars(
        select(TranscriptLine).where(TranscriptLine.conversation_id == conversation_id)
        .order_by(TranscriptLine.id.desc()).limit(MAX_HISTORY)
    ).all()  # fmt: skip
    return [_line(session, row) for row in reversed(rows)]


def line_by_id(session: Session, conversation_id: str, line_id: int) -> Line | None:
    """One line of the conversation, or None (another conversation's, or deleted by the retention purge)."""
    row = session.get(TranscriptLine, line_id)
    return _line(session, row) if row is not None and row.conversation_id == conversation_id else None


def newest_lines(session: Session, conversation_ids: list[str]) -> dict[str, int]:
    """The id of the newest line of each of these conversations (those with lines)."""
    rows = session.execute(
        select(TranscriptLine.conversation_id, func.max(TranscriptLine.id))
        .where(TranscriptLine.conversation_id.in_(conversation_ids)).group_by(TranscriptLine.conversation_id)
    ).all()  # fmt: skip
    return {conversation_id: int(newest) for conversation_id, newest in rows}


def lines_after(session: Session, conversation_id: str, after: int) -> list[Line]:
    """The conversation's lines kept after line ``after``, oldest first (at most ``MAX_HISTORY``)."""
    rows = session.scalars(
        select(TranscriptLine).where(TranscriptLine.conversation_id == conversation_id, TranscriptLine.id > after)
        .order_by(TranscriptLine.id).limit(MAX_HISTORY)
    ).all()  # fmt: skip
    return [_line(session, row) for row in rows]


def greet(session: Session, conversation_id: str, text: str, buttons: list[dict[str, str]],
          in_language: Language = "en") -> Line | None:  # fmt: skip
    """Open a conversation nothing has been said in with the greeting, in ``in_language``; None if it has lines.

    The greeting sets the conversation's language until the customer writes: the one their browser prefers.
    """
    said = session.scalar(select(TranscriptLine.id).where(TranscriptLine.conversation_id == conversation_id).limit(1))
    if said is not None:
        return None
    return _keep(session, conversation_id, "assistant", text, buttons, True, None, in_language)


def unrelayed(session: Session, conversation_id: str) -> list[Line]:
    """Customer lines the assistant has not had yet (it was unreachable), oldest first."""
    rows = session.scalars(
        select(TranscriptLine).where(TranscriptLine.conversation_id == conversation_id,
                                     TranscriptLine.relayed == False).order_by(TranscriptLine.id)  # noqa: E712
    ).all()  # fmt: skip
    return [_line(session, row) for row in rows]


def mark_relayed(session: Session, line_id: int) -> None:
    """The assistant has had this line."""
    row = session.get(TranscriptLine, line_id)
    if row is not None:
        row.relayed = True


def gone_quiet(session: Session, since: dt.datetime, before: dt.datetime) -> list[tuple[str, int]]:
    """Conversations whose latest line is the assistant's, said between ``since`` and ``before``, with its id.

    The customer has not answered that line. Only lines since ``since`` are read.
    """
    latest = (
        select(TranscriptLine.conversation_id, func.max(TranscriptLine.id).label("line"))
        .where(TranscriptLine.at >= since)
        .group_by(TranscriptLine.conversation_id)
        .subquery()
    )
    rows = session.execute(
        select(TranscriptLine.conversation_id, TranscriptLine.id)
        .join(latest, TranscriptLine.id == latest.c.line)
        .where(TranscriptLine.author == "assistant", TranscriptLine.at >= since, TranscriptLine.at < before)
    ).all()
    return [(conversation_id, line) for conversation_id, line in rows]


def conversations_owed(session: Session) -> list[str]:
    """Conversations with customer lines the assistant has not had yet."""
    owed = TranscriptLine.relayed == False  # noqa: E712 - "= false", as the partial index ix_transcript_lines_owed says
    rows = session.scalars(select(TranscriptLine.conversation_id).where(owed).distinct())
    return list(rows)
