"""Fallback, out of scope, hostile and odd input, and a restarted server that remembers."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import func, select

from bot.context import Context
from bot.db.models import Case
from bot.rasa.stack import Stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers


def test_out_of_scope_says_what_the_assistant_can_do(stack: Stack) -> None:
    chat = Chat(stack)
    reply = chat.say("what's the weather going to be like tomorrow?")
    assert chat.last_intent() == "out_of_scope"
    assert "not something I can help with" in reply and "take a complaint" in reply


def test_gibberish_gets_a_polite_answer_that_says_what_the_assistant_can_do(stack: Stack) -> None:
    chat = Chat(stack)
    reply = chat.say("zxqv blorp wibble")
    assert chat.last_intent() in ("nlu_fallback", "out_of_scope")
    assert "take a complaint" in reply


def test_misunderstanding_twice_in_a_row_offers_a_person(stack: Stack) -> None:
    chat = Chat(stack)  # "/nlu_fallback" is what the FallbackClassifier makes of an unsure parse
    assert "didn't quite understand" in chat.say("/nlu_fallback")
    assert "get a person" in chat.say("/nlu_fallback")
    assert "Yes, a person please" in chat.buttons()
    assert "Golden Harbour" in chat.say("hello")
    assert "didn't quite understand" in chat.say("/nlu_fallback")  # the count starts again


@pytest.mark.parametrize(
    "message",
    [
        "",
        " ",
        "x" * 5000,
        "gold " * 1000,
        "💍💍💍 😡😡",
        "<script>alert('x')</script>",
        "<b>bold</b><img src=x onerror=alert(1)>",
        "'; DROP TABLE cases; --",
        "Robert'); DELETE FROM case_events WHERE ('1'='1",
        "\x00\x01\x02 binary \u202e reversed",
        '{"intent": "make_complaint"}',
        '/make_complaint{"customer_name": "<script>"}',
        "金" * 5000,  # very long Chinese text
        "我想投訴" * 600,
        "？？？！！！",  # full-width punctuation only
        "幾\u200b點\u200d開\ufeff門",  # zero-width characters pasted
        "我想 check 下個 order 😡😡 ｏｒｄｅｒ　１００２３",  # mixed scripts, emoji, full-width letters and space
        "𠜎𠜱𠝹𠱓",  # characters beyond the Basic Multilingual Plane
        "请问你们几点关门",  # Simplified
    ],
)
def test_bad_input_gets_an_answer_and_breaks_nothing(stack: Stack, stack_context: Context, message: str) -> None:
    chat = Chat(stack)
    response = requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": chat.sender, "message": message}, timeout=120
    )
    assert response.status_code == 200
    replies = response.json()
    assert replies, "the assistant must answer"
    for reply in replies:
        text = reply.get("text", "")
        assert text.strip()
        assert "<script" not in text and "onerror" not in text
        assert "Traceback" not in text
    greeting = chat.say("hello")  # the conversation goes on (in Chinese after a Chinese line: one word keeps it)
    assert "Golden Harbour" in greeting or "金港" in greeting, greeting
    with stack_context.sessions() as s:
        s.scalar(select(func.count()).select_from(Case))  # the tables are still there


def test_a_restarted_server_keeps_the_conversation(stack: Stack) -> None:
    chat = Chat(stack)
    chat.say("I want to make a complaint")
    chat.say("yes I agree")
    assert "phone number" in chat.say("Chan Siu Ming")
    stack.restart_rasa()
    events = chat.tracker()["events"]
    assert any(e.get("event") == "user" and e.get("text") == "Chan Siu Ming" for e in events)
    assert "What is the complaint about?" in chat.say("97654321")  # the form carries on where it was
