"""The Rasa server as the gateway sees it: send a customer's line, get the assistant's replies."""

from __future__ import annotations

import asyncio
from typing import Any

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
    """

    def __init__(self, url: str, timeout: float = 30, actions_url: str | None = None) -> None:
        self.url = url
        self.actions_url = actions_url
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

    async def reply(self, conversation_id: str, text: str, address: str | None = None) -> list[dict[str, Any]]:
        """The assistant's replies to ``text``; ``address`` (a keyed digest) goes with it for the look-up limits.

        Raises:
            AssistantUnavailable: Rasa did not answer, or answered with an error.
        """
        assert self._session is not None, "start() first"
        try:
            async with self._session.post(
                f"{self.url}/webhooks/rest/webhook",
                json={"sender": conversation_id, "message": text, "metadata": {"address": address} if address else {}},
            ) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"HTTP {response.status}")
                replies: list[dict[str, Any]] = await response.json()
            if not any(reply.get("text") for reply in replies) and not await self.actions_answer():
                raise AssistantUnavailable("the action server did not answer; Rasa's reply is incomplete")
            return replies
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise AssistantUnavailable(str(exc)) from exc
