"""Checking a case from the chat, and asking for a person."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.cases.intake import Contact
from bot.cases.service import Complaint, open_case, record_consent
from bot.context import Context
from bot.db.models import Case, HandoffRequest
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers


def make_case(ctx: Context, conversation: str) -> str:
    with ctx.sessions() as s, s.begin():
        record_consent(s, conversation, "2026-11", True)
        receipt = open_case(
            s,
            Complaint(
                "Amy Lee",
                Contact("phone", "98765432"),
                "delivery",
                "Tissot PRX",
                ctx.today(),
                "online",
                "10018",
                "The parcel arrived with a broken box.",
                "apology",
                None,
            ),
            intake_key=f"key-{conversation}",
            conversation_id=conversation,
            policy=ctx.policy,
            vault=ctx.vault,
            now=ctx.now(),
        )
    return receipt.reference


def test_the_status_is_told_with_the_right_reference_and_digits(stack: Stack, stack_context: Context) -> None:
    reference = make_case(stack_context, "earlier-chat-1")
    chat = Chat(stack)
    assert "case reference" in chat.say("what's the status of my complaint?")
    assert "last 4 digits" in chat.say(reference.lower().replace("-", " "))
    reply = chat.say("5432")
    assert f"Case {reference} is received and waiting to be acknowledged, with our Customer Service Officer" in reply
    assert "Last update: received on" in reply


def test_a_reference_in_the_question_is_used_at_once(stack: Stack, stack_context: Context) -> None:
    reference = make_case(stack_context, "earlier-chat-2")
    chat = Chat(stack)
    assert "last 4 digits" in chat.say(f"any update on my case {reference}?")
    assert f"Case {reference} is" in chat.say("5432")


@pytest.mark.parametrize("wrong", ["right-reference-wrong-digits", "unknown-reference"])
def test_a_wrong_pair_reveals_nothing(stack: Stack, stack_context: Context, wrong: str) -> None:
    reference = make_case(stack_context, f"earlier-{wrong}")
    chat = Chat(stack)
    chat.say("I want to check my case status")
    chat.say(reference if wrong == "right-reference-wrong-digits" else "CS-ZZZZ-ZZZZ")
    reply = chat.say("1111" if wrong == "right-reference-wrong-digits" else "5432")
    assert reply == (
        "Sorry, I couldn't find a case matching that reference and those details. "
        "Please check both and try again (you can also give the whole phone number), or ask for a person."
    )
    assert "Amy" not in reply and "delivery" not in reply


def test_asking_for_a_person_is_recorded(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    reply = chat.say("I want to talk to a real person")
    # Nobody of the staff is online in this stack: a promise to answer here instead of a wait.
    assert "Of course. Our Customer Service Officer team isn't available right now" in reply
    assert "a colleague will answer here by" in reply
    with stack_context.sessions() as s:
        handoff = s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == chat.sender)).one()
        assert (handoff.status, handoff.role, handoff.case_id) == ("waiting", "customer_service_officer", None)


def test_asking_for_a_person_after_a_complaint_goes_on_the_case(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    make_case(stack_context, chat.sender)
    chat.say("can I speak to someone please")
    with stack_context.sessions() as s:
        case = s.scalars(select(Case).where(Case.conversation_id == chat.sender)).one()
        assert [e.kind for e in case.events] == ["created", "handoff_requested"]
        assert case.events[-1].at > dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def test_asking_for_a_person_about_a_case_from_an_earlier_chat_queues_the_chat_on_it_once_proved(
    stack: Stack, stack_context: Context
) -> None:
    reference = make_case(stack_context, "earlier-chat-person")
    chat = Chat(stack)
    asked = chat.say(f"I'd like to speak to a person about my complaint {reference}")
    assert chat.last_intent() == "request_human"
    assert "I'll first check that it is yours" in asked and "last 4 digits" in asked
    with stack_context.sessions() as s:  # nothing queued, nothing linked, before the proof
        assert s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == chat.sender)).all() == []
    assert chat.say("5432").startswith("Thank you, that matches. ")
    with stack_context.sessions() as s:
        handoff = s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == chat.sender)).one()
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert (handoff.case_id, handoff.role) == (case.id, case.assigned_role)
        assert handoff.reason.endswith(f"{reference} of an earlier chat (they proved the contact on it)")
        assert [e.kind for e in case.events] == ["created", "handoff_requested"]


def test_a_case_reference_without_its_proof_gets_a_person_but_not_the_case(
    stack: Stack, stack_context: Context
) -> None:
    reference = make_case(stack_context, "earlier-chat-impostor")
    chat = Chat(stack)
    chat.say(f"can I talk to someone about case {reference}")
    reply = chat.say("1111")
    assert reply.startswith("Sorry, I couldn't match those details to the case.") and "Of course" not in reply
    assert reference not in reply
    with stack_context.sessions() as s:
        handoff = s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == chat.sender)).one()
        assert (handoff.case_id, handoff.role) == (None, stack_context.policy.routing.default_role)
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert [e.kind for e in case.events] == ["created"]  # the stranger left no trace on the case
