"""Finding 2 (medium): orders, repair jobs and refunds were described to anyone who named their number, a miss
said so (numbers could be enumerated), nothing counted failures, and the case look-up's limit per reference let a
stranger lock its owner out. Performed through the real gateway, Rasa and action servers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import delete

from bot.context import Context
from bot.db.models import LookupAttempt
from bot.db.seed import DEMO_PHONE
from bot.rasa.stack import Stack
from bot.web.app import create_app
from tests.conversations.chat import Chat
from tests.web.console import next_frame

pytestmark = pytest.mark.servers
Client = Callable[..., Awaitable[TestClient]]
RIGHT, WRONG = DEMO_PHONE[-4:], "0000"


@pytest.fixture
def clean_attempts(stack_context: Context) -> Iterator[None]:
    """The attempts these tests make would throttle other tests of the session: removed afterwards."""
    yield
    with stack_context.sessions() as s, s.begin():
        s.execute(delete(LookupAttempt))


class Customer:
    """A customer chatting through the gateway, from one network address."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket

    async def say(self, text: str) -> str:
        await self.socket.send_json({"type": "message", "text": text})
        said = []
        while True:  # the answer is complete when "typing off" follows its lines
            frame = await self.socket.receive_json(timeout=60)
            if frame["type"] == "line" and frame["author"] == "assistant":
                said.append(frame["text"])
            elif frame["type"] == "typing" and not frame["on"] and said:
                return "\n".join(said)


@asynccontextmanager
async def customer(client: TestClient, address: str = "127.0.0.1") -> AsyncIterator[Customer]:
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.ws_connect(client.make_url("/chat")) as socket:
            await socket.send_json({"type": "hello", "conversation_id": None})
            await next_frame(socket, "welcome")
            yield Customer(socket)


def shape(text: str) -> str:
    """The reply with its numbers taken out: what a guesser can compare."""
    return re.sub(r"\b(R-|RF-)?\d{4,5}\b", "#", text)


async def test_nothing_is_told_before_the_proof_and_a_missing_number_reads_as_a_wrong_proof(
    aiohttp_client: Client, stack: Stack, stack_context: Context, clean_attempts: None
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with customer(client) as real, customer(client) as guesser:
        asked = await real.say("where is my order 10023")
        assert "last 4 digits" in asked and "Seiko" not in asked and "SF14" not in asked
        missing = await guesser.say("where is my order 10024")
        assert shape(missing) == shape(asked)  # the same question whether the order exists or not
        wrong, unknown = await real.say(WRONG), await guesser.say(WRONG)
        assert "don't match" in wrong and shape(unknown) == shape(wrong)
        assert "Seiko" in await real.say(RIGHT)
        assert "don't match" in await guesser.say(RIGHT)
        for question, secret in (("what about repair R-2052?", "2,600"), ("where is refund RF-5001", "5,450"),
                                 ("I want to cancel order 10031", "cancelled free")):  # fmt: skip
            reply = await guesser.say(question)
            assert "last 4 digits" in reply and secret not in reply


async def test_failures_are_counted_per_conversation_and_per_address(
    aiohttp_client: Client, stack: Stack, stack_context: Context, clean_attempts: None
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with customer(client, "127.0.0.2") as guesser:
        await guesser.say("where is my order 10027")
        for _ in range(5):
            assert "don't match" in await guesser.say(WRONG)
        assert "too many unsuccessful attempts" in await guesser.say(RIGHT)  # even the right digits now
    for _ in range(3):  # new conversations from the same address: 15 more failures, 20 in all
        async with customer(client, "127.0.0.2") as again:
            await again.say("where is my order 10027")
            for _ in range(5):
                await again.say(WRONG)
    async with customer(client, "127.0.0.2") as fresh:
        await fresh.say("where is my order 10027")
        assert "too many unsuccessful attempts" in await fresh.say(RIGHT)
    async with customer(client, "127.0.0.3") as elsewhere:  # another network: not held up by the guesser
        await elsewhere.say("where is my order 10027")
        assert "Sterling silver charm bracelet" in await elsewhere.say(DEMO_PHONE)


def test_a_stranger_guessing_a_number_does_not_lock_its_owner_out(stack: Stack, clean_attempts: None) -> None:
    for n in range(5):  # five strangers, one wrong guess each
        stranger = Chat(stack)
        stranger.say("is my repair R-2044 ready?")
        assert "don't match" in stranger.say(f"{n:04d}")
    owner = Chat(stack)
    owner.say("is my repair R-2044 ready?")
    assert "don't match" in owner.say(RIGHT)  # guessed at today: the last 4 digits are no longer enough ...
    assert "18K gold necklace" in owner.say(DEMO_PHONE)  # ... the whole number still is
