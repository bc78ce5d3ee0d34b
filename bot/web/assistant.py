"""The Rasa server as the gateway sees it: send a customer's line, get the assistant's replies."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.context import Context
from bot.errors import AssistantUnavailable
from bot.rasa.stack import rasa_token
from bot.training.activation import RasaServer


def rasa_server(context: Context, url: str) -> RasaServer:
    """The Rasa server's HTTP API at ``url`` (the gateway's assistant), with the token of the var directory."""
    return RasaServer(url, rasa_token(context.settings.var_dir))


class Assistant:
    """Talks to Rasa's REST channel; ``url`` may change while running (tests, failover).

    ``actions_url`` is the action server Rasa calls: Rasa answers even when it cannot reach it (it logs the failed
    action and says nothing), so a reply without a word is checked against the action server's health, and an
    action server that is down makes the assistant unavailable: the line stays owed and is sent again.

    Each line goes with its transcript id (message metadata ``line``), so a line whose answer may have been lost
    (the gateway died, or Rasa did, after Rasa had it) is looked up in the conversation before it is sent again:
    ``answered`` finds the replies Rasa gave it, and nothing is said twice. That needs the API ``token``.
    """

    def __init__(self, url: str, timeout: float = 30, actions_url: str | None = None, token: str = "") -> None:
        self.url = url
        self.actions_url = actions_url
        self.token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the HTTP session."""
        self._session = aiohttp.ClientSession(timeout=self._timeout)

    async def actions_answer(self) -> bool:
        """Whether the action server answers its health check (True when there is none to check)."""
        if not self.actions_url:
            return True
        assert self._session is not None, "start() first"
        try:
            async with self._session.get(f"{self.actions_url}/health") as response:
                return response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()

    async def answered(self, conversation_id: str, line: int) -> list[dict[str, Any]] | None:
        """The replies Rasa already gave to transcript line ``line``, or None if it never had the line.

        Raises:
            AssistantUnavailable: Rasa did not answer.
        """
        assert self._session is not None, "start() first"
        try:
            async with self._session.get(f"{self.url}/conversations/{quote(conversation_id, safe='')}/tracker",
                                         params={"token": self.token}) as response:  # fmt: skip
                if response.status != 200:
                    raise AssistantUnavailable(f"HTTP {response.status} for the conversation")
                state: dict[str, Any] = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise AssistantUnavailable(str(exc)) from exc
        return answer_in(state.get("events") or [], line)

    async def active_form(self, conversation_id: str) -> str | None:
        """The form the conversation is in the middle of (``complaint_form``…), if any.

        Raises:
            AssistantUnavailable: Rasa did not answer.
        """
        assert self._session is not None, "start() first"
        try:
            url = f"{self.url}/conversations/{quote(conversation_id, safe='')}/tracker"
            params = {"token": self.token, "include_events": "NONE"}
            async with self._session.get(url, params=params) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"HTTP {response.status} for the conversation")
                state: dict[str, Any] = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise AssistantUnavailable(str(exc)) from exc
        name = (state.get("active_loop") or {}).get("name")
        return str(name) if name else None

    async def reply(self, conversation_id: str, text: str, address: str | None = None,
                    line: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
        """The assistant's replies to ``text``.

        ``address`` (a keyed digest) goes with it for the look-up limits, ``line`` (its transcript line) so that
        ``answered`` can find the replies again.

        Raises:
            AssistantUnavailable: Rasa did not answer, or answered with an error.
        """
        assert self._session is not None, "start() first"
        metadata: dict[str, Any] = {"address": address} if address else {}
        if line is not None:
            metadata["line"] = line
        try:
            async with self._session.post(
                f"{self.url}/webhooks/rest/webhook",
                json={"sender": conversation_id, "message": text, "metadata": metadata},
            ) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"HTTP {response.status}")
                replies: list[dict[str, Any]] = await response.json()
            if not any(reply.get("text") for reply in replies) and not await self.actions_answer():
                raise AssistantUnavailable("the action server did not answer; Rasa's reply is incomplete")
            return replies
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise AssistantUnavailable(str(exc)) from exc


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
