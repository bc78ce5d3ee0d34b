"""The customer's chat through the gateway's websocket, relayed to the real Rasa and action servers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientSession, WSMsgType
from aiohttp.test_utils import TestClient
from sqlalchemy import create_engine, inspect, select, text

from bot.cases.transcripts import add_line, text_of
from bot.context import Context
from bot.db.models import TranscriptLine
from bot.rasa.stack import Stack, free_port
from bot.training.activation import RasaServer
from bot.web.app import create_app
from bot.web.keys import ASSISTANT
from tests.staffing import staff
from tests.web.console import next_frame, sign_in

pytestmark = pytest.mark.servers
Client = Callable[..., Awaitable[TestClient]]


async def assistant_says(socket: Any, timeout: float = 60) -> dict[str, Any]:
    while True:
        frame = await next_frame(socket, "line", timeout)
        if frame["author"] == "assistant":
            return frame


def lines_of(ctx: Context, conversation_id: str) -> list[tuple[str, str, bool]]:
    with ctx.sessions() as s:
        rows = s.scalars(select(TranscriptLine).where(TranscriptLine.conversation_id == conversation_id)
                         .order_by(TranscriptLine.id)).all()  # fmt: skip
        return [(r.author, text_of(s, r), r.relayed) for r in rows]


async def test_a_customer_chats_and_the_transcript_is_kept(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello", "conversation_id": None})
        welcome = await next_frame(socket, "welcome")
        conversation = welcome["conversation_id"]
        assert conversation.startswith("web-") and welcome["history"] == []
        await socket.send_json({"type": "message", "text": "where is order 10023?"})
        assert (await next_frame(socket, "line"))["author"] == "customer"
        assert (await next_frame(socket, "typing"))["on"] is True
        reply = await assistant_says(socket)
        assert "last 4 digits of the phone number given with order 10023" in reply["text"]  # proof first
        await socket.send_json({"type": "message", "text": "I want to make a complaint"})
        consent = await assistant_says(socket)
        assert [b["title"] for b in consent["buttons"]] == ["I agree", "No, thanks"]
    assert [(a, r) for a, _, r in lines_of(stack_context, conversation)] == [
        ("customer", True),
        ("assistant", True),
        ("customer", True),
        ("assistant", True),
    ]


async def test_opening_the_chat_greets_a_new_conversation_once_and_never_one_already_under_way(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        welcome = await next_frame(socket, "welcome")
        assert (welcome["shop"], welcome["zone"]) == ("Golden Harbour Jewellery & Watches", "Asia/Hong_Kong")
        await socket.send_json({"type": "open"})
        greeting = await next_frame(socket, "line")
        assert greeting["author"] == "assistant" and greeting["text"].startswith("Hello and welcome")
        assert "Where is my order?" in [b["payload"] for b in greeting["buttons"]]
        assert greeting["at"].endswith("+00:00")
        await socket.send_json({"type": "open"})  # opened again: not greeted twice
        await socket.send_json({"type": "message", "text": "how much to change a Seiko battery?"})
        assert (await next_frame(socket, "line"))["author"] == "customer"
        conversation = welcome["conversation_id"]
    async with client.ws_connect("/chat") as later:  # a chat under way is never greeted, even with no greeting yet
        await later.send_json({"type": "hello"})
        other = (await next_frame(later, "welcome"))["conversation_id"]
        with stack_context.sessions() as s, s.begin():
            add_line(s, other, "customer", "hello?")
        await later.send_json({"type": "open"})
        await later.send_json({"type": "message", "text": "are you open on Sunday?"})
        assert (await next_frame(later, "line"))["text"] == "are you open on Sunday?"
    assert [a for a, _, _ in lines_of(stack_context, conversation)][:2] == ["assistant", "customer"]
    assert [a for a, _, _ in lines_of(stack_context, other)][:2] == ["customer", "customer"]


async def test_a_reload_resumes_the_conversation_with_its_history(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as first:
        await first.send_json({"type": "hello"})
        started = await next_frame(first, "welcome")
        conversation, secret = started["conversation_id"], started["resume"]
        await first.send_json({"type": "message", "text": "how much to change a Seiko battery?"})
        await assistant_says(first)
    async with client.ws_connect("/chat") as again:
        await again.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        welcome = await next_frame(again, "welcome")
        assert welcome["conversation_id"] == conversation
        assert [line["author"] for line in welcome["history"]] == ["customer", "assistant"]
        assert "HK$180" in welcome["history"][1]["text"]


async def test_with_the_assistant_down_the_customer_gets_an_apology_and_the_message_is_kept(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    app = create_app(stack_context, f"http://127.0.0.1:{free_port()}", retry_every=0.3)
    client = await aiohttp_client(app)
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        await socket.send_json({"type": "message", "text": "is my repair R-2031 ready?"})
        apology = await assistant_says(socket)
        assert apology["text"].startswith("Sorry, I can't answer right now. Your message is kept")
        assert lines_of(stack_context, conversation)[0] == ("customer", "is my repair R-2031 ready?", False)
        app[ASSISTANT].url = stack.rasa_url  # the assistant is back
        answer = await assistant_says(socket)
        assert "given with repair job R-2031" in answer["text"]
    assert [r for _, _, r in lines_of(stack_context, conversation)] == [True, True, True]


async def test_a_line_rasa_answered_before_the_gateway_died_is_answered_once_and_not_sent_again(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as first:
        await first.send_json({"type": "hello"})
        welcome = await next_frame(first, "welcome")
    conversation, secret = welcome["conversation_id"], welcome["resume"]
    # What a gateway that died mid-answer leaves: the line kept and owed, and Rasa having had it and answered.
    with stack_context.sessions() as session, session.begin():
        owed = add_line(session, conversation, "customer", "I want to make a complaint", relayed=False)
    async with ClientSession() as http:
        await http.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                        json={"sender": conversation, "message": owed.text, "metadata": {"line": owed.id}})  # fmt: skip
    async with client.ws_connect("/chat") as again:  # the widget reconnects to the restarted gateway
        await again.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        assert [line["text"] for line in (await next_frame(again, "welcome"))["history"]] == [owed.text]
        consent = await assistant_says(again)
        assert "do you agree?" in consent["text"].lower()
        assert [b["title"] for b in consent["buttons"]] == ["I agree", "No, thanks"]
        await again.send_json({"type": "message", "text": "I agree"})
        assert "name" in (await assistant_says(again))["text"].lower()  # the form went on from where Rasa was
    said = [e["text"] for e in RasaServer(stack.rasa_url, stack.token).events(conversation) if e["event"] == "user"]
    assert said == ["I want to make a complaint", "I agree"]  # Rasa had the owed line once
    assert [(a, r) for a, _, r in lines_of(stack_context, conversation)] == [
        ("customer", True), ("assistant", True), ("customer", True), ("assistant", True)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("frame", "notice"),
    [
        ({"type": "message", "text": ""}, "Please type a message."),
        ({"type": "message", "text": "   \x00  "}, "Please type a message."),
        ({"type": "message", "text": "x" * 2001}, "too long"),
        ({"type": "message", "text": 42}, "Please type a message."),
        ({"type": "shout"}, "could not be read"),
        ("not json", "could not be read"),
        (b"\x00\x01binary", "Only text messages"),
    ],
)
async def test_bad_frames_are_refused_clearly_and_nothing_is_stored(
    aiohttp_client: Client, stack: Stack, stack_context: Context, frame: Any, notice: str
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        if isinstance(frame, bytes):
            await socket.send_bytes(frame)
        elif isinstance(frame, str):
            await socket.send_str(frame)
        else:
            await socket.send_json(frame)
        assert notice in (await next_frame(socket, "error"))["text"]
        await socket.send_json({"type": "message", "text": "hello"})
        assert "Golden Harbour" in (await assistant_says(socket))["text"]  # the chat carries on
    assert [a for a, _, _ in lines_of(stack_context, conversation)] == ["customer", "assistant"]


async def test_a_flood_from_one_chat_is_refused_clearly_and_what_was_accepted_is_kept(
    aiohttp_client: Client, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, f"http://127.0.0.1:{free_port()}"))
    errors: list[str] = []

    async def read(socket: Any) -> None:
        while True:
            frame = await socket.receive_json()
            if frame["type"] == "error":
                errors.append(frame["text"])

    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        reader = asyncio.create_task(read(socket))
        for n in range(40):
            await socket.send_json({"type": "message", "text": f"message {n}"})

        def kept() -> list[str]:
            return [t for a, t, _ in lines_of(stack_context, conversation) if a == "customer"]

        deadline = asyncio.get_running_loop().time() + 30
        while len(kept()) + len(errors) < 40:  # each one kept or refused out loud, none lost
            assert asyncio.get_running_loop().time() < deadline, (kept(), errors)
            await asyncio.sleep(0.1)
        reader.cancel()
    assert len(errors) >= 10 and all("faster than I can read them" in e for e in errors)
    assert kept()[:20] == [f"message {n}" for n in range(20)]


async def test_an_oversized_frame_closes_only_that_socket(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_str("x" * 100_000)
        closing = await socket.receive(timeout=30)
        assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    async with client.ws_connect("/chat") as fresh:
        await fresh.send_json({"type": "hello"})
        assert (await next_frame(fresh, "welcome"))["conversation_id"]


async def test_markup_is_kept_as_text(aiohttp_client: Client, stack: Stack, stack_context: Context) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        await socket.send_json({"type": "message", "text": "<script>alert('x')</script>"})
        echoed = await next_frame(socket, "line")
        assert echoed["text"] == "<script>alert('x')</script>"  # as typed; the widget shows it with textContent
        await assistant_says(socket)
    assert lines_of(stack_context, conversation)[0][1] == "<script>alert('x')</script>"


async def test_the_pages_are_served_with_the_widget_and_strict_headers(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    page = await client.get("/")
    assert page.status == 200 and '<script src="/widget.js" defer></script>' in await page.text()
    assert "script-src" not in page.headers["Content-Security-Policy"]  # default-src 'self': no inline scripts
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    widget = await client.get("/widget.js")
    assert widget.status == 200 and widget.headers["Content-Type"].startswith("application/javascript")
    source = await widget.text()
    assert "innerHTML" not in source and "textContent" in source


async def test_after_a_full_complaint_no_table_or_log_holds_the_personal_data_typed(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    name, phone = "Cheung Wing Yee", "6789 2345"
    turns = [
        "I want to make a complaint",
        "I agree",
        name,
        phone,
        "Product quality or defect",
        "a Tissot watch",
        "yesterday",
        "Mong Kok",
        "The strap broke a week after I bought it.",
        "refund",
        "HK$1,800",
        "yes",
    ]
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        for said in turns:
            await socket.send_json({"type": "message", "text": said})
            reply = await assistant_says(socket)
        assert "recorded as case CS-" in reply["text"] and name in reply["text"]  # the customer sees it all
    typed = (name, phone, phone.replace(" ", ""))
    for url in (stack_context.settings.database_url, stack.settings.tracker_url):
        engine = create_engine(url, future=True)
        with engine.connect() as connection:
            for table in inspect(engine).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    found = [value for value in typed if value in " ".join(str(v) for v in row)]
                    assert not found, f"{found} in {table} of {url}"
        engine.dispose()
    for log in stack.logs.glob("*.log"):
        content = log.read_text(errors="replace")
        assert not [value for value in typed if value in content], log
    staff(stack_context, f"ada-{conversation[-6:]}", "admin")
    await sign_in(client, f"ada-{conversation[-6:]}")
    page = await (await client.get(f"/staff/admin/conversations/{conversation}")).text()
    assert "The strap broke a week after I bought it." in page  # the conversation, without who it was
    assert not [value for value in typed if value in page], "an admin sees no personal data"


async def test_the_admin_never_sees_a_name_typed_into_a_form_even_if_no_case_was_made(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(stack_context, stack.rasa_url))
    async with client.ws_connect("/chat") as socket:
        await socket.send_json({"type": "hello"})
        conversation = (await next_frame(socket, "welcome"))["conversation_id"]
        for said in ("I want to make a complaint", "I agree", "Wong Ka Yan", "cancel"):
            await socket.send_json({"type": "message", "text": said})
            await assistant_says(socket)
    staff(stack_context, f"ada-{conversation[-6:]}", "admin")
    await sign_in(client, f"ada-{conversation[-6:]}")
    page = await (await client.get(f"/staff/admin/conversations/{conversation}")).text()
    assert "I want to make a complaint" in page and "Wong Ka Yan" not in page
