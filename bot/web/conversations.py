"""Live website conversations: the sockets open on each, and relaying customers' lines to the assistant.

A customer's line is stored first and relayed after; if the assistant is unreachable the line
stays owed, the customer gets a short apology, and a background retry relays it when it is back.
A line that may already have reached Rasa (any owed line but one this process has just kept) is
looked up in Rasa's conversation first: if Rasa answered it, that answer is kept and shown, and
the line is not sent twice (a gateway that died mid-answer leaves exactly such lines).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from aiohttp import web

from bot.cases import transcripts
from bot.cases.handoff import UPSET, open_handoff, outlook_message, person_in_charge, request_handoff, sounds_upset
from bot.cases.transcripts import (
    Line,
    add_line,
    conversations_owed,
    greet,
    history,
    line_by_id,
    lines_after,
    mark_relayed,  # fmt: skip
    newest_lines,
    unrelayed,
)
from bot.cluster.bus import Bus
from bot.cluster.lease import Lease
from bot.cluster.locks import ConversationLocks
from bot.context import Context
from bot.errors import AssistantUnavailable, NotYourQueue
from bot.privacy.access import chat_line
from bot.shop.bilingual import Say, joined
from bot.shop.greeting import greeting
from bot.shop.language import Language
from bot.staff.accounts import SignedIn
from bot.web.assistant import Assistant
from bot.web.db import run_in_db
from bot.web.frames import LineFrame, StaffJoinedFrame, TypingFrame, WatchEndedFrame, WelcomeFrame

log = logging.getLogger(__name__)
APOLOGY = Say(
    "Sorry, I can't answer right now. Your message is kept and I'll reply here as soon as I can; "
    "you can also call us on {hotline}.",
    "抱歉，我暫時未能回覆。你的訊息已經保留，我會盡快在這裏回覆你；你亦可致電{hotline}聯絡我們。",
)
JOINED = Say("{name} has joined the chat.", "{name}已加入對話。")
PAUSED_WHEN_QUIET = ("complaint_form", "data_request_form")  # forms whose draft is kept when the customer goes quiet
HANDED_BACK = Say("{name} has handed the chat back to me.", "{name}已把對話交回給我。")


def line_frame(line: Line) -> LineFrame:
    """A transcript line as a websocket frame."""
    buttons = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in line.buttons]
    at = line.at.astimezone(dt.timezone.utc).isoformat() if line.at else ""
    return {"type": "line", "id": line.id, "author": line.author, "name": line.name, "text": line.text,
            "buttons": buttons, "at": at, "language": line.language}  # type: ignore[typeddict-item]  # fmt: skip


def watch_ended(conversation_id: str) -> WatchEndedFrame:
    """The console may no longer see the conversation it watched (taken by another role, handed back)."""
    return {
        "type": "watch_ended",
        "conversation_id": conversation_id,
        "text": "This conversation has left your queues.",
    }


def history_and_language(session: Any, conversation_id: str) -> tuple[list[Line], Language]:
    """The conversation so far and its language, read together."""
    return history(session, conversation_id), transcripts.language(session, conversation_id)


def for_assistant(text: str) -> str:
    """A customer's text as Rasa gets it: a leading ``/`` would be read as an intent, so it is dropped."""
    return text.lstrip("/ ") or "?"


class Conversations:
    """Sockets by conversation, one relay at a time per conversation, and the retry of owed lines.

    With several gateways (``bus`` and ``locks`` on Redis) what one gateway shows is shown by every other to its
    own sockets, and a conversation is relayed by one gateway at a time.
    """

    def __init__(self, context: Context, assistant: Assistant, bus: Bus | None = None,
                 locks: ConversationLocks | None = None) -> None:  # fmt: skip
        self.context = context
        self.assistant = assistant
        self.bus = bus or Bus(None)
        self.locks = locks or ConversationLocks(None)
        self.sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)  # the customer's own
        self.watchers: dict[str, dict[web.WebSocketResponse, SignedIn]] = defaultdict(dict)  # staff consoles
        self.addresses: dict[str, str] = {}  # conversation → keyed digest of the address its customer writes from
        self.changed = asyncio.Event()  # set when a queue may have changed; the staff hub pushes queues
        self.changed_elsewhere = asyncio.Event()  # another gateway changed a queue
        self._last_line: dict[str, int] = {}  # conversation → the newest line shown here (reloaded after a bus drop)
        self._fresh: set[int] = set()  # lines kept by this process and not yet sent: Rasa cannot have them
        self._held: dict[web.WebSocketResponse, list[Any]] = {}  # frames for sockets still being welcomed
        self.quiet_lines_seen: set[int] = set()  # assistant lines left unanswered that pause_quiet_forms looked at

    async def _db(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a transcript function in a worker thread, in a transaction of its own."""
        return await run_in_db(self.context, work, *args, **kwargs)

    async def join(self, conversation_id: str, socket: web.WebSocketResponse, address: str | None,
                   welcome: Callable[[list[LineFrame], Language], WelcomeFrame]) -> None:  # fmt: skip
        """The customer's socket shows the conversation; ``address`` is where the customer writes from.

        The socket first gets ``welcome(history, language)``, then every line said since, once: it joins before
        the history is read (so no line falls between the two), and frames for it wait until the welcome is sent.
        """
        held: list[Any] = []
        self._held[socket] = held
        self.sockets[conversation_id].add(socket)
        if address:
            self.addresses[conversation_id] = self.context.vault.digest(f"address:{address}")
        try:
            lines, language = await self._db(history_and_language, conversation_id)
            self.seen_up_to(conversation_id, lines)
            frames = [line_frame(line) for line in lines]
            await socket.send_json(welcome(frames, language))
            shown = {frame["id"] for frame in frames}
            while held:  # what was said while the history was read: whatever the welcome did not already show
                frame = held.pop(0)
                if frame["type"] != "line" or frame["id"] not in shown:
                    await socket.send_json(frame)
        finally:
            del self._held[socket]

    def seen_up_to(self, conversation_id: str, lines: list[Line]) -> None:
        """The lines a socket here was given from the database: a reload after a bus drop starts after them."""
        if lines:
            self._last_line[conversation_id] = max(self._last_line.get(conversation_id, 0), *(li.id for li in lines))

    def leave(self, conversation_id: str, socket: web.WebSocketResponse) -> None:
        """A customer's socket closed; a conversation nobody shows is forgotten here (its lines are kept)."""
        self.sockets[conversation_id].discard(socket)
        self._forget_if_idle(conversation_id)

    def watch(self, conversation_id: str, socket: web.WebSocketResponse, staff: SignedIn) -> None:
        """A console socket shows the conversation's new lines, each checked against what ``staff`` may see."""
        self.unwatch(socket)  # one conversation per console socket
        self.watchers[conversation_id][socket] = staff

    def watched_by(self, socket: web.WebSocketResponse) -> str | None:
        """The conversation the console socket watches, if any."""
        return next((c for c, watching in self.watchers.items() if socket in watching), None)

    def unwatch(self, socket: web.WebSocketResponse) -> None:
        """The console socket stops showing whatever it watched."""
        for conversation_id in [c for c, watching in self.watchers.items() if socket in watching]:
            del self.watchers[conversation_id][socket]
            self._forget_if_idle(conversation_id)

    def _forget_if_idle(self, conversation_id: str) -> None:
        if not self.sockets.get(conversation_id):
            self.sockets.pop(conversation_id, None)
            self.addresses.pop(conversation_id, None)
        if not self.watchers.get(conversation_id):
            self.watchers.pop(conversation_id, None)
        if conversation_id not in self.sockets:
            self.locks.forget(conversation_id)
        if conversation_id not in self.sockets and conversation_id not in self.watchers:
            self._last_line.pop(conversation_id, None)

    async def _send(self, socket: web.WebSocketResponse, frame: Any) -> bool:
        if socket.closed:
            return False
        try:
            await socket.send_json(frame)
        except ConnectionResetError:  # the browser went away mid-send; the line is kept all the same
            return False
        return True

    async def _to_customer(self, conversation_id: str, frame: LineFrame | TypingFrame | StaffJoinedFrame) -> None:
        for socket in list(self.sockets.get(conversation_id, ())):
            if (held := self._held.get(socket)) is not None:  # its welcome is not sent yet: the frame follows it
                held.append(frame)
                continue
            if not await self._send(socket, frame):
                self.leave(conversation_id, socket)

    async def broadcast(self, conversation_id: str, frame: TypingFrame | StaffJoinedFrame) -> None:
        """Send a frame that holds no personal data to the customer's sockets and the consoles watching, everywhere."""
        await self._broadcast_here(conversation_id, frame)
        await self.bus.publish("frame", conversation=conversation_id, frame=frame)

    async def _broadcast_here(self, conversation_id: str, frame: TypingFrame | StaffJoinedFrame) -> None:
        await self._to_customer(conversation_id, frame)
        for socket in list(self.watchers.get(conversation_id, {})):
            if not await self._send(socket, frame):
                self.unwatch(socket)

    async def show(self, conversation_id: str, line: Line) -> None:
        """Show a new line here and on every other gateway (each reads it from the database by its id)."""
        await self._show_here(conversation_id, line)
        await self.bus.publish("line", conversation=conversation_id, line=line.id)

    def _shown_here(self, conversation_id: str) -> bool:
        return bool(self.sockets.get(conversation_id) or self.watchers.get(conversation_id))

    async def _show_here(self, conversation_id: str, line: Line) -> None:
        """Whole to the customer's sockets here, and to each console here as its staff member may see it."""
        if self._shown_here(conversation_id):
            self._last_line[conversation_id] = max(line.id, self._last_line.get(conversation_id, 0))
        await self._to_customer(conversation_id, line_frame(line))
        for socket, staff in list(self.watchers.get(conversation_id, {}).items()):
            try:
                seen = await self._db(chat_line, conversation_id, line, staff, self.context.policy,
                                      self.context.vault, self.context.now())  # fmt: skip
            except NotYourQueue:
                self.unwatch(socket)
                await self._send(socket, watch_ended(conversation_id))
                continue
            if not await self._send(socket, line_frame(seen)):
                self.unwatch(socket)

    async def from_elsewhere(self, message: dict[str, Any]) -> None:
        """What another gateway published: a line to show, a frame to pass on, queues that changed."""
        kind, conversation_id = message.get("kind"), str(message.get("conversation", ""))
        if kind == "changed":
            self.changed_elsewhere.set()
        elif kind == "line" and self._shown_here(conversation_id):
            line = await self._db(line_by_id, conversation_id, int(message["line"]))
            if line is not None:
                await self._show_here(conversation_id, line)
        elif kind == "frame" and self._shown_here(conversation_id):
            frame: TypingFrame | StaffJoinedFrame = message.get("frame") or {}  # type: ignore[assignment]
            if frame.get("type") in ("typing", "staff"):
                await self._broadcast_here(conversation_id, frame)

    async def reload(self) -> None:
        """Show the lines kept since the last one shown here, of every conversation open here (after a bus drop)."""
        await self.catch_up()
        self.changed_elsewhere.set()

    async def catch_up(self) -> None:
        """Show what another gateway said that never arrived here: pub/sub drops what it cannot deliver.

        One query finds the conversations open here with lines newer than the last one shown; only those are read.
        """
        shown = {c: self._last_line.get(c, 0) for c in set(self.sockets) | set(self.watchers) if self._shown_here(c)}
        if not shown:
            return
        for conversation_id, newest in (await self._db(newest_lines, list(shown))).items():
            if newest > self._last_line.get(conversation_id, 0):
                for line in await self._db(lines_after, conversation_id, self._last_line.get(conversation_id, 0)):
                    await self._show_here(conversation_id, line)

    async def catch_up_forever(self, every: float) -> None:
        """``catch_up`` every ``every`` seconds (with other gateways only: alone, this one said everything)."""
        if self.bus.redis is None:
            return
        while True:
            await asyncio.sleep(every)
            try:
                await self.catch_up()
            except Exception:  # noqa: BLE001 - the catch-up must outlive any one failure (the database restarting)
                log.warning("catching up with the other gateways failed; trying again", exc_info=True)

    async def opened(self, conversation_id: str, language: Language = "en") -> None:
        """The customer opened the chat: a conversation nothing has been said in starts with the greeting.

        ``language`` is the one the customer's browser prefers: the greeting's, until the customer writes.
        """
        text, buttons = greeting(self.context.policy, language)
        async with self.locks.hold(conversation_id):
            line = await self._db(greet, conversation_id, text, buttons, language)
            if line is not None:
                await self.show(conversation_id, line)

    async def customer_says(self, conversation_id: str, text: str) -> None:
        """Keep the customer's line, show it on every open socket, and relay it to the assistant.

        While a person is in charge the line goes to them only (it is on their socket) and the assistant stays silent.
        """

        def keep(session: Any) -> tuple[Line, bool]:
            with_person = person_in_charge(session, conversation_id)
            return add_line(session, conversation_id, "customer", text, relayed=with_person), with_person

        line, with_person = await self._db(keep)
        if not with_person:
            self._fresh.add(line.id)
        await self.show(conversation_id, line)
        if with_person:
            return
        relayed = await self.relay_owed(conversation_id)
        if sounds_upset(text, self.context.policy):
            await self.offer_a_person(conversation_id)
        if not relayed:
            await self.assistant_says(
                conversation_id, partial(APOLOGY, hotline=self.context.policy.organization.hotline)
            )

    async def relay_owed(self, conversation_id: str) -> bool:
        """Relay the customer's owed lines in order; False if the assistant is unreachable."""
        async with self.locks.hold(conversation_id):
            for line in await self._db(unrelayed, conversation_id):
                await self.broadcast(conversation_id, {"type": "typing", "on": True})
                try:
                    replies = await self._answer(conversation_id, line)
                    await self._show_replies(conversation_id, replies, answering=line.id)
                except AssistantUnavailable as exc:
                    log.warning("assistant unavailable for %s: %s", conversation_id, exc)
                    return False
                finally:  # after the answer is shown: "typing off" also tells a client the answer is complete
                    await self.broadcast(conversation_id, {"type": "typing", "on": False})
                self.changed.set()  # the assistant may have opened a case or asked for a person
        self._forget_if_idle(conversation_id)
        return True

    async def _answer(self, conversation_id: str, line: Line) -> list[dict[str, Any]]:
        """Rasa's answer to ``line``: the one it gave already, if it had the line, else a new one."""
        fresh = line.id in self._fresh
        self._fresh.discard(line.id)  # from now on Rasa may have had it, whatever happens
        if not fresh:
            given = await self.assistant.answered(conversation_id, line.id)
            if given is not None:
                log.info("line %s of %s was answered before; showing that answer", line.id, conversation_id)
                return given
        return await self.assistant.reply(conversation_id, for_assistant(line.text),
                                          self.addresses.get(conversation_id), line=line.id)  # fmt: skip

    async def _show_replies(self, conversation_id: str, replies: list[dict[str, Any]],
                            answering: int | None = None) -> None:  # fmt: skip
        """Keep the assistant's lines (and mark the customer line they answer as had) in one transaction; show them."""

        def keep(session: Any) -> list[Line]:
            if answering is not None:
                mark_relayed(session, answering)
            texts = [(str(r["text"]), list(r.get("buttons") or [])) for r in replies if r.get("text")]
            return [add_line(session, conversation_id, "assistant", text, buttons=buttons) for text, buttons in texts]

        for said in await self._db(keep):
            await self.show(conversation_id, said)

    async def offer_a_person(self, conversation_id: str) -> None:
        """An upset customer is queued for a person at once and told who will come and when."""
        policy = self.context.policy

        def queue_once(session: Any) -> str | None:
            if open_handoff(session, conversation_id) is not None:
                return None  # already waiting or with a person
            outlook = request_handoff(session, conversation_id, "the customer sounds upset", policy=policy,
                                      now=self.context.now())  # fmt: skip
            language = transcripts.language(session, conversation_id)
            return joined(language, [UPSET(language), outlook_message(outlook, policy, language)])

        told = await self._db(queue_once)
        if told:
            await self.assistant_says(conversation_id, told)
            self.changed.set()

    async def staff_says(self, conversation_id: str, name: str, text: str) -> None:
        """A member of staff's line, kept and shown live to the customer and the console."""
        line = await self._db(add_line, conversation_id, "staff", text, name=name)
        await self.show(conversation_id, line)

    async def person_joined(self, conversation_id: str, name: str) -> None:
        """Tell the customer who has taken the chat over."""
        await self.broadcast(conversation_id, {"type": "staff", "on": True, "name": name})
        await self.assistant_says(conversation_id, partial(JOINED, name=name))
        self.changed.set()

    async def handed_back(self, conversation_id: str, name: str) -> None:
        """The person left: the assistant resumes and asks the customer to rate the service."""
        await self.broadcast(conversation_id, {"type": "staff", "on": False, "name": name})
        await self.assistant_says(conversation_id, partial(HANDED_BACK, name=name))
        self.changed.set()
        async with self.locks.hold(conversation_id):
            try:
                replies = await self.assistant.reply(conversation_id, "/EXTERNAL_handed_back")
            except AssistantUnavailable as exc:
                log.warning("could not ask %s for a rating: %s", conversation_id, exc)
                return
            await self._show_replies(conversation_id, replies)

    async def pause_if_in_a_form(self, conversation_id: str) -> bool:
        """A customer who went quiet in the middle of a form is told it is paused, their answers kept.

        Nothing happens while a person has the chat, or when no form is under way; True if the form was paused.
        """
        if await self._db(person_in_charge, conversation_id):
            return False
        async with self.locks.hold(conversation_id):
            try:
                if await self.assistant.active_form(conversation_id) not in PAUSED_WHEN_QUIET:
                    return False
                replies = await self.assistant.reply(conversation_id, "/EXTERNAL_quiet")
            except AssistantUnavailable as exc:
                log.warning("could not pause the form of %s: %s", conversation_id, exc)
                return False
            await self._show_replies(conversation_id, replies)
        return True

    async def assistant_says(self, conversation_id: str, text: str | Callable[[Language], str]) -> None:
        """A line from the service itself (an apology, a promised callback, who joined), kept and shown.

        Given as a function of the language (a ``Say`` with its fields), it is said in the conversation's language.
        """

        def keep(session: Any) -> Line:
            said = text if isinstance(text, str) else text(transcripts.language(session, conversation_id))
            return add_line(session, conversation_id, "assistant", said)

        line = await self._db(keep)
        await self.show(conversation_id, line)

    async def retry_owed(self) -> None:
        """Relay the owed lines of every conversation, until the assistant does not answer."""
        for conversation_id in await self._db(conversations_owed):
            if not await self.relay_owed(conversation_id):
                break

    async def retry_forever(self, every: float, lease: Lease | None = None) -> None:
        """Relay owed lines whenever the assistant is reachable again: on the one gateway holding ``lease``."""
        lease = lease or Lease(None, "retry")
        while True:
            await asyncio.sleep(every)
            try:
                await lease.run(self.retry_owed)
            except Exception:  # noqa: BLE001 - the retry must outlive any one failure
                log.exception("retrying owed lines failed")
