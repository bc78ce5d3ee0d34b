"""Every enquiry type, asked of the real Rasa and action servers, answered from the shop's data."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import update

from bot.context import Context
from bot.db.models import Order
from bot.db.seed import DEMO_PHONE
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers
PRIVATE = ("ask_order_status", "ask_repair_status", "ask_refund_status", "request_order_change")


def next_sunday(ctx: Context) -> dt.date:
    today = ctx.today()
    return today + dt.timedelta(days=(6 - today.weekday()) % 7)


@pytest.mark.parametrize(
    ("message", "intent", "expected"),
    [
        ("how much to change a Seiko battery?", "ask_repair_service", "Watch battery replacement for a Seiko: HK$180"),
        ("where is order 10023", "ask_order_status", "Order 10023 (Seiko Presage Cocktail Time) has been dispatched"),
        (
            "is my repair R-2031 ready?",
            "ask_repair_status",
            "Repair job R-2031 (Omega Seamaster, full service) is ready",
        ),
        ("what's the gold price today?", "ask_gold_price", "999.9 gold: we sell at HK$39,850"),
        ("do you have any Omega watches in stock?", "ask_product_info", "Omega Seamaster Diver 300M"),
        ("does the diamond ring come with a GIA certificate?", "ask_certificate", "GIA grading report"),
        ("how long is the warranty on a watch?", "ask_warranty", "Watch: 24 months"),
        ("do you buy back old gold jewellery?", "ask_buyback", "We buy back gold at today's board price"),
        ("what is your return policy?", "ask_return_policy", "You can return an item within 7 days"),
        ("I want my money back for the necklace I bought last week", "request_refund", "refunds you"),
        ("where is my refund for order 10018?", "ask_refund_status", "Refund RF-5001 of HK$5,450"),
        ("I want to cancel order 10031", "request_order_change", "can still be cancelled free of charge"),
        ("do you deliver to Macau?", "ask_delivery_options", "Insured courier to Macau"),
        ("can I pay with Octopus?", "ask_payment_methods", "Octopus is accepted up to HK$3,000"),
        ("I lost my receipt, can I get a copy?", "ask_invoice", "copies of receipts"),
        ("how do I earn membership points?", "ask_membership", "Golden Harbour Club is free"),
        ("how do you use my personal data?", "ask_privacy", "never sell"),
        ("please delete all my personal data", "request_personal_data", "Data Protection Officer"),
        ("hello", "greet", "Hello and welcome to Golden Harbour"),
        ("am I talking to a bot?", "bot_challenge", "virtual assistant"),
        ("what can you do?", "ask_capabilities", "I can tell you about our branches"),
        ("thanks a lot", "thank", "You're welcome"),
        ("bye", "goodbye", "Goodbye"),
    ],
)
def test_each_enquiry_is_understood_and_answered(stack: Stack, message: str, intent: str, expected: str) -> None:
    chat = Chat(stack)
    reply = chat.say(message)
    assert chat.last_intent() == intent
    if intent in PRIVATE:  # an order, repair job or refund is told only to whoever proves the phone given with it
        assert "last 4 digits of the phone number" in reply and expected not in reply
        reply = chat.say(DEMO_PHONE[-4:])
    assert expected in reply


def test_sunday_hours_in_mong_kok_come_from_the_policy(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    reply = chat.say("are you open on Sunday in Mong Kok?")
    sunday = next_sunday(stack_context)
    expected = "11:00 to 21:00" if stack_context.policy.holiday_on(sunday) else "11:00 to 22:00"
    assert f"Mong Kok is open {expected}" in reply
    assert "688 Nathan Road" in reply


def test_changed_data_changes_the_answer_without_retraining(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    assert "last 4 digits" in chat.say("where is my order 10023?")
    assert "has been dispatched" in chat.say(f"it's {DEMO_PHONE[-4:]}")
    with stack_context.sessions() as s, s.begin():
        s.execute(
            update(Order).where(Order.number == "10023").values(status="delivered", delivered_on=stack_context.today())
        )
    # Proved once: the same chat may ask again within the hour.
    assert "Order 10023 (Seiko Presage Cocktail Time) was delivered" in chat.say("where is my order 10023?")

    path = stack.settings.policy_path
    original = path.read_text()
    try:
        path.write_text(original.replace('sun: "11:00-22:00"', 'sun: "12:30-19:30"'))
        os.utime(path, (1, 1))
        assert "Mong Kok is open 12:30 to 19:30" in chat.say("are you open on Sunday in Mong Kok?")
    finally:
        path.write_text(original)


def test_a_missing_number_is_asked_for_and_the_answer_continues(stack: Stack) -> None:
    chat = Chat(stack)
    assert "what is the order number" in chat.say("where is my order?").lower()
    assert "last 4 digits of the phone number given with order 10021" in chat.say("10021")
    assert "Order 10021" in chat.say(DEMO_PHONE[-4:])
    assert "repair job number" in chat.say("is my watch repair finished?")
    assert "repair job R-2052" in chat.say("R-2052")
    assert "R-2052" in chat.say(DEMO_PHONE) and "HK$2,600" in chat.last[0]["text"]
