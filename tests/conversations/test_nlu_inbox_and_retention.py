"""What the real Rasa server and action server put in the NLU inbox, and expired conversations leaving Rasa."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, select, text

from bot.context import Context
from bot.db.models import InboxMessage
from bot.privacy.retention import forget_conversations
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat
from tests.waiting import wait_until


def inbox_of(ctx: Context, conversation: str) -> list[InboxMessage]:
    with ctx.sessions() as s:
        return list(s.scalars(select(InboxMessage).where(InboxMessage.conversation_id == conversation)).all())


@contextmanager
def inbox_below(stack: Stack, confidence: float) -> Iterator[None]:
    """The stack's policy with ``training.inbox_below`` set (Rasa re-reads the policy when the file changes)."""
    path = stack.settings.policy_path
    original = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"inbox_below: [0-9.]+", f"inbox_below: {confidence}", original), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_message_rasa_is_unsure_of_lands_in_the_inbox_redacted(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    with inbox_below(stack, 0.995):  # the threshold set high, so that the test does not hang on one confidence
        chat.say("zorblat the quibbet, text me on 9123 4567")
        understood, confidence = chat.last_intent(), chat.tracker()["latest_message"]["intent"]["confidence"]
        assert confidence < 0.995
        kept = wait_until(lambda: inbox_of(stack_context, chat.sender), timeout=30, what="the inbox message")
        chat.say("/greet")  # a button's payload is not something the assistant misunderstood
    assert len(kept) == 1 and kept[0].predicted_intent == understood
    assert kept[0].text == "zorblat the quibbet, text me on [PHONE]"
    assert len(inbox_of(stack_context, chat.sender)) == 1


def test_a_poor_rating_sends_only_the_lines_the_assistant_was_unsure_of(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    chat.say("where are your shops")  # understood: not kept when said
    confidence = chat.tracker()["latest_message"]["intent"]["confidence"]
    assert 0.6 <= confidence < 1
    chat.say("/EXTERNAL_handed_back")
    # By the time of the rating the shop asks for more than the model's confidence: now it counts as unsure.
    with inbox_below(stack, round((confidence + 1) / 2, 6)):
        chat.say("2")
        assert chat.say("no").startswith("I'm sorry we didn't get it right")  # a low score: an apology
        kept = wait_until(lambda: [m for m in inbox_of(stack_context, chat.sender) if m.source == "low_rating"],
                          timeout=30, what="the low-rated conversation's unsure line in the inbox")  # fmt: skip
    assert [m.text for m in kept] == ["where are your shops"]  # the rating answers are not misunderstandings

    understood = Chat(stack)
    understood.say("where are your shops")
    understood.say("/EXTERNAL_handed_back")
    understood.say("1")
    assert understood.say("no").startswith("I'm sorry we didn't get it right")
    assert inbox_of(stack_context, understood.sender) == []  # nothing it was unsure of: nothing to learn


def test_expired_conversations_are_deleted_from_rasas_tracker_store(stack: Stack) -> None:
    old, recent = Chat(stack), Chat(stack)
    old.say("hello")
    recent.say("hello")
    engine = create_engine(stack.settings.tracker_url, future=True)
    long_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=200)).timestamp()
    with engine.begin() as connection:  # as if the old conversation had ended 200 days ago
        connection.execute(
            text("UPDATE events SET timestamp = :t WHERE sender_id = :s"), {"t": long_ago, "s": old.sender}
        )
    engine.dispose()
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=180)
    assert forget_conversations(stack.settings.tracker_url, before, dry_run=True) >= 1
    assert old.tracker()["events"]  # a dry run changes nothing
    assert forget_conversations(stack.settings.tracker_url, before) >= 1
    assert not [e for e in old.tracker()["events"] if e["event"] == "user"]
    assert [e for e in recent.tracker()["events"] if e["event"] == "user"]
