"""The gateway's one edge for errors: domain errors as pages, JSON or a notice; the unexpected as a bare 500;
malformed websocket frames refused with an error frame, the socket kept open."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import unquote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.context import Context
from bot.web.app import create_app
from tests.staffing import lodge, staff
from tests.web.console import csrf_of, next_frame, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: these tests need none


async def test_domain_errors_become_status_pages_with_the_security_headers(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "amy", "customer_service_officer")
    reference = lodge(context, "web-e1", now=context.now())  # a supervisor's case
    amy = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(amy, "amy")
    refused = await amy.get(f"/staff/cases/{reference}")
    assert refused.status == 403 and "not in your queues" in await refused.text()
    assert refused.headers["X-Content-Type-Options"] == "nosniff" and refused.content_type == "text/html"
    missing = await amy.get("/staff/cases/CS-NONE-NONE")
    assert missing.status == 404 and "nothing here" in await missing.text()
    as_json = await amy.get("/staff/cases/CS-NONE-NONE", headers={"Accept": "application/json"})
    assert as_json.status == 404 and await as_json.json() == {"error": "There is nothing here by that name."}


async def test_a_refused_form_goes_back_to_its_page_with_the_reason(aiohttp_client: Client, context: Context) -> None:
    staff(context, "mei", "supervisor")
    reference = lodge(context, "web-e2", now=context.now())
    mei = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(mei, "mei")
    token = await csrf_of(mei, f"/staff/cases/{reference}")
    form = {"csrf": token, "remedy": "refund", "amount": "1500", "solution": "Refunded to the card."}
    done = await mei.post(f"/staff/cases/{reference}/settle", data=form, allow_redirects=False)
    assert done.status == 303 and "Case settled" in unquote(done.headers["Location"])
    again = await mei.post(f"/staff/cases/{reference}/settle", data=form, allow_redirects=False)
    assert again.status == 303
    assert (
        unquote(again.headers["Location"]) == f"/staff/cases/{reference}?notice=Not done: the case is already resolved"
    )


async def test_an_unexpected_error_is_logged_and_shown_without_its_trace(
    aiohttp_client: Client, context: Context, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(context, NOWHERE)

    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("secret internals at line 42")

    app.router.add_get("/staff/broken", broken)
    client = await aiohttp_client(app)
    with caplog.at_level(logging.ERROR, logger="bot.web.errors"):
        response = await client.get("/staff/broken")
    text = await response.text()
    assert response.status == 500 and "Something went wrong" in text
    assert "secret" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert "secret internals at line 42" in caplog.text  # the trace is in the log, for whoever runs the shop


@pytest.mark.parametrize(
    ("frame", "reply"),
    [
        ("not json", "could not be read"),
        ("[1, 2]", "could not be read"),
        ('{"type": "launch"}', "could not be read"),
        ('{"type": "message", "text": "   "}', "Please type a message."),
        ('{"type": "message", "text": 42}', "Please type a message."),
        ('{"type": "message", "text": "' + "x" * 2500 + '"}', "too long"),
        ("[" * 7000 + "]" * 7000, "could not be read"),
    ],
    ids=["not-json", "not-an-object", "unknown-type", "empty", "not-text", "too-long", "nested-7000"],
)
async def test_a_malformed_widget_frame_gets_an_error_frame_and_the_chat_goes_on(
    aiohttp_client: Client, context: Context, frame: str, reply: str
) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": None})
        await next_frame(socket, "welcome", timeout=10)
        await socket.send_str(frame)
        assert reply in (await next_frame(socket, "error", timeout=10))["text"]
        await socket.send_str("{")
        assert "could not be read" in (await next_frame(socket, "error", timeout=10))["text"]  # still open


async def test_a_malformed_console_frame_gets_an_error_frame_and_the_console_goes_on(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "mei")
    async with client.ws_connect("/staff/live") as console:
        await next_frame(console, "queue", timeout=10)
        for bad, reply in (("[" * 7000 + "]" * 7000, "could not be read"), ('{"type": "watch"}', "could not be read"),
                           ('{"type": "say", "text": "", "csrf": "x"}', "1 to 2,000 characters")):  # fmt: skip
            await console.send_str(bad)
            assert reply in (await next_frame(console, "error", timeout=10))["text"]
        await console.send_json({"type": "heartbeat"})
        await console.send_str("nonsense")
        assert (await next_frame(console, "error", timeout=10))["type"] == "error"  # the socket is still open
