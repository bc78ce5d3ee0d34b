"""The customer side: the demo shop page, the embeddable widget, and the chat websocket."""

from __future__ import annotations

import asyncio
import collections
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from aiohttp import WSMsgType, web
from sqlalchemy.orm import Session

from bot.cases import transcripts
from bot.context import Context
from bot.privacy import resume
from bot.shop.bilingual import Say
from bot.shop.language import Language
from bot.web.auth import own_origins
from bot.web.db import run_in_db
from bot.web.frames import BadFrame, End, ErrorFrame, Hello, LineFrame, Open, WelcomeFrame, customer_frame
from bot.web.keys import CHAT_LIMITS, CHATS_BY_ADDRESS, CONTEXT, CONVERSATIONS
from bot.web.rate_limit import Buckets

STATIC = Path(__file__).with_name("static")
CONVERSATION_ID = re.compile(r"web-[A-Za-z0-9_-]{20,64}")  # whole: fullmatch
SOCKETS_PER_ADDRESS = 100  # open chats from one address (a shopping centre's Wi-Fi is one address)
TOO_FAST = Say(
    "You are sending messages faster than I can read them. Please wait a few seconds and send it again.",
    "你傳送訊息太快了，我來不及看。請等幾秒再傳送。",
)
TEXT_ONLY = Say("Only text messages can be sent here.", "這裏只可以傳送文字訊息。")
RELOAD = Say("Please reload the page to start the chat.", "請重新載入頁面以開始對話。")


ADDRESS_SHARE = 10


@dataclass(frozen=True)
class ChatLimits:
    """How fast customers may send: per conversation (whatever its sockets) and per network address."""

    conversation: Buckets
    address: Buckets

    def allow(self, conversation_id: str, address: str, now: float) -> bool:
        """Whether one more message may come from this conversation and this address at ``now``."""
        return self.conversation.take(conversation_id, now) and self.address.take(address, now)


def new_conversation_id() -> str:
    """A conversation id nobody can guess (128 random bits)."""
    return f"web-{secrets.token_urlsafe(16)}"


def open_chat(session: Session, hello: Hello, context: Context) -> tuple[str, str | None]:
    """The conversation a ``hello`` resumes (with its resume secret), else a new one with a new secret."""
    hours, now = context.policy.privacy.chat_resume_hours, context.now()
    asked = hello.conversation_id
    if asked and hello.resume and CONVERSATION_ID.fullmatch(asked):
        if resume.resume(session, asked, hello.resume, context.vault, hours, now):
            return asked, None
    conversation_id = new_conversation_id()
    return conversation_id, resume.issue(session, conversation_id, context.vault, hours, now)


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


def welcome_frame(context: Context, opened: str, secret: str | None,
                  history: list[LineFrame], language: Language) -> WelcomeFrame:  # fmt: skip
    """Answer to ``hello``: the conversation, what was said so far, its language and the shop's names."""
    welcome: WelcomeFrame = {"type": "welcome", "conversation_id": opened, "history": history,
                             "shop": context.policy.organization.name,
                             "shop_zh": context.policy.in_("zh").organization.name,
                             "language": language, "zone": context.policy.organization.timezone}  # fmt: skip
    if secret:
        welcome["resume"] = secret
    return welcome


def error(text: str) -> ErrorFrame:
    """A frame the widget shows as a notice."""
    return {"type": "error", "text": text}


async def chat_socket(request: web.Request) -> web.WebSocketResponse:
    """One browser tab's chat: ``hello`` to start or resume, then ``message`` frames."""
    context, conversations, open_chats = request.app[CONTEXT], request.app[CONVERSATIONS], request.app[CHATS_BY_ADDRESS]
    origin = request.headers.get("Origin")
    if origin is not None and origin not in {*own_origins(request), *context.settings.chat_origins}:
        raise web.HTTPForbidden(text="Chats open only from the shop's own pages.")  # a page elsewhere cannot join
    address = request.remote or "unknown"
    if open_chats[address] >= SOCKETS_PER_ADDRESS:
        raise web.HTTPTooManyRequests(text="Too many chats are open from your network. Please try again later.")
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=16 * 1024)
    await socket.prepare(request)
    open_chats[address] += 1
    limits = request.app[CHAT_LIMITS]
    loop = asyncio.get_running_loop()
    conversation_id: str | None = None

    async def refuse(text: Callable[[Language], str]) -> None:
        """An error frame in the conversation's language; in both before there is a conversation."""
        if conversation_id is None:
            await socket.send_json(error(f"{text('en')} {text('zh')}"))
        else:
            await socket.send_json(error(text(await run_in_db(context, transcripts.language, conversation_id))))

    try:
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                await refuse(TEXT_ONLY)
                continue
            try:
                said = customer_frame(frame.data)
            except BadFrame as exc:
                await refuse(exc.in_)
                continue
            if isinstance(said, Hello):
                if conversation_id is not None:
                    conversations.leave(conversation_id, socket)
                opened, secret = await run_in_db(context, open_chat, said, context)
                conversation_id = opened
                await conversations.join(opened, socket, address, partial(welcome_frame, context, opened, secret))
                await conversations.relay_owed(opened)
            elif isinstance(said, End):
                if conversation_id is not None:
                    await run_in_db(context, resume.end, conversation_id)
                    conversations.leave(conversation_id, socket)
                conversation_id = None
                await socket.send_json({"type": "ended"})
            elif conversation_id is None:
                await refuse(RELOAD)
            elif not limits.allow(conversation_id, address, loop.time()):
                await refuse(TOO_FAST)
            elif isinstance(said, Open):
                await conversations.opened(conversation_id, said.language)
            else:
                await conversations.customer_says(conversation_id, said.text)
    finally:
        open_chats[address] -= 1
        if not open_chats[address]:
            del open_chats[address]  # a counter per address ever seen would only grow
        if conversation_id is not None:
            conversations.leave(conversation_id, socket)
    return socket


def setup_routes(app: web.Application) -> None:
    """The customer routes."""
    app[CHATS_BY_ADDRESS] = collections.Counter()
    burst, per_second = app[CONTEXT].settings.chat_rate
    # A conversation's allowance holds across its sockets; one address (a shop's Wi-Fi) gets ten chats' worth.
    app[CHAT_LIMITS] = ChatLimits(
        Buckets(burst, per_second), Buckets(burst * ADDRESS_SHARE, per_second * ADDRESS_SHARE)
    )
    app.router.add_get("/", shop_page)
    app.router.add_get("/widget.js", widget_script)
    app.router.add_get("/chat", chat_socket)
    app.router.add_get("/health", health)
    app.router.add_get("/favicon.ico", no_icon)
