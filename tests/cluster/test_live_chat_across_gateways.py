"""A customer on one gateway and a member of staff on another see each other's lines live (Redis pub/sub).

Two gateway applications on one database and one real Redis server, as two gateway processes behind the
balancer would be. The console's gateway re-reads queues only every minute here, so a queue alert that arrives
sooner came over the bus; a line said while Redis is down is shown once the gateways have resubscribed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.cases.handoff import request_handoff
from bot.context import Context
from bot.db.models import HandoffRequest
from bot.privacy import resume
from bot.web.app import create_app
from bot.web.keys import CONVERSATIONS
from tests.redis_server import RedisServer, redis_server
from tests.staffing import staff
from tests.web.console import csrf_of, next_frame, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: a person is in charge of this chat
CONVERSATION = "web-conversation-bbbbbbbbbbbbbbbb"


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


def on_redis(context: Context, server: RedisServer) -> Context:
    return dataclasses.replace(context, settings=dataclasses.replace(context.settings, redis_url=server.url))


async def line_saying(socket: Any, author: str, text: str) -> dict[str, Any]:
    """The line ``text`` by ``author``, skipping any other (a console may get a line twice: it places it once)."""
    while (frame := await next_frame(socket, "line", timeout=15))["author"] != author or frame["text"] != text:
        pass
    return frame


async def test_customer_and_staff_on_two_gateways_chat_live(aiohttp_client: Client, context: Context,
                                                            redis: RedisServer) -> None:  # fmt: skip
    staff(context, "mei", "supervisor", online=False)
    shared = on_redis(context, redis)
    customers = await aiohttp_client(create_app(shared, NOWHERE, push_every=60))
    consoles = await aiohttp_client(create_app(shared, NOWHERE, push_every=60))
    await sign_in(consoles, "mei")
    with context.sessions() as s, s.begin():
        secret = resume.issue(s, CONVERSATION, context.vault, 12, context.now())
    async with consoles.ws_connect("/staff/live") as console, customers.ws_connect("/chat") as customer:
        assert (await next_frame(console, "queue"))["waiting"] == []
        await customer.send_json({"type": "hello", "conversation_id": CONVERSATION, "resume": secret})
        await next_frame(customer, "welcome")

        # The customer's gateway queues the chat for a person; the console on the other gateway hears at once.
        def ask_for_a_person(session: Any) -> None:
            request_handoff(session, CONVERSATION, "customer asked for a person", policy=context.policy,
                            now=context.now())  # fmt: skip

        with context.sessions() as s, s.begin():
            ask_for_a_person(s)
            handoff_id = s.scalars(select(HandoffRequest.id)).one()
        customers.app[CONVERSATIONS].changed.set()
        waiting = await next_frame(console, "queue", timeout=15)
        assert [w["handoff_id"] for w in waiting["waiting"]] == [handoff_id]

        token = await csrf_of(consoles, "/staff")
        await consoles.post(f"/staff/handoffs/{handoff_id}/accept", data={"csrf": token}, allow_redirects=False)
        assert (await next_frame(customer, "staff", timeout=15))["name"] == "Mei (Customer Service Supervisor)"
        await console.send_json({"type": "watch", "conversation_id": CONVERSATION})
        await customer.send_json({"type": "message", "text": "The clasp broke again."})
        await line_saying(console, "customer", "The clasp broke again.")
        await console.send_json({"type": "say", "text": "I'm sorry to hear that. Let me look.", "csrf": token})
        said = await line_saying(customer, "staff", "I'm sorry to hear that. Let me look.")
        assert said["name"] == "Mei (Customer Service Supervisor)"

        # Redis goes down: the line is kept, and shown on the other gateway once both have resubscribed.
        redis.stop()
        await customer.send_json({"type": "message", "text": "Are you still there?"})
        redis.start()
        await line_saying(console, "customer", "Are you still there?")
