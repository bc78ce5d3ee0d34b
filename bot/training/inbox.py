"""The NLU inbox: customer messages the assistant may have misunderstood, kept redacted for an admin to label.

Three ways in: the assistant was unsure (confidence below ``training.inbox_below`` of the policy, or
the fallback), a member of staff flagged a line in a handoff, or the customer rated the conversation
1 or 2 (then only the lines it was unsure of, each once). Rasa's own events carry the prediction, so
nothing is parsed twice. Repeated texts are one group; an admin labels a group with an intent
(``bot.training.labelled_data`` writes the example) or dismisses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.cases.transcripts import text_of
from bot.db.models import InboxMessage, TranscriptLine
from bot.errors import BadLabel
from bot.privacy.redaction import redact
from bot.training.labelled_data import Written, add_example, fold

SOURCES = ("unsure", "fallback", "flagged", "low_rating")
PERSONAL_SLOTS = ("customer_name", "contact", "case_verification", "data_request_details")
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Said:
    """One customer message as Rasa understood it; ``answering`` is the form question it answered, if any."""

    text: str
    intent: str | None
    confidence: float | None
    answering: str | None


@dataclass(frozen=True)
class InboxGroup:
    """Every open inbox message with the same (folded) text."""

    key: str
    text: str
    count: int
    sources: tuple[str, ...]
    predicted_intent: str | None
    confidence: float | None
    conversations: tuple[str, ...]
    last_at: dt.datetime


def customer_messages(events: Iterable[Mapping[str, Any]], start: int = 0) -> list[Said]:
    """The customer's messages among Rasa ``events`` (as dicts) from index ``start`` on.

    Button payloads ("/affirm"), the gateway's external events and answers to a form's question
    (names, phone numbers, descriptions: not misunderstandings) are marked or left out.
    """
    loop: str | None = None
    asking: str | None = None
    found = []
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind == "active_loop":
            loop = event.get("name")
            asking = None if loop is None else asking
        elif kind == "slot" and event.get("name") == "requested_slot":
            asking = event.get("value")
        elif kind == "user" and index >= start:
            text = event.get("text") or ""
            intent = (event.get("parse_data") or {}).get("intent") or {}
            name = intent.get("name")
            if not text.strip() or text.startswith("/") or str(name or "").startswith("EXTERNAL_"):
                continue
            confidence = intent.get("confidence")
            found.append(Said(text, name, None if confidence is None else float(confidence),
                              asking if loop else None))  # fmt: skip
    return found


def known_values(slots: Mapping[str, Any]) -> list[str]:
    """The personal data a customer typed into forms, to be redacted wherever it appears again."""
    return [str(slots[name]) for name in PERSONAL_SLOTS if slots.get(name)]


def is_unsure(said: Said, below: float) -> bool:
    """Whether the assistant was unsure of a message that was not a form answer."""
    if said.answering is not None:
        return False
    return said.intent == FALLBACK or said.confidence is None or said.confidence < below


def capture(
    session: Session, said: Said, source: str, conversation_id: str, now: dt.datetime, known: Iterable[str] = ()
) -> InboxMessage:
    """Keep ``said`` (redacted) in the inbox."""
    if source not in SOURCES:
        raise ValueError(f"unknown inbox source {source!r}")
    text = redact(said.text, known)[:1000]
    message = InboxMessage(text=text, group_key=fold(text)[:200], source=source, predicted_intent=said.intent,
                           confidence=said.confidence, conversation_id=conversation_id, at=now)  # fmt: skip
    session.add(message)
    session.flush()
    return message


def capture_unsure(
    session: Session, said: list[Said], conversation_id: str, below: float, now: dt.datetime, known: Iterable[str]
) -> int:
    """Keep the messages the assistant was unsure of; returns how many."""
    unsure = [s for s in said if is_unsure(s, below)]
    for s in unsure:
        capture(session, s, "fallback" if s.intent == FALLBACK else "unsure", conversation_id, now, known)
    return len(unsure)


def capture_low_rating(
    session: Session, score: int, said: list[Said], conversation_id: str, now: dt.datetime, known: Iterable[str],
    *, below: float,
) -> int:  # fmt: skip
    """A conversation rated 1 or 2: the lines the assistant was unsure of go to the inbox; returns how many were added.

    Unsure: a confidence under ``below`` (the policy's ``training.inbox_below``), or the fallback. Not every
    line: a greeting, or a question the assistant understood, teaches it nothing. The lines staff flagged are in
    the inbox already, and so are the unsure ones kept when they were said: a line already in the inbox from this
    conversation (open or decided since) is not added twice, so what the rating adds is an unsure line that was
    not kept then (the threshold was lower, or the capture failed).
    """
    if score > 2:
        return 0
    already = set(session.scalars(select(InboxMessage.group_key)
                                  .where(InboxMessage.conversation_id == conversation_id)).all())  # fmt: skip
    added = 0
    for s in said:
        key = fold(redact(s.text, known))[:200]
        if key in already or not is_unsure(s, below):
            continue
        capture(session, s, "low_rating", conversation_id, now, known)
        already.add(key)
        added += 1
    return added


def flag_line(session: Session, line_id: int, conversation_id: str, prediction: Said | None, now: dt.datetime) -> None:
    """A member of staff marked a customer line of a handoff as misunderstood by the assistant.

    Raises:
        BadLabel: the line is not a customer line of that conversation.
    """
    line = session.get(TranscriptLine, line_id)
    if line is None or line.conversation_id != conversation_id or line.author != "customer":
        raise BadLabel("Only a customer's line of this conversation can be flagged.")
    said = Said(text_of(session, line), prediction.intent if prediction else None,
                prediction.confidence if prediction else None, None)  # fmt: skip
    capture(session, said, "flagged", conversation_id, now)


def open_groups(session: Session, limit: int = 200) -> list[InboxGroup]:
    """The open inbox, one group per text, most frequent first."""
    rows = session.scalars(
        select(InboxMessage).where(InboxMessage.status == "open").order_by(InboxMessage.at.desc())
    ).all()
    groups: dict[str, list[InboxMessage]] = {}
    for row in rows:
        groups.setdefault(row.group_key, []).append(row)
    result = [
        InboxGroup(key, members[0].text, len(members), tuple(sorted({m.source for m in members})),
                   members[0].predicted_intent, members[0].confidence,
                   tuple(dict.fromkeys(m.conversation_id for m in members)), members[0].at)
        for key, members in groups.items()
    ]  # fmt: skip
    result.sort(key=lambda g: (-g.count, -g.last_at.timestamp()))
    return result[:limit]


def open_count(session: Session) -> int:
    """How many messages wait in the inbox."""
    return int(session.scalar(select(func.count()).where(InboxMessage.status == "open")) or 0)


def _decide(session: Session, key: str, status: str, intent: str | None, by: str, now: dt.datetime) -> int:
    result = session.execute(
        update(InboxMessage).where(InboxMessage.group_key == key, InboxMessage.status == "open")
        .values(status=status, labelled_intent=intent, decided_by=by, decided_at=now)
    )  # fmt: skip
    return int(result.rowcount or 0)


def dismiss(session: Session, key: str, by: str, now: dt.datetime) -> int:
    """Nothing to learn from these messages; returns how many were dismissed.

    Raises:
        BadLabel: nothing open has that text.
    """
    count = _decide(session, key, "dismissed", None, by, now)
    if not count:
        raise BadLabel("Nothing in the inbox has that text any more; it was labelled or dismissed already.")
    return count


def label(
    session: Session, key: str, intent: str, text: str, by: str, now: dt.datetime, *,
    data_dir: Path, domain_path: Path, held_out: Path | None, new_intent: bool = False,
) -> Written:  # fmt: skip
    """Write ``text`` (the group's text, as the admin edited it) as an example of ``intent`` and close the group.

    Raises:
        BadLabel: nothing open has that key, or ``bot.training.labelled_data.add_example`` refused the example.
    """
    if not session.scalar(select(func.count()).where(InboxMessage.group_key == key, InboxMessage.status == "open")):
        raise BadLabel("Nothing in the inbox has that text any more; it was labelled or dismissed already.")
    written = add_example(data_dir, domain_path, intent, text, new_intent=new_intent, held_out=held_out)
    _decide(session, key, "labelled", written.intent, by, now)
    return written
