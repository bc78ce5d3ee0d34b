"""The Rasa server as the gateway sees it: send a customer's line, get the assistant's replies."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp

from bot.cluster.routing import preference
from bot.context import Context
from bot.errors import AssistantUnavailable
from bot.rasa.stack import rasa_token
from bot.training.activation import RasaServer, RasaServers

T = TypeVar("T")


def rasa_server(context: Context, url: str) -> RasaServer:
    """The Rasa server's HTTP API at ``url`` (the gateway's assistant), with the token of the var directory."""
    return RasaServer(url, rasa_token(context.settings.var_dir))


def rasa_servers(context: Context, assistant: Assistant) -> RasaServers:
    """Every Rasa server the gateway's assistant talks to, for reading a conversation and loading a model."""
    return RasaServers(tuple(rasa_server(context, server.url) for server in assistant.servers))


@dataclass(frozen=True)
class Server:
    """One Rasa server, and the action server it calls (None: not checked)."""

    url: str
    actions_url: str | None = None


class ServerDown(Exception):
    """Nothing could be sent to this Rasa server (the connection was refused): the next one may have the line."""


class Assistant:
    """Talks to the Rasa servers' REST channel; a conversation goes to one server, the next when that one is down.

    Each conversation has its own order of servers (``bot.cluster.routing``), the same from every gateway; a
    server that refuses the connection (nothing was sent) is passed over for the next, which reads the same
    conversation from the shared tracker store. Any other failure (a time-out, an answer cut short) leaves the
    line owed: Rasa may have had it, and the retry asks before sending it again.

    Rasa answers even when an action failed (it logs it and says nothing), so a customer's line answered without a
    word stays owed and is sent again. ``actions_url`` is the action server a Rasa server calls: for a line of the
    service's own (``/EXTERNAL_…``) a reply without a word is checked against its health.

    Each line goes with its transcript id (message metadata ``line``), so a line whose answer may have been lost
    (the gateway died, or Rasa did, after Rasa had it) is looked up in the conversation before it is sent again:
    ``answered`` finds the replies Rasa gave it, and nothing is said twice. That needs the API ``token``.
    """

    def __init__(self, url: str, timeout: float = 30, actions_url: str | None = None, token: str = "",
                 servers: Sequence[Server] = ()) -> None:  # fmt: skip
        self.servers: list[Server] = list(servers) or [Server(url, actions_url)]
        self.token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        """The first Rasa server (the only one, with one); setting it leaves only that one (tests: Rasa gone, back)."""
        return self.servers[0].url

    @url.setter
    def url(self, url: str) -> None:
        self.servers = [Server(url, self.servers[0].actions_url)]

    async def start(self) -> None:
        """Open the HTTP session."""
        self._session = aiohttp.ClientSession(timeout=self._timeout)

    def _order(self, conversation_id: str) -> list[Server]:
        if len(self.servers) == 1:
            return self.servers
        by_url = {server.url: server for server in self.servers}
        return [by_url[url] for url in preference(conversation_id, list(by_url))]

    async def _first_up(self, conversation_id: str, ask: Callable[[Server], Awaitable[T]]) -> T:
        """``ask`` the conversation's Rasa server, or the next one while they refuse the connection."""
        refused = []
        for server in self._order(conversation_id):
            try:
                return await ask(server)
            except ServerDown as exc:
                refused.append(f"{server.url}: {exc}")
        raise AssistantUnavailable("no Rasa server answers (" + "; ".join(refused) + ")")

    async def actions_answer(self, server: Server | None = None) -> bool:
        """Whether the action server ``server`` calls answers its health check (True when there is none to check)."""
        actions_url = (server or self.servers[0]).actions_url
        if not actions_url:
            return True
        assert self._session is not None, "start() first"
        try:
            async with self._session.get(f"{actions_url}/health") as response:
                return response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()

    async def _tracker(self, conversation_id: str, params: dict[str, str]) -> dict[str, Any]:
        assert self._session is not None, "start() first"
        session = self._session

        async def ask(server: Server) -> dict[str, Any]:
            try:
                async with session.get(f"{server.url}/conversations/{quote(conversation_id, safe='')}/tracker",
                                       params={"token": self.token, **params}) as response:  # fmt: skip
                    if response.status != 200:
                        raise AssistantUnavailable(f"HTTP {response.status} for the conversation")
                    state: dict[str, Any] = await response.json()
                    return state
            except aiohttp.ClientConnectorError as exc:
                raise ServerDown(str(exc)) from exc
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                raise AssistantUnavailable(str(exc)) from exc

        return await self._first_up(conversation_id, ask)

    async def answered(self, conversation_id: str, line: int) -> list[dict[str, Any]] | None:
        """The replies Rasa already gave to transcript line ``line``, or None if it never had the line.

        Raises:
            AssistantUnavailable: no Rasa server answered.
        """
        state = await self._tracker(conversation_id, {})
        return answer_in(state.get("events") or [], line)

    async def active_form(self, conversation_id: str) -> str | None:
        """The form the conversation is in the middle of (``complaint_form``…), if any.

        Raises:
            AssistantUnavailable: no Rasa server answered.
        """
        state = await self._tracker(conversation_id, {"include_events": "NONE"})
        name = (state.get("active_loop") or {}).get("name")
        return str(name) if name else None

    async def reply(self, conversation_id: str, text: str, address: str | None = None,
                    line: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
        """The assistant's replies to ``text``.

        ``address`` (a keyed digest) goes with it for the look-up limits, ``line`` (its transcript line) so that
        ``answered`` can find the replies again.

        Raises:
            AssistantUnavailable: no Rasa server answered, or one answered with an error.
        """
        assert self._session is not None, "start() first"
        session = self._session
        metadata: dict[str, Any] = {"address": address} if address else {}
        if line is not None:
            metadata["line"] = line

        async def ask(server: Server) -> list[dict[str, Any]]:
            try:
                async with session.post(f"{server.url}/webhooks/rest/webhook",
                                        json={"sender": conversation_id, "message": text,
                                              "metadata": metadata}) as response:  # fmt: skip
                    if response.status != 200:
                        raise AssistantUnavailable(f"HTTP {response.status}")
                    replies: list[dict[str, Any]] = await response.json()
            except aiohttp.ClientConnectorError as exc:
                raise ServerDown(str(exc)) from exc
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                raise AssistantUnavailable(str(exc)) from exc
            if not any(reply.get("text") for reply in replies):
                if line is not None:
                    # Every customer line has an answer. Rasa says nothing when an action failed (the action server
                    # was down, perhaps back by now) or when the message failed inside it (its lock or tracker store
                    # was unreachable: its REST channel still answers 200): the line stays owed and is sent again.
                    raise AssistantUnavailable("Rasa's reply to the customer's line says nothing")
                if not await self.actions_answer(server):
                    raise AssistantUnavailable("the action server did not answer; Rasa's reply is incomplete")
            return replies

        return await self._first_up(conversation_id, ask)


def answer_in(events: list[dict[str, Any]], line: int) -> list[dict[str, Any]] | None:
    """The replies (as the REST channel gives them) that followed the last user message carrying ``line``.

    None when Rasa never had the line, or had it and said nothing (its action server was down: the line is
    sent again, as it would have been).
    """
    said = [i for i, event in enumerate(events)
            if event.get("event") == "user" and (event.get("metadata") or {}).get("line") == line]  # fmt: skip
    if not said:
        return None
    replies: list[dict[str, Any]] = []
    for event in events[said[-1] + 1 :]:
        if event.get("event") == "user":
            break
        if event.get("event") == "bot" and event.get("text"):
            buttons = (event.get("data") or {}).get("buttons")
            replies.append({"text": event["text"], **({"buttons": buttons} if buttons else {})})
    return replies or None
