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
    """Talks to Rasa's REST channel; ``url`` may change while running (tests, failover)."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        self.url = url
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the HTTP session."""
        self._session = aiohttp.ClientSession(timeout=self._timeout)

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
                return replies
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise AssistantUnavailable(str(exc)) from exc
