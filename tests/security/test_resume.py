"""Finding 3 (medium): a conversation id was the only key to a transcript. A ``hello`` with an id read from the
database, from a page on another site, got the decrypted history and joined the live chat; ids the client
invented were accepted; the widget kept the id forever. And finding 2's flood limit was per socket."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient
from sqlalchemy import select, update

from bot.context import Context
from bot.db.models import ChatResume
from bot.web.app import create_app
from bot.web.customer import TOO_FAST
from bot.web.keys import CONVERSATIONS
from tests.web.console import next_frame

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: each line gets the apology and is kept


async def start_chat(client: TestClient, said: str = "my number is 9123 4567") -> tuple[str, str]:
    """A customer starts a chat and says something; returns the conversation id and the resume secret."""
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": None})
        welcome = await next_frame(socket, "welcome")
        await socket.send_json({"type": "message", "text": said})
        await next_frame(socket, "line")
        return welcome["conversation_id"], welcome["resume"]


async def hello(client: TestClient, conversation: str | None, secret: str | None, **headers: str) -> dict[str, Any]:
    async with client.ws_connect("/chat", headers=headers) as socket:
        await socket.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        return await next_frame(socket, "welcome")


async def test_an_id_from_the_database_alone_opens_a_new_empty_chat(aiohttp_client: Client, context: Context) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    conversation, secret = await start_chat(client)
    for stolen in [(conversation, None), (conversation, "guessed"), (conversation + "\n", secret),
                   ("web-" + "A" * 22, None)]:  # fmt: skip
        welcome = await hello(client, *stolen)
        assert welcome["conversation_id"] != conversation and welcome["history"] == []
        assert welcome["conversation_id"] != stolen[0]  # an invented id is never taken
    resumed = await hello(client, conversation, secret)
    assert resumed["conversation_id"] == conversation and "9123 4567" in resumed["history"][0]["text"]
    assert "resume" not in resumed  # the browser keeps the secret it has
    with context.sessions() as s:
        stored = s.scalars(select(ChatResume.secret_digest)).all()
    assert stored and secret not in stored and all(secret not in digest for digest in stored)  # a digest only


async def test_a_page_on_another_site_cannot_open_or_resume_a_chat(aiohttp_client: Client, context: Context) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    conversation, secret = await start_chat(client)
    for origin in ("http://evil.example", f"https://{client.host}:{client.port}"):
        try:
            await hello(client, conversation, secret, Origin=origin)
        except aiohttp.WSServerHandshakeError as refused:
            assert refused.status == 403
        else:
            raise AssertionError(f"{origin} was let in")
    own = await hello(client, conversation, secret, Origin=f"http://{client.host}:{client.port}")
    assert own["conversation_id"] == conversation


async def test_the_shops_configured_sites_may_embed_the_chat(aiohttp_client: Client, context: Context) -> None:
    settings = dataclasses.replace(context.settings, chat_origins=("https://www.shop.example",))
    shop = dataclasses.replace(context, settings=settings)
    client = await aiohttp_client(create_app(shop, NOWHERE))
    welcome = await hello(client, None, None, Origin="https://www.shop.example")
    assert welcome["conversation_id"].startswith("web-")


async def test_an_ended_or_expired_chat_cannot_be_resumed(aiohttp_client: Client, context: Context) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    conversation, secret = await start_chat(client)
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        await next_frame(socket, "welcome")
        await socket.send_json({"type": "end"})
        await next_frame(socket, "ended")
    assert (await hello(client, conversation, secret))["conversation_id"] != conversation  # on a shared tablet
    later, kept = await start_chat(client)
    with context.sessions() as s, s.begin():  # privacy.chat_resume_hours have passed since the last visit
        past = context.now() - dt.timedelta(minutes=1)
        s.execute(update(ChatResume).where(ChatResume.conversation_id == later).values(expires_at=past))
    assert (await hello(client, later, kept))["conversation_id"] != later


async def test_reconnecting_does_not_refill_a_chats_flood_allowance(aiohttp_client: Client, context: Context) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    conversation, secret = await start_chat(client, "hello")  # one message of the allowance of 20 spent
    burst = int(context.settings.chat_rate[0])
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        await next_frame(socket, "welcome")
        for n in range(burst - 1):
            await socket.send_json({"type": "message", "text": f"message {n}"})
    async with client.ws_connect("/chat") as again:  # a fresh socket on the same conversation
        await again.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        await next_frame(again, "welcome")
        await again.send_json({"type": "message", "text": "one more"})
        assert (await next_frame(again, "error"))["text"] == TOO_FAST("en")


async def test_closed_chats_leave_nothing_behind_in_the_gateway(aiohttp_client: Client, context: Context) -> None:
    app = create_app(context, NOWHERE)
    client = await aiohttp_client(app)
    for _ in range(5):
        await start_chat(client, "hello")
    conversations = app[CONVERSATIONS]
    deadline = asyncio.get_running_loop().time() + 10
    while conversations.sockets:  # the server notices each close on its own time
        assert asyncio.get_running_loop().time() < deadline, conversations.sockets
        await asyncio.sleep(0.05)
    assert conversations.watchers == {} and conversations.addresses == {} and conversations.locks._local == {}
    assert conversations._last_line == {}
