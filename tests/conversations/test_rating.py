"""After a person hands the chat back, the assistant asks for a rating and keeps it."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import Context
from bot.db.models import Rating
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat


def ratings_of(ctx: Context, conversation: str) -> list[tuple[int, str]]:
    with ctx.sessions() as s:
        return [(r.score, r.comment) for r in s.scalars(select(Rating).where(Rating.conversation_id == conversation))]


def test_a_rating_and_a_comment_are_stored(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    assert "How would you rate" in chat.say("/EXTERNAL_handed_back")
    assert chat.buttons() == ["5 - excellent", "4", "3", "2", "1 - poor"]
    assert "Please choose a score from 1 (poor) to 5" in chat.say("it was great")
    assert "Anything you'd like to tell us" in chat.say("4 stars")
    assert "Thank you for rating" in chat.say("Quick, but I had to explain twice")
    assert ratings_of(stack_context, chat.sender) == [(4, "Quick, but I had to explain twice")]


def test_no_comment_and_skipping_are_both_fine(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    chat.say("/EXTERNAL_handed_back")
    chat.say("5")
    chat.say("no")
    assert ratings_of(stack_context, chat.sender) == [(5, "")]
    other = Chat(stack)
    other.say("/EXTERNAL_handed_back")
    assert "anything else I can help with" in other.say("skip")
    assert ratings_of(stack_context, other.sender) == []
