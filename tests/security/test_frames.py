"""Finding 4 (low): a frame of 15,000 nested brackets dropped the socket and logged a RecursionError traceback,
on both sockets. Frames are limited to 16 KiB, so 7,000 levels is the deepest that reaches the parser."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from bot.context import Context
from bot.web.app import create_app
from tests.staffing import staff
from tests.web.console import next_frame, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"
NESTED = "[" * 7000 + "]" * 7000


@pytest.mark.parametrize("path", ["/chat", "/staff/live"])
async def test_deeply_nested_frames_are_refused_without_a_traceback_and_the_socket_stays(
    aiohttp_client: Client, context: Context, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "mei")
    with caplog.at_level(logging.DEBUG):
        async with client.ws_connect(path) as socket:
            for _ in range(3):
                await socket.send_str(NESTED)
                assert "could not be read" in (await next_frame(socket, "error", timeout=10))["text"]
            await socket.send_str('{"type": "heartbeat"}' if path == "/staff/live" else '{"type": "hello"}')
            await socket.send_str("{")
            assert (await next_frame(socket, "error", timeout=10))["type"] == "error"
            assert not socket.closed
    assert "RecursionError" not in caplog.text and "Traceback" not in caplog.text
