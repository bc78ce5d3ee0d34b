"""The customer side: the demo shop page, the embeddable widget, and the chat websocket."""

from __future__ import annotations

import asyncio
import collections
import re
import secrets
from pathlib import Path

from aiohttp import WSMsgType, web

from bot.web.frames import BadFrame, ErrorFrame, Hello, WelcomeFrame, customer_frame
from bot.web.keys import CHATS_BY_ADDRESS, CONTEXT, CONVERSATIONS
from bot.web.rate_limit import TokenBucket

STATIC = Path(__file__).with_name("static")
CONVERSATION_ID = re.compile(r"web-[A-Za-z0-9_-]{20,64}")  # whole: fullmatch
SOCKETS_PER_ADDRESS = 100  # open chats from one address (a shopping centre's Wi-Fi is one address)
TOO_FAST = "You are sending messages faster than I can read them. Please wait a few seconds and send it again."


def new_conversation_id() -> str:
    """A conversation id nobody can guess (128 random bits)."""
    return f"web-{secrets.token_urlsafe(16)}"


async def shop_page(request: web.Request) -> web.FileResponse:
    """The demo shop's page, with the widget embedded by one script tag."""
    return web.FileResponse(STATIC / "shop.html")


async def widget_script(request: web.Request) -> web.FileResponse:
    """The embeddable chat widget."""
    return web.FileResponse(STATIC / "widget.js", headers={"Content-Type": "application/javascript; charset=utf-8"})


async def health(request: web.Request) -> web.Response:
    """For the launcher and load balancers."""
    return web.json_response({"status": "ok"})


async def no_icon(request: web.Request) -> web.Response:
    """The shop has no icon; answer without a 404 in every browser console."""
    return web.Response(status=204)


def error(text: str) -> ErrorFrame:
    """A frame the widget shows as a notice."""
    return {"type": "error", "text": text}


async def chat_socket(request: web.Request) -> web.WebSocketResponse:
    """One browser tab's chat: ``hello`` to start or resume, then ``message`` frames."""
    conversations, open_chats = request.app[CONVERSATIONS], request.app[CHATS_BY_ADDRESS]
    address = request.remote or "unknown"
    if open_chats[address] >= SOCKETS_PER_ADDRESS:
        raise web.HTTPTooManyRequests(text="Too many chats are open from your network. Please try again later.")
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=16 * 1024)
    await socket.prepare(request)
    open_chats[address] += 1
    bucket = TokenBucket(*request.app[CONTEXT].settings.chat_rate)
    loop = asyncio.get_running_loop()
    conversation_id: str | None = None
    try:
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                await socket.send_json(error("Only text messages can be sent here."))
                continue
            try:
                said = customer_frame(frame.data)
            except BadFrame as exc:
                await socket.send_json(error(str(exc)))
                continue
            if isinstance(said, Hello):
                asked = said.conversation_id
                conversation_id = asked if asked and CONVERSATION_ID.fullmatch(asked) else new_conversation_id()
                conversations.join(conversation_id, socket)
                welcome: WelcomeFrame = {"type": "welcome", "conversation_id": conversation_id,
                                         "history": await conversations.history(conversation_id)}  # fmt: skip
                await socket.send_json(welcome)
                await conversations.relay_owed(conversation_id)
            elif conversation_id is None:
                await socket.send_json(error("Please reload the page to start the chat."))
            elif not bucket.take(loop.time()):
                await socket.send_json(error(TOO_FAST))
            else:
                await conversations.customer_says(conversation_id, said.text)
    finally:
        open_chats[address] -= 1
        if conversation_id is not None:
            conversations.leave(conversation_id, socket)
    return socket


def setup_routes(app: web.Application) -> None:
    """The customer routes."""
    app[CHATS_BY_ADDRESS] = collections.Counter()
    app.router.add_get("/", shop_page)
    app.router.add_get("/widget.js", widget_script)
    app.router.add_get("/chat", chat_socket)
    app.router.add_get("/health", health)
    app.router.add_get("/favicon.ico", no_icon)
