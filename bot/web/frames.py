"""Websocket frames between the chat widget and the gateway (JSON objects with a ``type``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from bot.cases.intake import clean_text
from bot.shop.bilingual import Say
from bot.shop.language import Language

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
    language: Language  # the conversation's language at this line: the widget's own labels follow it


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
    shop_zh: str  # the shop's name in Chinese, for the title bar of a chat in Chinese
    language: Language  # the conversation's language now: the widget's labels follow it
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
    """An incoming frame that cannot be taken; ``str(exc)`` is the error frame's text for the sender.

    ``said`` has it in both languages, for a customer (``in_``).
    """

    def __init__(self, said: Say, **fields: object) -> None:
        self.said, self.fields = said, fields
        super().__init__(said("en", **fields))

    def in_(self, language: Language) -> str:
        """The text in ``language``."""
        return self.said(language, **self.fields)


UNREADABLE = Say("That message could not be read.", "未能讀取這則訊息。")
EMPTY = Say("Please type a message.", "請輸入訊息。")
TOO_LONG = Say("That message is too long: {most:,} characters at most, please.",
               "訊息太長了：請不要超過{most:,}個字。")  # fmt: skip
REPLY_LENGTH = Say("A reply has 1 to {most:,} characters.", "回覆須有1至{most:,}個字。")


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
    """From the widget: the customer opened the chat panel (a conversation with no lines yet is greeted).

    ``language``: the one the customer's browser prefers, "zh" or "en", for the greeting.
    """

    language: Language = "en"


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
class Reply:
    """From the console: a reply to the watched chat, with the session's CSRF token."""

    text: str
    csrf: str


def _object(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, or nested too deep for the parser
        raise BadFrame(UNREADABLE) from None
    if not isinstance(data, dict):
        raise BadFrame(UNREADABLE)
    return data


def _text(data: dict[str, Any], empty: Say) -> str:
    raw = data.get("text")
    text = clean_text(raw if isinstance(raw, str) else "", limit=MAX_TEXT + 1)
    if not text:
        raise BadFrame(empty, most=MAX_TEXT)
    if len(text) > MAX_TEXT:
        raise BadFrame(TOO_LONG, most=MAX_TEXT)
    return text


def reply_text(raw: str) -> str:
    """A staff member's reply, cleaned (raises ``BadFrame`` when empty or too long)."""
    return _text({"text": raw}, REPLY_LENGTH)


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
        return Open("zh" if data.get("language") == "zh" else "en")
    if data.get("type") == "message":
        return Message(_text(data, EMPTY))
    raise BadFrame(UNREADABLE)


def console_frame(raw: str) -> Heartbeat | Watch | Reply:
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
        return Reply(_text(data, REPLY_LENGTH), csrf if isinstance(csrf, str) else "")
    raise BadFrame(UNREADABLE)
