"""The console's live side: one websocket per open console page, queues pushed as they change.

Queues are re-read whenever something in this gateway changed them and every ``every`` seconds
(the action server, another gateway or a timer may have changed them); a console gets a frame
only when its queues differ from what it last got.
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import quote

from aiohttp import WSMsgType, web
from sqlalchemy.orm import Session

from bot.cases import handoff
from bot.context import Context
from bot.errors import ConciergeError, NotYourQueue
from bot.privacy.access import chat_transcript
from bot.staff.accounts import ADMIN, SignedIn, heartbeat
from bot.web.auth import csrf_ok, current_staff, same_origin
from bot.web.conversations import Conversations, line_frame, watch_ended
from bot.web.db import run_in_db
from bot.web.errors import refusal_text
from bot.web.frames import BadFrame, Heartbeat, QueueFrame, Watch, console_frame, reply_text
from bot.web.keys import CONTEXT, CONVERSATIONS, STAFF_HUB
from bot.web.pages import when

log = logging.getLogger(__name__)


class StaffHub:
    """Open console sockets, and the queues each last saw."""

    def __init__(self, context: Context, conversations: Conversations) -> None:
        self.context = context
        self.conversations = conversations
        self.consoles: dict[web.WebSocketResponse, SignedIn] = {}
        self._sent: dict[web.WebSocketResponse, str] = {}

    def queues(self, session: Session, staff: SignedIn) -> QueueFrame:
        """The queue frame for one member of staff."""
        policy, now = self.context.policy, self.context.now()
        waiting: list[dict[str, object]] = [
            {"handoff_id": e.handoff_id, "conversation": quote(e.conversation_id), "role_title": e.role_title,
             "waited_minutes": e.waited_minutes, "case_reference": e.case_reference or "", "summary": e.case_summary,
             "reason": e.reason, "referred": e.referred, "language": e.language,
             "callback_by": when(e.callback_by, policy) if e.callback_by else ""}
            for e in handoff.queue(session, staff, policy, now)
        ]  # fmt: skip
        mine: list[dict[str, object]] = [
            {"conversation": quote(h.conversation_id), "case_reference": h.case.reference if h.case else ""}
            for h in handoff.my_conversations(session, staff)
        ]
        return {"type": "queue", "waiting": waiting, "mine": mine}

    def forget(self, socket: web.WebSocketResponse) -> None:
        """A console page closed."""
        self.consoles.pop(socket, None)
        self._sent.pop(socket, None)

    async def push(self) -> None:
        """Send each console its queues if they changed since the last frame it got."""
        for socket, staff in list(self.consoles.items()):
            frame = await run_in_db(self.context, self.queues, staff)
            text = json.dumps(frame)
            if self._sent.get(socket) != text and not socket.closed:
                self._sent[socket] = text
                try:
                    await socket.send_str(text)
                except ConnectionResetError:  # the console page went away mid-send
                    self.forget(socket)

    async def run(self, every: float) -> None:
        """Push queues on every change in this gateway or another, and at least every ``every`` seconds.

        A change here is told to the other gateways, so that a queue alert reaches every console at once.
        """
        here, elsewhere = self.conversations.changed, self.conversations.changed_elsewhere
        while True:
            waits = [asyncio.ensure_future(here.wait()), asyncio.ensure_future(elsewhere.wait())]
            try:
                await asyncio.wait(waits, timeout=every, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiting in waits:
                    waiting.cancel()
            if here.is_set():
                here.clear()
                await self.conversations.bus.publish("changed")
            elsewhere.clear()
            try:
                await self.push()
            except Exception:  # noqa: BLE001 - the pusher must outlive any one failure
                log.exception("pushing queues failed")


async def staff_reply(app: web.Application, staff: SignedIn, conversation_id: str, text: str) -> None:
    """Check the staff member holds the chat, then send the line live.

    Raises:
        NotYourQueue: the chat is not theirs.
        BadFrame: the reply is empty or too long.
    """
    context = app[CONTEXT]
    text = reply_text(text)
    await run_in_db(context, handoff.taken_by, conversation_id, staff)
    await app[CONVERSATIONS].staff_says(conversation_id, handoff.chat_name(staff, context.policy), text)


async def staff_socket(request: web.Request) -> web.WebSocketResponse:
    """A console page's live connection: queues, the watched chat's lines, replies and a heartbeat."""
    staff = await current_staff(request)
    if staff is None or not same_origin(request):
        raise web.HTTPForbidden(text="Sign in to the console first.")
    if staff.role == ADMIN:
        raise web.HTTPForbidden(text="Administrators do not handle chats.")
    context, hub, conversations = request.app[CONTEXT], request.app[STAFF_HUB], request.app[CONVERSATIONS]
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=16 * 1024)
    await socket.prepare(request)
    hub.consoles[socket] = staff
    await run_in_db(context, heartbeat, staff.staff_id, context.now())
    conversations.changed.set()
    try:
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                frame = console_frame(message.data)
                if isinstance(frame, Heartbeat):
                    await run_in_db(context, heartbeat, staff.staff_id, context.now())
                elif isinstance(frame, Watch):
                    # Watch before reading the transcript: a line kept in between is then sent live,
                    # not lost between the two (the console places each line by its id, once).
                    conversations.watch(frame.conversation_id, socket, staff)
                    try:
                        _, lines = await run_in_db(context, chat_transcript, frame.conversation_id, staff,
                                                   context.policy, context.vault, context.now())  # fmt: skip
                    except NotYourQueue:
                        conversations.unwatch(socket)
                        await socket.send_json(watch_ended(frame.conversation_id))
                        continue
                    conversations.seen_up_to(frame.conversation_id, lines)
                    for line in lines:
                        await socket.send_json(line_frame(line))
                elif (watched := conversations.watched_by(socket)) and csrf_ok(staff.csrf_token, frame.csrf):
                    await staff_reply(request.app, staff, watched, frame.text)
            except (BadFrame, ConciergeError) as exc:
                await socket.send_json({"type": "error", "text": refusal_text(exc)})
    finally:
        hub.forget(socket)
        conversations.unwatch(socket)
    return socket
