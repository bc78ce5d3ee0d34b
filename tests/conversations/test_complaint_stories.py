"""The complaint form listens, over the real Rasa and action servers: the customer's story fills the form, a place
that is not a branch is told, "the full price" is the price paid, a complaint told as a story is a complaint
whatever its topic words, and bye keeps the draft until the customer comes back to it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from bot.context import Context
from bot.db.models import Case
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers
REFERENCE = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")


def case_of(ctx: Context, chat: Chat) -> Case | None:
    with ctx.sessions() as s:
        return s.scalars(select(Case).where(Case.conversation_id == chat.sender)).one_or_none()


def agree_and_introduce(chat: Chat, first: str, phone: str) -> str:
    """The story, yes to the collection statement, name and phone in one answer; the next question.

    Each test gives its own phone: the policy raises a repeat complainant's case, and the servers are shared.
    """
    assert "Do you agree?" in chat.say(first)
    assert "What is your name, and a phone number" in chat.say("yes, I agree")
    return chat.say(f"Chan Tai Man, {phone}")


def test_the_story_of_the_issue_is_heard(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    confirm = agree_and_introduce(chat, "The clasp of my 18K gold bracelet broke after one week", "6101 2001")
    assert "It sounds like a complaint about product quality or defect. Is that right?" in confirm
    assert "When did it happen?" in chat.say("yes that's correct")  # product and what happened are not asked
    place = chat.say("last saturday at the causeway bay branch")
    assert "We don't have a shop in Causeway Bay." in place and "Mong Kok" in place
    assert "What would put this right" in chat.say("Mong Kok")
    summary = chat.say("I want a replacement")
    assert "Product: 18K gold bracelet" in summary and "Where: Mong Kok" in summary
    assert "What happened: The clasp of my 18K gold bracelet broke after one week" in summary
    assert REFERENCE.search(chat.say("yes"))
    case = case_of(stack_context, chat)
    assert case is not None
    today = stack_context.today()
    saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7 or 7)
    assert (case.category, case.product, case.incident_date, case.incident_place, case.desired_outcome) == (
        "product",
        "18K gold bracelet",
        saturday,
        "mong_kok",
        "replacement",
    )


def test_a_story_about_a_certificate_is_a_complaint_not_the_certificate_answer(
    stack: Stack, stack_context: Context
) -> None:
    chat = Chat(stack)
    story = (
        "The diamond ring I bought on 3 November in Central has a GIA certificate that does not match the stone. "
        "I want compensation of HK$5000"
    )
    confirm = agree_and_introduce(chat, story, "6101 2002")
    assert "product quality or defect" in confirm
    summary = chat.say("yes")  # everything else was in the story
    assert "Where: Central" in summary and "You would like: compensation, HK$5,000" in summary
    assert REFERENCE.search(chat.say("yes"))
    case = case_of(stack_context, chat)
    assert case is not None and (case.product, case.claim_amount_hkd) == ("diamond ring", 5000)


def test_the_full_price_of_an_order_is_its_total(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    story = "I ordered a watch online, order 10023, it arrived yesterday with a scratched glass. I want my money back"
    agree_and_introduce(chat, story, "6101 2003")
    assert "How much are you asking for" in chat.say("yes")
    summary = chat.say("the full price")
    assert "Where: online, order 10023" in summary and "You would like: refund, HK$3,980" in summary


def test_bye_keeps_the_draft_and_the_customer_can_finish_later(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    agree_and_introduce(chat, "the staff at TST were so rude to me yesterday, i want an apology", "6101 2004")
    paused = chat.say("bye")
    assert "Nothing has been sent" in paused and chat.buttons() == ["Continue my complaint", "Cancel"]
    assert case_of(stack_context, chat) is None
    assert "Omega" in chat.say("do you have Omega watches?")  # the assistant carries on
    back = chat.say("continue my complaint")
    assert "staff service" in back.lower() and "Is that right?" in back  # where it stopped, nothing asked twice
    assert "Which product" in chat.say("yes")  # the only thing the story did not say
    summary = chat.say("none")
    assert "Name: Chan Tai Man" in summary and "Where: Tsim Sha Tsui" in summary
    assert REFERENCE.search(chat.say("yes"))


def test_answers_not_understood_twice_get_buttons_or_a_person(stack: Stack) -> None:
    chat = Chat(stack)
    agree_and_introduce(chat, "I want to make a complaint", "6101 2005")
    chat.say("Staff service")
    chat.say("none")
    assert "When did it happen?" in chat.say("hmm")
    offer = chat.say("dunno")
    assert "When did it happen?" not in offer and "Talk to a person" in chat.buttons()


def test_a_chinese_story(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    assert "同意" in chat.say("上個禮拜六喺旺角買嘅18K金手鏈條扣甩咗，我想換過條新嘅")
    chat.say("我同意")
    assert "聽起來是關於「貨品質素或瑕疵」的投訴，對嗎？" in chat.say("陳大文 61012006")
    summary = chat.say("係")
    assert "貨品：18K金手鏈" in summary and "地點：旺角" in summary and "你希望：更換" in summary
    assert REFERENCE.search(chat.say("確認"))
    case = case_of(stack_context, chat)
    assert case is not None and (case.incident_place, case.desired_outcome) == ("mong_kok", "replacement")
