"""Live website conversations: the sockets open on each, and relaying customers' lines to the assistant.

A customer's line is stored first and relayed after; if the assistant is unreachable the line
stays owed, the customer gets a short apology, and a background retry relays it when it is back.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any

from aiohttp import web

from bot.context import Context
from bot.errors import AssistantUnavailable
from bot.transcripts import Line, add_line, conversations_owed, history, mark_relayed, unrelayed
from bot.web.assistant import Assistant
from bot.web.frames import LineFrame, TypingFrame

log = logging.getLogger(__name__)
APOLOGY = ("Sorry, I can't answer right now. Your message is kept and I'll reply here as soon as I can; "
           "you can also call us on {hotline}.")  # fmt: skip


def line_frame(line: Line) -> LineFrame:
    """A transcript line as a websocket frame."""
    buttons = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in line.buttons]
    return {"type": "line", "id": line.id, "author": line.author, "text": line.text, "buttons": buttons}  # type: ignore[typeddict-item]


class Conversations:
    """Sockets by conversation, one relay at a time per conversation, and the retry of owed lines."""

    def __init__(self, context: Context, assistant: Assistant) -> None:
        self.context = context
        self.assistant = assistant
        self.sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def _db(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a transcript function in a worker thread, in a transaction of its own."""

        def run() -> Any:
            with self.context.sessions() as session, session.begin():
                return work(session, *args, **kwargs)

        return await asyncio.to_thread(run)

    async def broadcast(self, conversation_id: str, frame: LineFrame | TypingFrame) -> None:
        """Send a frame to every socket open on the conversation."""
        for socket in list(self.sockets.get(conversation_id, ())):
            if not socket.closed:
                await socket.send_json(frame)

    async def history(self, conversation_id: str) -> list[LineFrame]:
        """The conversation so far, as frames."""
        return [line_frame(line) for line in await self._db(history, conversation_id)]

    async def customer_says(self, conversation_id: str, text: str) -> None:
        """Keep the customer's line, show it on every open socket, and relay it to the assistant."""
        line = await self._db(add_line, conversation_id, "customer", text, relayed=False)
        await self.broadcast(conversation_id, line_frame(line))
        if not await self.relay_owed(conversation_id):
            apology = APOLOGY.format(hotline=self.context.policy.organization.hotline)
            await self.broadcast(
                conversation_id, line_frame(await self._db(add_line, conversation_id, "assistant", apology))
            )

    async def relay_owed(self, conversation_id: str) -> bool:
        """Relay the customer's owed lines in order; False if the assistant is unreachable."""
        async with self._locks[conversation_id]:
            for line in await self._db(unrelayed, conversation_id):
                await self.broadcast(conversation_id, {"type": "typing", "on": True})
                try:
                    replies = await self.assistant.reply(conversation_id, line.text)
                except AssistantUnavailable as exc:
                    log.warning("assistant unavailable for %s: %s", conversation_id, exc)
                    return False
                finally:
                    await self.broadcast(conversation_id, {"type": "typing", "on": False})
                await self._db(mark_relayed, line.id)
                for reply in replies:
                    if reply.get("text"):
                        said = await self._db(add_line, conversation_id, "assistant", str(reply["text"]),
                                              buttons=list(reply.get("buttons") or []))  # fmt: skip
                        await self.broadcast(conversation_id, line_frame(said))
        return True

    async def retry_forever(self, every: float) -> None:
        """Relay owed lines of every conversation whenever the assistant is reachable again."""
        while True:
            await asyncio.sleep(every)
            try:
                for conversation_id in await self._db(conversations_owed):
                    if not await self.relay_owed(conversation_id):
                        break
            except Exception:  # noqa: BLE001 - the retry must outlive any one failure
                log.exception("retrying owed lines failed")
