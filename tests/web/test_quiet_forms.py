"""A customer who goes quiet in the middle of the complaint form, through the gateway and the real Rasa and action
servers: the gateway's timer pauses the form kindly, the draft is kept, and nothing else is touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.context import Context
from bot.db.models import Case
from bot.rasa.stack import Stack
from bot.web.app import create_app
from bot.web.jobs import pause_quiet_forms
from bot.web.keys import CONVERSATIONS
from tests.web.console import next_frame

pytestmark = pytest.mark.servers
Client = Callable[..., Awaitable[TestClient]]


async def assistant_says(socket: Any, timeout: float = 60) -> dict[str, Any]:
    while True:
        frame = await next_frame(socket, "line", timeout)
        if frame["author"] == "assistant":
            return frame


async def test_a_complaint_left_unanswered_is_paused_with_its_draft_kept(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    conversations = client.app[CONVERSATIONS]
    quiet_for = dt.timedelta(minutes=stack_context.policy.forms.pause_after_minutes)
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": None})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        await socket.send_json(
            {"type": "message", "text": "the staff at TST were so rude to me yesterday, i want an apology"}
        )
        assert "Do you agree?" in (await assistant_says(socket))["text"]
        await socket.send_json({"type": "message", "text": "yes, I agree"})
        assert "What is your name" in (await assistant_says(socket))["text"]

        await pause_quiet_forms(stack_context, conversations, now=stack_context.now() + quiet_for / 2)
        await pause_quiet_forms(
            stack_context, conversations, now=stack_context.now() + quiet_for + dt.timedelta(minutes=1)
        )
        paused = await assistant_says(socket, timeout=30)
        assert "I haven't heard from you" in paused["text"] and "Nothing has been sent" in paused["text"]
        assert [b["title"] for b in paused["buttons"]] == ["Continue my complaint", "Cancel"]
        later = stack_context.now() + 2 * quiet_for
        await pause_quiet_forms(stack_context, conversations, now=later)  # paused once: no form, nothing said

        await socket.send_json({"type": "message", "text": "continue my complaint"})
        assert "What is your name" in (await assistant_says(socket))["text"]  # where it stopped, consent kept
        await socket.send_json({"type": "message", "text": "Chan Tai Man, 9123 4567"})
        assert "staff service" in (await assistant_says(socket))["text"]
    with stack_context.sessions() as s:
        assert s.scalars(select(Case).where(Case.conversation_id == conversation)).all() == []


async def test_a_conversation_outside_any_form_is_left_alone(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    conversations = client.app[CONVERSATIONS]
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": None})
        await next_frame(socket, "welcome")
        await socket.send_json({"type": "message", "text": "do you have Omega watches?"})
        assert "Omega" in (await assistant_says(socket))["text"]
        lines_before = len(conversations.quiet_lines_seen)
        await pause_quiet_forms(stack_context, conversations, now=stack_context.now() + dt.timedelta(minutes=30))
        assert len(conversations.quiet_lines_seen) > lines_before  # it was looked at
        await socket.send_json({"type": "message", "text": "thanks"})
        reply = await assistant_says(socket)
        assert "Nothing has been sent" not in reply["text"]  # no pause was said in between
