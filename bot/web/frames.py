"""Websocket frames between the chat widget and the gateway (JSON objects with a ``type``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from bot.cases.intake import clean_text

MAX_TEXT = 2000


class Button(TypedDict):
    """A quick reply: the widget shows ``title`` and sends ``payload``."""

    title: str
    payload: str


class LineFrame(TypedDict):
    """One transcript line, sent as it happens or as history."""

    type: Literal["line"]
    id: int
    author: str  # customer, assistant, staff
    name: str  # who on the staff said it ("Mei Chan (Customer Service Supervisor)"), else empty
    text: str
    buttons: list[Button]
    at: str  # when it was said: ISO 8601 in UTC, shown in the shop's time zone


class WelcomeFrame(TypedDict, total=False):
    """Answer to ``hello``: the conversation to keep in the browser, and what was said so far.

    ``resume`` (a new chat only): the secret to send with ``hello`` to resume it; kept by the browser only.
    ``shop`` names the shop in the widget's title bar; ``zone`` is the time zone its times are shown in.
    """

    type: Literal["welcome"]
    conversation_id: str
    history: list[LineFrame]
    resume: str
    shop: str
    zone: str


class TypingFrame(TypedDict):
    """The assistant is working on an answer (``on``), or has shown all of it (off comes after its lines)."""

    type: Literal["typing"]
    on: bool


class ErrorFrame(TypedDict):
    """A message the widget shows when a frame could not be taken."""

    type: Literal["error"]
    text: str


class StaffJoinedFrame(TypedDict):
    """A person took the chat over (``on``) or handed it back to the assistant."""

    type: Literal["staff"]
    on: bool
    name: str


class WatchEndedFrame(TypedDict):
    """To a console: the conversation it watched has left the queues it may see; no more of its lines come."""

    type: Literal["watch_ended"]
    conversation_id: str
    text: str


class QueueFrame(TypedDict):
    """The staff console's queues, sent whenever they change."""

    type: Literal["queue"]
    waiting: list[dict[str, object]]
    mine: list[dict[str, object]]


class BadFrame(ValueError):
    """An incoming frame that cannot be taken; ``str(exc)`` is the error frame's text for the sender."""


@dataclass(frozen=True)
class Hello:
    """From the widget: start a chat, or resume ``conversation_id`` with the secret the gateway issued for it."""

    conversation_id: str | None
    resume: str | None = None


@dataclass(frozen=True)
class End:
    """From the widget: the customer ended the chat; it can no longer be resumed."""


@dataclass(frozen=True)
class Open:
    """From the widget: the customer opened the chat panel (a conversation with no lines yet is greeted)."""


@dataclass(frozen=True)
class Message:
    """From the widget: what the customer typed, cleaned, 1 to ``MAX_TEXT`` characters."""

    text: str


@dataclass(frozen=True)
class Heartbeat:
    """From the console: the page is still open."""


@dataclass(frozen=True)
class Watch:
    """From the console: show the lines of ``conversation_id`` live."""

    conversation_id: str


@dataclass(frozen=True)
class Say:
    """From the console: a reply to the watched chat, with the session's CSRF token."""

    text: str
    csrf: str


def _object(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, or nested too deep for the parser
        raise BadFrame("That message could not be read.") from None
    if not isinstance(data, dict):
        raise BadFrame("That message could not be read.")
    return data


def _text(data: dict[str, Any], empty: str) -> str:
    raw = data.get("text")
    text = clean_text(raw if isinstance(raw, str) else "", limit=MAX_TEXT + 1)
    if not text:
        raise BadFrame(empty)
    if len(text) > MAX_TEXT:
        raise BadFrame(f"That message is too long: {MAX_TEXT:,} characters at most, please.")
    return text


def reply_text(raw: str) -> str:
    """A staff member's reply, cleaned (raises ``BadFrame`` when empty or too long)."""
    return _text({"text": raw}, f"A reply has 1 to {MAX_TEXT:,} characters.")


def customer_frame(raw: str) -> Hello | Message | Open | End:
    """A frame from the widget: ``hello`` (``conversation_id``, ``resume``), ``message`` (``text``), ``open``, ``end``.

    Raises:
        BadFrame: not one of these, or a message that is empty or too long.
    """
    data = _object(raw)
    if data.get("type") == "hello":
        asked, resume = data.get("conversation_id"), data.get("resume")
        return Hello(asked if isinstance(asked, str) else None, resume if isinstance(resume, str) else None)
    if data.get("type") == "end":
        return End()
    if data.get("type") == "open":
        return Open()
    if data.get("type") == "message":
        return Message(_text(data, "Please type a message."))
    raise BadFrame("That message could not be read.")


def console_frame(raw: str) -> Heartbeat | Watch | Say:
    """A frame from a console page: ``heartbeat``, ``watch`` (``conversation_id``) or ``say`` (``text``, ``csrf``).

    Raises:
        BadFrame: not one of these, or a reply that is empty or too long.
    """
    data = _object(raw)
    kind = data.get("type")
    if kind == "heartbeat":
        return Heartbeat()
    if kind == "watch" and isinstance(data.get("conversation_id"), str):
        return Watch(data["conversation_id"])
    if kind == "say":
        csrf = data.get("csrf")
        return Say(_text(data, f"A reply has 1 to {MAX_TEXT:,} characters."), csrf if isinstance(csrf, str) else "")
    raise BadFrame("That frame could not be read.")
