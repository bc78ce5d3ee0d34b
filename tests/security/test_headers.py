"""Finding 4 (low): error and redirect responses carried no security headers, the console could be framed, the
CSP let websockets go to any host and had no form-action or base-uri, the Server header named Python's and
aiohttp's versions, and the Origin check ignored the scheme."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from bot.context import Context
from bot.web.app import create_app
from tests.staffing import staff
from tests.web.console import csrf_of, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 200), ("GET", "/staff", 303), ("GET", "/nowhere", 404), ("POST", "/health", 405),
     ("GET", "/staff/login", 200), ("GET", "/widget.js", 200), ("GET", "/staff/static/console.css", 200)],
)  # fmt: skip
async def test_every_response_carries_the_security_headers_and_no_server_version(
    aiohttp_client: Client, context: Context, method: str, path: str, status: int
) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    response = await client.request(method, path, allow_redirects=False)
    assert response.status == status
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Server"] == "Concierge"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert (
        policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'" and policy["base-uri"] == "'none'"
    )
    sockets = policy["connect-src"].split()
    assert "ws:" not in sockets and "wss:" not in sockets  # no longer any host
    assert all(s == "'self'" or s.startswith(("ws://127.0.0.1:", "ws://localhost:", "wss://")) for s in sockets)


async def test_a_websocket_handshake_names_no_server_version(aiohttp_client: Client, context: Context) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    async with client.ws_connect("/chat") as socket:
        assert socket._response.headers["Server"] == "Concierge"


async def test_the_origin_check_compares_the_scheme_too(aiohttp_client: Client, context: Context) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "mei")
    token = await csrf_of(client, "/staff")
    host = f"{client.host}:{client.port}"
    for origin, allowed in (
        (f"https://{host}", False),
        (f"http://{host}.evil.example", False),
        (f"http://{host}", True),
    ):
        response = await client.post("/staff/presence", data={"csrf": token, "presence": "away"},
                                     headers={"Origin": origin}, allow_redirects=False)  # fmt: skip
        assert (response.status == 303) is allowed, origin
        assert (response.status == 403) is not allowed, origin
