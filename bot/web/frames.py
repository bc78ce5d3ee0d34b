"""Websocket frames between the chat widget and the gateway (JSON objects with a ``type``)."""

from __future__ import annotations

from typing import Literal, TypedDict

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


class WelcomeFrame(TypedDict):
    """Answer to ``hello``: the conversation to keep in the browser, and what was said so far."""

    type: Literal["welcome"]
    conversation_id: str
    history: list[LineFrame]


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


class QueueFrame(TypedDict):
    """The staff console's queues, sent whenever they change."""

    type: Literal["queue"]
    waiting: list[dict[str, object]]
    mine: list[dict[str, object]]


# From the staff console: {"type": "watch", "conversation_id": str}, {"type": "say", "conversation_id": str,
# "text": str, "csrf": str} and {"type": "heartbeat"}.
# From the widget: {"type": "hello", "conversation_id": str | null} and {"type": "message", "text": str}.
