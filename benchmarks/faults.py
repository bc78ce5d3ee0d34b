"""Customers chatting through the gateway while the service's processes are killed one after another.

Each simulated customer behaves as the widget does: it keeps the chat's id and resume secret, reconnects
with back-off (1 s, doubling to 30 s) when the socket drops, and sends again a line the gateway never
kept (one missing from the history it gets back). It plays the load benchmark's conversations (enquiries,
a complaint to the end, a status check), one after another in new chats, until told to stop. Before it
ends a chat it reloads it, as a customer reloading the page would, and compares the transcript with what
it typed: every line there once, each with an answer.

``play`` returns what happened: messages sent, answered, apologised for (the gateway's "can't answer right
now") and lost, lines missing or doubled in the transcripts, the chats made, and each message's wait.
``Outage`` records when a part was killed and when it answered again, so a wait can be measured from
the part's return.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.load import APOLOGY, CONVERSATIONS, PHONE, from_own_network
from bot.db.models import Case

RECEIVE_TIMEOUT = 10.0  # seconds of silence before the socket is checked again
GIVE_UP = 300.0  # a message unanswered this long is lost


class Dropped(Exception):
    """The socket closed under the customer (the gateway went away)."""


@dataclass(frozen=True)
class Outage:
    """A part of the service killed at ``killed`` (monotonic seconds) and answering again at ``back``."""

    part: str
    killed: float
    back: float


@dataclass(frozen=True)
class Message:
    """One line a customer typed: when, and when its answer showed (None: never)."""

    typed: float
    answered: float | None
    apologised: bool


@dataclass
class Tally:
    """What the customers saw."""

    messages: list[Message] = field(default_factory=list)
    missing: int = 0  # lines typed that the reloaded transcript does not show
    doubled: int = 0  # lines the transcript shows more often than they were typed
    unanswered_in_transcript: int = 0  # lines the reloaded transcript shows without an answer after them
    reconnects: int = 0
    not_resumed: int = 0  # reconnects that got a new chat instead of the old one
    errors: list[str] = field(default_factory=list)  # error frames the customers were shown
    conversations: list[str] = field(default_factory=list)
    complaints_confirmed: list[str] = field(default_factory=list)  # chats where a case reference was given
    complaints_finished: int = 0  # complaint chats played to the end (each should have been given a reference)

    @property
    def sent(self) -> int:
        """Messages typed."""
        return len(self.messages)

    @property
    def answered(self) -> int:
        """Messages answered (the apology is not an answer)."""
        return sum(m.answered is not None for m in self.messages)

    @property
    def apologised(self) -> int:
        """Messages that got the apology before their answer."""
        return sum(m.apologised for m in self.messages)

    @property
    def lost(self) -> int:
        """Messages never answered, or missing from the transcript."""
        return self.sent - self.answered + self.missing

    @property
    def longest_wait(self) -> float:
        """Seconds, the longest any customer waited for an answer."""
        return max((m.answered - m.typed for m in self.messages if m.answered is not None), default=0.0)

    def longest_after_return(self, outages: Sequence[Outage]) -> float:
        """Seconds, the longest a message waiting through an outage waited once the part answered again."""
        late = [0.0]
        for m in self.messages:
            for outage in outages:
                if m.answered is not None and m.typed < outage.back and m.answered > outage.killed:
                    late.append(m.answered - max(outage.back, m.typed))
        return max(late)


def _said(frame: dict[str, Any], author: str) -> bool:
    return frame.get("type") == "line" and frame.get("author") == author


def _is_apology(text: str) -> bool:
    return APOLOGY in text


class Widget:
    """One customer's chat through the gateway, reconnecting and resending as the widget does."""

    def __init__(self, http: aiohttp.ClientSession, url: str, tally: Tally) -> None:
        self.http, self.url, self.tally = http, url.replace("http", "ws", 1) + "/chat", tally
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.conversation: str | None = None
        self.resume: str | None = None
        self.typed: list[str] = []  # this chat's lines, as typed

    async def _open(self) -> list[dict[str, Any]]:
        """Open a socket and say hello (resuming the chat if there is one); the history it shows."""
        delay = 1.0
        while True:
            try:
                socket = await self.http.ws_connect(self.url)
                await socket.send_json({"type": "hello", "conversation_id": self.conversation, "resume": self.resume})
                while True:
                    frame = await self._receive(socket, 60)
                    if frame["type"] == "welcome":
                        break
            except (aiohttp.ClientError, OSError, asyncio.TimeoutError, Dropped):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self.conversation is not None and frame["conversation_id"] != self.conversation:
                self.tally.not_resumed += 1
            if self.conversation is None or frame["conversation_id"] != self.conversation:
                opened: str = frame["conversation_id"]
                self.conversation, self.resume, self.typed = opened, frame.get("resume"), []
                self.tally.conversations.append(opened)
            if self.socket is not None:
                await self.socket.close()
            self.socket = socket
            return list(frame["history"])

    @staticmethod
    async def _receive(socket: aiohttp.ClientWebSocketResponse, timeout: float) -> dict[str, Any]:
        message = await socket.receive(timeout=timeout)
        if message.type != aiohttp.WSMsgType.TEXT:
            raise Dropped(str(message.type))
        frame: dict[str, Any] = message.json()
        return frame

    async def start(self) -> None:
        """Open a new chat."""
        self.conversation = self.resume = None
        await self._open()

    async def _send(self, text: str) -> None:
        while True:
            if self.socket is None or self.socket.closed:
                self.tally.reconnects += 1
                await self._open()
            assert self.socket is not None
            try:
                await self.socket.send_json({"type": "message", "text": text})
                return
            except (ConnectionError, RuntimeError, aiohttp.ClientError):
                await self.socket.close()

    def _state_in(self, history: list[dict[str, Any]], text: str) -> str:
        """Whether the history has this typing of ``text`` (kept) and an answer after it (answered), or not (lost)."""
        times = self.typed.count(text)
        positions = [i for i, line in enumerate(history) if line["author"] == "customer" and line["text"] == text]
        if len(positions) < times:
            return "lost"
        after = history[positions[times - 1] + 1 :]
        return "answered" if any(a["author"] == "assistant" and not _is_apology(a["text"]) for a in after) else "kept"

    async def say(self, text: str) -> str:
        """Type ``text`` and wait for the answer (through apologies and reconnects); the answer's text."""
        self.typed.append(text)
        typed, apologised, answer = time.monotonic(), False, ""
        await self._send(text)
        deadline = typed + GIVE_UP
        while time.monotonic() < deadline:
            assert self.socket is not None
            try:
                frame = await self._receive(self.socket, RECEIVE_TIMEOUT)
            except asyncio.TimeoutError:
                continue
            except (Dropped, ConnectionError, aiohttp.ClientError):
                self.tally.reconnects += 1
                history = await self._open()
                state = self._state_in(history, text)
                if state == "lost":  # the gateway went before it kept the line: the widget sends it again
                    await self._send(text)
                elif state == "answered":
                    answer = next(a["text"] for a in reversed(history) if a["author"] == "assistant")
                    self.tally.messages.append(Message(typed, time.monotonic(), apologised))
                    return answer
                continue
            if frame["type"] == "error":
                self.tally.errors.append(frame["text"])
            elif _said(frame, "assistant"):
                if _is_apology(frame["text"]):
                    apologised = True
                else:
                    answer += ("\n" if answer else "") + frame["text"]
            elif frame["type"] == "typing" and not frame["on"] and answer:
                self.tally.messages.append(Message(typed, time.monotonic(), apologised))
                return answer
        self.tally.messages.append(Message(typed, None, apologised))
        return ""

    async def check_and_end(self) -> None:
        """Reload the chat and compare its transcript with what was typed; then end it."""
        self.socket, old = None, self.socket
        if old is not None:
            await old.close()
        history = await self._open()
        shown = [line["text"] for line in history if line["author"] == "customer"]
        for text in set(self.typed):
            self.tally.missing += max(0, self.typed.count(text) - shown.count(text))
            self.tally.doubled += max(0, shown.count(text) - self.typed.count(text))
        customer_at = [i for i, line in enumerate(history) if line["author"] == "customer"] + [len(history)]
        for here, following in zip(customer_at, customer_at[1:]):
            between = history[here + 1 : following]
            if not any(line["author"] == "assistant" and not _is_apology(line["text"]) for line in between):
                self.tally.unanswered_in_transcript += 1
        assert self.socket is not None
        await self.socket.send_json({"type": "end"})
        await self.socket.close()
        self.socket = None


async def customer(n: int, http: aiohttp.ClientSession, url: str, tally: Tally, stop: asyncio.Event,
                   think: tuple[float, float], first_phone: int) -> None:  # fmt: skip
    """Customer ``n``: chats, one conversation after another, until ``stop`` is set."""
    draw = random.Random(n)
    await asyncio.sleep(draw.uniform(0, think[1]))  # customers arrive spread out
    widget, chats = Widget(http, url, tally), 0
    while not stop.is_set():
        turns = CONVERSATIONS[(n + chats) % len(CONVERSATIONS)]
        phone = str(first_phone + 100 * n + chats)
        await widget.start()
        for turn in turns:
            text = f"{phone[:4]} {phone[4:]}" if turn == PHONE else turn
            answer = await widget.say(text)
            chat = widget.conversation
            if "CS-" in answer and turns is CONVERSATIONS[1] and chat and chat not in tally.complaints_confirmed:
                tally.complaints_confirmed.append(chat)
            await asyncio.sleep(draw.uniform(*think))
            if stop.is_set() and turns is not CONVERSATIONS[1]:
                break  # an enquiry can stop anywhere; a complaint is taken to the end
        else:
            tally.complaints_finished += turns is CONVERSATIONS[1]
        await widget.check_and_end()
        chats += 1


async def play(url: str, faults: Callable[[], Awaitable[list[Outage]]], staff: tuple[str, str], customers: int = 21,
               think: tuple[float, float] = (1.0, 3.0),
               own_networks: bool = False) -> tuple[Tally, StaffTally, list[Outage]]:  # fmt: skip
    """Customers and a member of staff at work through the gateway at ``url`` while ``faults`` runs.

    ``customers`` chat, and a member of staff (``staff``: username, password) keeps the console open, while
    ``faults`` kills parts and waits for each to come back; once it returns, each customer finishes the chat
    it is in. ``own_networks``: each customer connects from a loopback address of its own, as customers come
    from many networks (the gateway limits what one address may send).
    """
    tally, staff_tally, stop = Tally(), StaffTally(), asyncio.Event()
    first_phone = random.randrange(60_000_000, 68_000_000)

    async def one(n: int, shared: aiohttp.ClientSession) -> None:
        if not own_networks:
            return await customer(n, shared, url, tally, stop, think, first_phone)
        async with aiohttp.ClientSession(connector=from_own_network(n)) as own:
            return await customer(n, own, url, tally, stop, think, first_phone)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=customers + 10)) as http:
        chatting = [asyncio.create_task(one(n, http)) for n in range(customers)]
        watching = asyncio.create_task(staff_member(url, *staff, stop, staff_tally))
        try:
            outages = await faults()
        finally:
            stop.set()
        await asyncio.gather(*chatting, watching)
    return tally, staff_tally, outages


@dataclass
class StaffTally:
    """What a member of staff saw of the console while the customers chatted."""

    pages: int = 0
    failed: list[str] = field(default_factory=list)  # pages that came back broken (5xx), with their text
    unreachable: int = 0  # pages asked for while the gateway was down


async def staff_member(url: str, username: str, password: str, stop: asyncio.Event, tally: StaffTally,
                       every: float = 2.0) -> None:  # fmt: skip
    """Sign in and keep the console open until ``stop``.

    Every ``every`` seconds: the queues, and the newest case's page (a view that writes its audit entry).
    """
    async with aiohttp.ClientSession() as http:
        signed_in = False
        while not stop.is_set():
            try:
                if not signed_in:
                    async with http.get(f"{url}/staff/login") as response:
                        token = re.search(r'name="csrf" value="([^"]+)"', await response.text())
                    assert token is not None, "the sign-in form has no csrf field"
                    form = {"csrf": token.group(1), "username": username, "password": password}
                    await http.post(f"{url}/staff/login", data=form)
                    signed_in = True
                async with http.get(f"{url}/staff") as response:
                    page = await response.text()
                    tally.pages += 1
                    if response.status >= 500 or "database is locked" in page:
                        tally.failed.append(f"/staff {response.status}: {page[:200]}")
                case = re.search(r'href="(/staff/cases/CS-[0-9A-Z-]+)"', page)
                if case:
                    async with http.get(url + case.group(1)) as response:
                        text = await response.text()
                        tally.pages += 1
                        if response.status >= 500 or "database is locked" in text:
                            tally.failed.append(f"{case.group(1)} {response.status}: {text[:200]}")
            except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
                tally.unreachable += 1
            await asyncio.sleep(every)


def duplicate_cases(session: Session, conversations: Sequence[str]) -> int:
    """Cases beyond the first in each of these chats (a complaint confirmed once makes one case)."""
    counts = session.execute(
        select(Case.conversation_id, func.count()).where(Case.conversation_id.in_(conversations))
        .group_by(Case.conversation_id)
    ).all()  # fmt: skip
    return sum(count - 1 for _, count in counts)


def cases_in(session: Session, conversations: Sequence[str]) -> int:
    """Cases made in these chats."""
    return int(session.scalar(select(func.count()).select_from(Case).where(Case.conversation_id.in_(conversations)))
               or 0)  # fmt: skip


def summary(tally: Tally, outages: Sequence[Outage], duplicates: int, locked: int) -> str:
    """The figures, as the test prints them and docs/benchmarks.md records them."""
    parts = ", ".join(f"{o.part} down {o.back - o.killed:.0f} s" for o in outages)
    return (f"{len(tally.conversations)} chats by simulated customers, {parts}: {tally.sent} messages sent, "
            f"{tally.answered} answered, {tally.apologised} apologised for (then answered), {tally.lost} lost; "
            f"{tally.missing} missing and {tally.doubled} doubled in the transcripts; {duplicates} duplicate cases "
            f"(of {len(tally.complaints_confirmed)} complaints confirmed); longest wait {tally.longest_wait:.0f} s, "
            f"longest after the part was back {tally.longest_after_return(outages):.0f} s; "
            f"{tally.reconnects} reconnects ({tally.not_resumed} not resumed); "
            f"'database is locked' {locked} times; error frames {len(tally.errors)}.")  # fmt: skip
