"""A terminal chat with the running assistant over Rasa's REST channel (until the web widget exists)."""

from __future__ import annotations

import json
import sys
import urllib.request
import uuid


def send(rasa_url: str, sender: str, text: str) -> list[dict[str, object]]:
    """Send one message and return the assistant's replies."""
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        replies: list[dict[str, object]] = json.loads(response.read())
        return replies


def chat(rasa_url: str) -> None:
    """Read lines from the terminal and print the assistant's replies until EOF or /quit."""
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Chatting with Concierge (type /quit to stop).")
    print("> ", end="", flush=True)
    for line in sys.stdin:
        text = line.strip()
        if text in ("/quit", "/exit"):
            break
        if not text:
            print("> ", end="", flush=True)
            continue
        for reply in send(rasa_url, sender, text):
            print(f"  bot: {reply.get('text', '')}")
            buttons: list[dict[str, str]] = reply.get("buttons") or []  # type: ignore[assignment]
            for button in buttons:
                print(f"       [{button.get('title')}]")
        print("> ", end="", flush=True)
