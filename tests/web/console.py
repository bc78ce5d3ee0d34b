"""Helpers for gateway tests: sign in through the real forms, read websocket frames."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from aiohttp.test_utils import TestClient

from tests.staffing import PASSWORD

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def csrf_of(client: TestClient, path: str) -> str:
    """The CSRF token in the forms of the page at ``path``."""
    response = await client.get(path)
    assert response.status == 200, await response.text()
    match = CSRF.search(await response.text())
    assert match, "no CSRF field on the page"
    return match.group(1)


async def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    """Fill in and send the sign-in form; returns the response (not following the redirect)."""
    token = await csrf_of(client, "/staff/login")
    return await client.post("/staff/login", data={"csrf": token, "username": username, "password": password},
                             allow_redirects=False)  # fmt: skip


async def next_frame(socket: Any, kind: str, timeout: float = 60) -> dict[str, Any]:
    """The next frame of ``kind``, skipping others; fails after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame: dict[str, Any] = await asyncio.wait_for(socket.receive_json(), max(deadline - loop.time(), 0.01))
        if frame["type"] == kind:
            return frame
