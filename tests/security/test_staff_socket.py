"""Finding 1 (high): the staff socket showed a chat whole to a role that sees it only redacted, wrote no audit
entry, and kept sending its lines after the chat had left that role's queues. Performed as the probe did,
against the real gateway: a supervisor sends ``watch`` on ``/staff/live`` for a chat in the officer's queue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.cases.handoff import request_handoff
from bot.context import Context
from bot.db.models import AuditEntry, HandoffRequest
from bot.web.app import create_app
from tests.staffing import staff
from tests.web.console import csrf_of, next_frame, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: a person is in charge, or the customer gets the apology
EMAIL, PHONE, HKID = "chan.taiman@example.com", "9123 4567", "A123456(7)"


async def frames_until_error(console: Any) -> list[dict[str, Any]]:
    """Every frame the console gets before the answer to a malformed frame (sockets keep their order)."""
    await console.send_str("not a frame")
    frames = []
    while (frame := await console.receive_json(timeout=10))["type"] != "error":
        frames.append(frame)
    return frames


async def says(customer: Any, text: str) -> None:
    """The customer types ``text``; returns once the gateway has shown it and everything it caused."""
    await customer.send_json({"type": "message", "text": text})
    while (frame := await next_frame(customer, "line"))["author"] == "customer":
        pass
    assert frame["author"] in ("assistant", "staff")


async def test_a_watching_supervisor_sees_the_officers_chat_redacted_and_loses_it_when_it_leaves_the_queue(
    aiohttp_server: Any, aiohttp_client: Client, context: Context
) -> None:
    staff(context, "amy", "customer_service_officer")
    staff(context, "sam", "supervisor")
    gateway = await aiohttp_server(create_app(context, NOWHERE, push_every=0.2))
    amy, sam, shop = [await aiohttp_client(gateway) for _ in range(3)]  # one gateway, three browsers
    await sign_in(amy, "amy")
    await sign_in(sam, "sam")
    async with shop.ws_connect("/chat") as customer:
        await customer.send_json({"type": "hello", "conversation_id": None})
        conversation = (await next_frame(customer, "welcome"))["conversation_id"]
        await says(customer, f"I'm Chan, email {EMAIL}, phone {PHONE}")
        with context.sessions() as s, s.begin():
            request_handoff(s, conversation, "customer asked for a person", policy=context.policy, now=context.now())
            handoff_id = s.scalars(select(HandoffRequest.id)).one()
        async with sam.ws_connect("/staff/live") as watching, amy.ws_connect("/staff/live") as holder:
            await watching.send_json({"type": "watch", "conversation_id": conversation})
            await watching.send_json({"type": "watch", "conversation_id": conversation})  # twice: one subscription
            history = [f for f in await frames_until_error(watching) if f["type"] == "line"]
            assert any("[EMAIL]" in f["text"] and "[PHONE]" in f["text"] for f in history)
            assert not any(EMAIL in f["text"] or "9123" in f["text"] for f in history)
            await holder.send_json({"type": "watch", "conversation_id": conversation})
            assert any(EMAIL in f.get("text", "") for f in await frames_until_error(holder))  # her own queue: whole

            token = await csrf_of(amy, "/staff")
            await amy.post(f"/staff/handoffs/{handoff_id}/accept", data={"csrf": token}, allow_redirects=False)
            await customer.send_json({"type": "message", "text": f"my HKID is {HKID}"})
            heard = await next_frame(holder, "line")
            while heard["author"] != "customer":
                heard = await next_frame(holder, "line")
            assert HKID in heard["text"]
            lines = [f for f in await frames_until_error(watching) if f["type"] == "line" and f["author"] == "customer"]
            assert [f["text"] for f in lines] == ["my HKID is [HKID]"]  # once, redacted

            await amy.post(f"/staff/chats/{conversation}/handback", data={"csrf": token}, allow_redirects=False)
            ended = await next_frame(watching, "watch_ended")
            assert ended["conversation_id"] == conversation
            await says(customer, "my card is 4111 1111 1111 1111 and my HKID is B765432(1)")
            after = await frames_until_error(watching)
            assert [f for f in after if f["type"] == "line"] == []  # the watch ended: nothing more comes
            page = await sam.get(f"/staff/chats/{conversation}")
            assert page.status == 403  # the page and the socket agree
    with context.sessions() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        audited = [(e.who.split(" ")[0], e.action, e.why) for e in entries]
    assert audited[0] == ("Amy", "viewed_transcript", "waiting in their queue")
    assert ("Amy", "viewed_transcript", "holding the live chat") in audited
    assert all(who == "Amy" for who, _, _ in audited)  # the supervisor saw no personal data: nothing to audit
