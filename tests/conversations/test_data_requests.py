"""Personal data requests in the chat, through the real Rasa and action servers: what the customer wants first,
the collection statement before any personal data, a case of its own, an opt-out at once, help after declining."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from bot.cases.intake import Contact
from bot.context import Context
from bot.db.models import Case, Consent
from bot.privacy.data_requests import may_send_marketing
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers
REFERENCE = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")


def cases_of(ctx: Context, conversation: str) -> list[Case]:
    with ctx.sessions() as s:
        return list(s.scalars(select(Case).where(Case.conversation_id == conversation)).all())


def test_an_access_request_becomes_a_case_for_the_data_protection_officer(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    reply = chat.say("I want a copy of all the personal data you hold about me")
    assert "Do you agree?" in reply and "Data Protection Officer" in reply  # the statement comes first
    assert "What is your name" in chat.say("yes, I agree")
    assert "phone number" in chat.say("Lam Siu Ming")
    done = chat.say("lam.siuming@example.com")
    reference = REFERENCE.search(done)
    assert reference, done
    assert "a copy of the personal data we hold about you" in done and "within the 40 days" in done
    [case] = cases_of(stack_context, chat.sender)
    assert (case.reference, case.category, case.desired_outcome, case.assigned_role) == (
        reference.group(0), "privacy", "data_access", "data_protection_officer"
    )  # fmt: skip
    assert stack_context.vault.decrypt(case.contact_encrypted) == "lam.siuming@example.com"
    with stack_context.sessions() as s:
        assert s.scalar(select(Consent.accepted).where(Consent.conversation_id == chat.sender)) is True


def test_the_kind_is_asked_when_the_customer_does_not_say_and_a_correction_asks_what(
    stack: Stack, stack_context: Context
) -> None:
    chat = Chat(stack)
    reply = chat.say("I want to make a personal data request")
    assert "What would you like us to do with your personal data?" in reply, reply
    assert chat.buttons() == ["A copy of my data", "Correct my data", "Delete my data", "Stop marketing"]
    assert "Do you agree?" in chat.say("I want to correct my data")
    chat.say("yes, I agree")
    chat.say("Lam Siu Ming")
    assert "what should it say instead" in chat.say("9876 5432")
    done = chat.say("My surname is spelt Lum, not Lam")
    assert REFERENCE.search(done), done
    [case] = cases_of(stack_context, chat.sender)
    assert case.desired_outcome == "data_correction"
    assert stack_context.vault.decrypt(case.description_encrypted) == "My surname is spelt Lum, not Lam"


def test_an_opt_out_of_marketing_takes_effect_at_once(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    assert "Do you agree?" in chat.say("please stop sending me marketing sms")
    chat.say("yes, I agree")
    chat.say("Lam Siu Ming")
    done = chat.say("6543 2109")
    assert "we will not send direct marketing to 65432109" in done, done
    with stack_context.sessions() as s:
        assert not may_send_marketing(s, stack_context.vault, Contact("phone", "65432109"))
    [case] = cases_of(stack_context, chat.sender)
    assert case.status == "resolved"


def test_declining_takes_no_data_and_still_helps(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    chat.say("delete my personal data")
    reply = chat.say("no, I don't agree")
    assert "I won't take any personal details" in reply and "privacy@" in reply
    assert cases_of(stack_context, chat.sender) == []
    assert "Mong Kok" in chat.say("what are your opening hours in Mong Kok?")  # help that needs no personal data
    with stack_context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Consent).where(Consent.conversation_id == chat.sender)) == 1
