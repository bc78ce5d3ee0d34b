"""A long conversation through the real Rasa server: its session starts afresh between turns, so Rasa reads a short
session at every message, and the conversation carries on as it was (answers, a form, a status check)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from bot.rasa.stack import Stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers
ENQUIRIES = [("are you open on Sunday in Mong Kok?", "Mong Kok"), ("how much to change a Seiko battery?", "Seiko"),
             ("what is the gold price today?", "gold"), ("where is order 10023?", "10023")]  # fmt: skip


def stored(stack: Stack, sender: str) -> list[str]:
    engine = create_engine(stack.settings.tracker_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
        kinds = [row[0] for row in rows]
    engine.dispose()
    return kinds


def test_a_long_conversation_rolls_over_into_short_sessions_and_carries_on(stack: Stack) -> None:
    chat = Chat(stack)
    for n in range(24):
        question, expected = ENQUIRIES[n % len(ENQUIRIES)]
        assert expected.lower() in chat.say(question).lower(), (n, chat.last)
    kinds = stored(stack, chat.sender)
    assert kinds.count("session_started") >= 2  # rolled over at least once
    latest = len(kinds) - max(i for i, kind in enumerate(kinds) if kind == "session_started")
    assert latest < stack.settings.session_events + 10  # what Rasa reads for the next message stays short
    assert "Do you agree?" in chat.say("I want to make a complaint")  # a form starts and goes on as usual
    assert "What is your name" in chat.say("yes, I agree")
    assert "nothing has been saved" in chat.say("cancel")
    assert "Mong Kok" in chat.say("are you open on Sunday in Mong Kok?")
