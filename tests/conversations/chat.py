"""A customer talking to the real Rasa server over its REST channel."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from bot.rasa.stack import Stack


class Chat:
    """One conversation: ``say`` sends a message and returns the assistant's replies as text."""

    def __init__(self, stack: Stack, sender: str | None = None) -> None:
        self.stack = stack
        self.sender = sender or f"test-{uuid.uuid4().hex[:12]}"
        self.last: list[dict[str, Any]] = []

    def say(self, text: str) -> str:
        """Send ``text``; return all reply texts joined by newlines."""
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}, timeout=120
        )
        response.raise_for_status()
        self.last = response.json()
        return "\n".join(str(m.get("text", "")) for m in self.last)

    def buttons(self) -> list[str]:
        """Titles of the buttons in the last replies."""
        return [b["title"] for m in self.last for b in m.get("buttons") or []]

    def tracker(self) -> dict[str, Any]:
        """The conversation as the Rasa server keeps it."""
        response = requests.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker", params={"token": self.stack.token}, timeout=60
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def last_intent(self) -> str:
        """The intent the NLU gave the last message."""
        return str(self.tracker()["latest_message"]["intent"]["name"])
