"""After a person hands the chat back, the assistant asks for a rating and keeps it."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.cases.handoff import accept, hand_back, request_handoff
from bot.context import Context
from bot.db.models import Case, HandoffRequest, Rating
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat
from tests.staffing import lodge, staff


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


def test_a_low_rating_is_met_with_an_apology_an_offer_and_a_follow_up_on_the_case(
    stack: Stack, stack_context: Context
) -> None:
    chat = Chat(stack)
    reference = lodge(stack_context, chat.sender, now=stack_context.now(), phone="61112222")
    mei = staff(
        stack_context, f"mei-{chat.sender}", "store_manager", online=False, now=stack_context.now()
    )  # see test_cantonese
    with stack_context.sessions() as s, s.begin():
        request_handoff(s, chat.sender, "customer asked for a person", policy=stack_context.policy,
                        now=stack_context.now())  # fmt: skip
        handoff_id = s.scalars(select(HandoffRequest.id).where(HandoffRequest.conversation_id == chat.sender)).one()
        accept(s, handoff_id, mei, policy=stack_context.policy, now=stack_context.now())
        hand_back(s, chat.sender, mei, policy=stack_context.policy, now=stack_context.now())
    chat.say("/EXTERNAL_handed_back")
    chat.say("2")
    reply = chat.say("nobody answered my question about the clasp")
    assert reply.startswith("I'm sorry we didn't get it right this time.")
    assert chat.buttons() == ["Talk to a person", "Call me back", "No, thanks"]
    with stack_context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert case.events[-1].kind == "follow_up_needed"
        assert json.loads(case.events[-1].detail) == {
            "why": "the customer rated the service 2 of 5",
            "comment": "nobody answered my question about the clasp",
        }
    assert "Of course." in chat.say("please call me back")  # the offer taken: queued again for a person
    with stack_context.sessions() as s:
        waiting = s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == chat.sender,
                                                         HandoffRequest.status == "waiting")).one()  # fmt: skip
        assert waiting.case_id == case.id


def test_a_good_rating_is_only_thanked(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    chat.say("/EXTERNAL_handed_back")
    chat.say("4")
    assert chat.say("fine") == "Thank you for rating our service. Is there anything else I can help with?"
    assert chat.buttons() == []
