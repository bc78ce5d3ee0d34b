"""The staff console over HTTP: sign-in, CSRF, access by role, live chat and settling, webhooks."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

import yaml
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.cases.handoff import request_handoff
from bot.cases.intake import Contact
from bot.cases.service import record_consent
from bot.cases.transcripts import add_line, text_of
from bot.context import Context, build_context
from bot.db.models import Case, HandoffRequest, StaffMember, TranscriptLine
from bot.privacy import audit, resume
from bot.privacy.data_requests import DataRequest, lodge_data_request
from bot.web.app import create_app
from tests.staffing import lodge, staff
from tests.web.console import csrf_of, next_frame, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: these tests need none


async def eventually(check: Callable[[], Any], timeout: float = 20) -> Any:
    """Wait until ``check()`` is truthy; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (result := check()):
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)
    return result


async def test_sign_in_sets_a_strict_http_only_session_and_sign_out_ends_it(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    first = await client.get("/staff", allow_redirects=False)
    assert (first.status, first.headers["Location"]) == (303, "/staff/login")
    response = await sign_in(client, "mei")
    assert (response.status, response.headers["Location"]) == (303, "/staff")
    cookie = response.cookies["concierge_staff"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/staff"
    page = await client.get("/staff")
    assert "Mei · Customer Service Supervisor" in await page.text()
    token = await csrf_of(client, "/staff")
    assert (await client.post("/staff/logout", data={"csrf": token}, allow_redirects=False)).status == 303
    assert (await client.get("/staff", allow_redirects=False)).status == 303


async def test_failed_sign_ins_say_nothing_about_which_part_was_wrong_and_lock_the_account(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    for username, password in [("mei", "wrong one"), ("nobody", "wrong one"), ("", "")]:
        response = await sign_in(client, username, password)
        assert response.status == 401
        assert "Wrong username or password" in await response.text()
        assert "concierge_staff" not in response.cookies
    for _ in range(4):
        await sign_in(client, "mei", "wrong again")
    assert (await sign_in(client, "mei")).status == 401  # locked: even the right password fails now
    with context.sessions() as s:
        assert s.scalars(select(StaffMember)).one().locked_until is not None


async def test_every_form_needs_the_sessions_csrf_token_and_the_same_origin(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    no_login_token = await client.post("/staff/login", data={"username": "mei", "password": "x"})
    assert no_login_token.status == 403
    await sign_in(client, "mei")
    token = await csrf_of(client, "/staff")
    for data, headers in [({"presence": "online"}, {}), ({"presence": "online", "csrf": "forged"}, {}),
                          ({"presence": "online", "csrf": token}, {"Origin": "https://evil.example"})]:  # fmt: skip
        refused = await client.post("/staff/presence", data=data, headers=headers, allow_redirects=False)
        assert refused.status == 403 and "expired" in await refused.text()
    with context.sessions() as s:
        assert s.scalars(select(StaffMember)).one().presence == "online"  # from staff(); untouched
    ok = await client.post("/staff/presence", data={"presence": "away", "csrf": token}, allow_redirects=False)
    assert ok.status == 303
    with context.sessions() as s:
        assert s.scalars(select(StaffMember)).one().presence == "away"


async def test_a_case_of_a_higher_role_is_refused_and_markup_is_shown_as_text(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "amy", "customer_service_officer")
    staff(context, "mei", "supervisor")
    reference = lodge(
        context, "web-c1", description='<script>alert("x")</script> the clasp <b>broke</b>', now=context.now()
    )
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "amy")
    assert (await client.get(f"/staff/cases/{reference}")).status == 403
    client2 = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client2, "mei")
    page = await (await client2.get(f"/staff/cases/{reference}")).text()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; the clasp &lt;b&gt;broke&lt;/b&gt;" in page
    assert "<script>alert" not in page and "Chan Tai Man" in page


async def test_live_chat_both_ways_refusal_above_authority_and_referral(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    reference = lodge(context, "web-conversation-aaaaaaaaaaaaaaaa", now=context.now())
    conversation = "web-conversation-aaaaaaaaaaaaaaaa"
    with context.sessions() as s, s.begin():
        request_handoff(s, conversation, "customer asked for a person", policy=context.policy, now=context.now())
        handoff_id = s.scalars(select(HandoffRequest.id)).one()
    client = await aiohttp_client(create_app(context, NOWHERE, push_every=0.2))
    await sign_in(client, "mei")
    async with client.ws_connect("/staff/live") as console, client.ws_connect("/chat") as customer:
        queue = await next_frame(console, "queue")
        assert [e["case_reference"] for e in queue["waiting"]] == [reference]
        with context.sessions() as s, s.begin():  # as if this browser had started the chat
            secret = resume.issue(s, conversation, context.vault, 12, context.now())
        await customer.send_json({"type": "hello", "conversation_id": conversation, "resume": secret})
        await next_frame(customer, "welcome")
        token = await csrf_of(client, "/staff")
        accepted = await client.post(f"/staff/handoffs/{handoff_id}/accept", data={"csrf": token},
                                     allow_redirects=False)  # fmt: skip
        assert accepted.headers["Location"] == f"/staff/chats/{conversation}"
        assert (await next_frame(customer, "staff"))["name"] == "Mei (Customer Service Supervisor)"
        assert (await next_frame(console, "queue"))["waiting"] == []
        await console.send_json({"type": "watch", "conversation_id": conversation})
        await customer.send_json({"type": "message", "text": "Hello? <script>x</script>"})
        heard = await next_frame(console, "line")
        while heard["author"] != "customer":
            heard = await next_frame(console, "line")
        assert heard["text"] == "Hello? <script>x</script>"
        await console.send_json({"type": "say", "text": "Hi, I'm Mei. Let me look.", "csrf": token})
        said = await next_frame(customer, "line")
        while said["author"] != "staff":
            said = await next_frame(customer, "line")
        assert (said["text"], said["name"]) == ("Hi, I'm Mei. Let me look.", "Mei (Customer Service Supervisor)")
        await console.send_json({"type": "say", "text": "forged", "csrf": "nope"})
        settlement = {"csrf": token, "remedy": "compensation", "amount": "8000", "solution": "Cash", "back": "/staff"}
        refused = await client.post(f"/staff/cases/{reference}/settle", allow_redirects=False, data=settlement)
        assert "Refused: A Customer Service Supervisor may settle with compensation up to HK$3,000" in unquote(
            refused.headers["Location"])  # fmt: skip
        referred = await client.post(f"/staff/cases/{reference}/refer", allow_redirects=False,
                                     data={"csrf": token, "reason": "Wants HK$8,000"})  # fmt: skip
        assert "Store%20Manager" in referred.headers["Location"]
        told = await next_frame(customer, "line")
        assert "passed your case to our Store Manager" in told["text"]
    with context.sessions() as s:
        lines = [(r.author, text_of(s, r), r.relayed)
                 for r in s.scalars(select(TranscriptLine).order_by(TranscriptLine.id))]  # fmt: skip
        assert ("customer", "Hello? <script>x</script>", True) in lines  # kept, never sent to the assistant
        assert not any(text == "forged" for _, text, _ in lines)
        case = s.scalars(select(Case)).one()
        assert [e.kind for e in case.events] == ["created", "handoff_requested", "accepted", "settlement_refused",
                                                 "referred_up"]  # fmt: skip
        assert case.assigned_role == "store_manager"


async def test_an_escalation_webhook_is_retried_until_it_is_taken(aiohttp_client: Client, context: Context) -> None:
    received: list[dict[str, Any]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=500 if len(received) == 1 else 204)

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    server = TestServer(receiver)
    await server.start_server()
    try:
        data = yaml.safe_load(context.settings.policy_path.read_text())
        data["notifications"] = {"webhooks": {"supervisor": f"http://127.0.0.1:{server.port}/hook"}}
        context.settings.policy_path.write_text(yaml.safe_dump(data, allow_unicode=True))
        ctx = build_context(dataclasses.replace(context.settings, public_url="https://chat.example.hk"))
        await aiohttp_client(create_app(ctx, NOWHERE, jobs_every=0.2))
        reference = lodge(ctx, "web-c2", now=ctx.now())
        await eventually(lambda: len(received) >= 2, timeout=30)  # failed once, retried after 5 s back-off
        assert received[0] == received[1]
        assert received[1]["case_reference"] == reference and received[1]["role"] == "supervisor"
        assert received[1]["console_url"] == f"https://chat.example.hk/staff/cases/{reference}"
        assert "Chan Tai Man" not in str(received) and "91234567" not in str(received)
    finally:
        await server.close()


async def test_an_upset_customer_is_queued_for_a_person_at_once(aiohttp_client: Client, context: Context) -> None:
    client = await aiohttp_client(create_app(context, NOWHERE))
    async with client.ws_connect("/chat") as customer:
        await customer.send_json({"type": "hello"})
        conversation = (await next_frame(customer, "welcome"))["conversation_id"]
        await customer.send_json({"type": "message", "text": "This is RIDICULOUS, three weeks and no watch!"})
        said = []
        while not any("take over this chat" in t or "isn't available" in t for t in said):
            said.append((await next_frame(customer, "line"))["text"])
        await customer.send_json({"type": "message", "text": "Useless!"})
        await next_frame(customer, "line")
    with context.sessions() as s:
        (handoff,) = s.scalars(select(HandoffRequest)).all()  # queued once
        assert (handoff.conversation_id, handoff.reason) == (conversation, "the customer sounds upset")


async def test_personal_data_is_shown_only_to_whoever_handles_the_case_and_every_view_is_audited(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "amy", "customer_service_officer")
    staff(context, "sam", "supervisor")
    staff(context, "kit", "store_manager")
    reference = lodge(context, "web-a1", now=context.now())  # a supervisor's case (refund HK$1,500)
    with context.sessions() as s, s.begin():
        request_handoff(s, "web-a1", "customer asked for a person", policy=context.policy, now=context.now())
        add_line(s, "web-a1", "customer", "I am Chan Tai Man, call me on 9123 4567")
    amy = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(amy, "amy")
    assert (await amy.get(f"/staff/cases/{reference}")).status == 403
    kit = await aiohttp_client(create_app(context, NOWHERE))  # supervises the supervisor's queue
    await sign_in(kit, "kit")
    for page in (f"/staff/cases/{reference}", "/staff/chats/web-a1"):
        response = await kit.get(page)
        seen = await response.text()
        assert response.status == 200 and "The clasp broke" in seen, page  # the case, without who it is
        assert "Chan Tai Man" not in seen and "9123 4567" not in seen and "91234567" not in seen, page
    sam = await aiohttp_client(create_app(context, NOWHERE))  # the supervisor's own queue
    await sign_in(sam, "sam")
    assert "Chan Tai Man" in await (await sam.get(f"/staff/cases/{reference}")).text()
    assert "call me on 9123 4567" in await (await sam.get("/staff/chats/web-a1")).text()
    with context.sessions() as s:
        log = [(e.who, e.action, e.subject, e.why) for e in audit.entries(s)]
    assert log == [
        ("Sam (Customer Service Supervisor)", "viewed_case", reference, "handling the case in their queue"),
        ("Sam (Customer Service Supervisor)", "viewed_transcript", "web-a1", "waiting in their queue"),
        ("Sam (Customer Service Supervisor)", "viewed_case", reference, "handling the case in their queue"),
    ]  # the chat page shows its transcript, then its case; Amy was refused and Kit was shown no personal data


async def test_the_data_protection_officer_exports_corrects_and_completes_a_data_request(
    aiohttp_client: Client, context: Context
) -> None:
    complaint = lodge(context, "web-c1", now=context.now())
    with context.sessions() as s, s.begin():
        record_consent(s, "web-d1", context.policy.privacy.collection_statement.version, True)
        add_line(s, "web-c1", "customer", "My bracelet broke")
        asked = DataRequest("data_correction", "Chan Tai Man", Contact("phone", "91234567"), "my number is 6123 4567")
        reference = lodge_data_request(s, asked, intake_key="k-d1", conversation_id="web-d1", policy=context.policy,
                                       vault=context.vault, now=context.now()).reference  # fmt: skip
    staff(context, "dora", "data_protection_officer")
    staff(context, "max", "customer_service_manager")
    manager = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(manager, "max")
    token = await csrf_of(manager, "/staff")
    refused = await manager.post(f"/staff/cases/{reference}/export", data={"csrf": token}, allow_redirects=False)
    assert refused.status == 403  # privacy cases are the DPO's alone
    dora = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(dora, "dora")
    page = await (await dora.get(f"/staff/cases/{reference}")).text()
    assert 'id="export-form"' in page and 'id="correct-form"' in page and 'id="settle-form"' not in page
    token = await csrf_of(dora, f"/staff/cases/{reference}")
    assert (await dora.post(f"/staff/cases/{reference}/export", data={}, allow_redirects=False)).status == 403
    exported = await dora.post(f"/staff/cases/{reference}/export", data={"csrf": token}, allow_redirects=False)
    assert exported.status == 200
    assert exported.headers["Content-Disposition"] == f'attachment; filename="personal-data-{reference}.json"'
    document = json.loads(await exported.text())
    assert [c["reference"] for c in document["cases"]] == [complaint, reference]
    assert document["conversations"][0]["lines"][0]["said"] == "My bracelet broke"
    correct = f"/staff/cases/{reference}/correct"
    bad = await dora.post(correct, data={"csrf": token, "field": "contact", "value": "6123"}, allow_redirects=False)
    assert "Not done: I need a Hong Kong phone number" in unquote(bad.headers["Location"])
    fixed = await dora.post(correct, data={"csrf": token, "field": "contact", "value": "6123 4567"})
    assert "Corrected on 2 records of this customer." in await fixed.text()
    done = await dora.post(f"/staff/cases/{reference}/complete", data={"csrf": token, "outcome": "Number updated"})
    assert "Request completed." in await done.text()
    with context.sessions() as s:
        cases = {c.reference: c for c in s.scalars(select(Case))}
        assert {context.vault.decrypt(c.contact_encrypted) for c in cases.values()} == {"61234567"}
        assert cases[reference].status == "resolved"
        log = [(e.who, e.action) for e in audit.entries(s, reference)]
    assert ("Dora (Data Protection Officer)", "exported_personal_data") in log
    assert ("Dora (Data Protection Officer)", "corrected_personal_data") in log
    assert not [who for who, _ in log if who.startswith("Max")]


async def test_a_settled_case_is_reopened_from_its_page(aiohttp_client: Client, context: Context) -> None:
    staff(context, "mei", "supervisor")
    reference = lodge(context, "web-reopen", now=context.now())
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "mei")
    page = await (await client.get(f"/staff/cases/{reference}")).text()
    assert 'id="reopen-form"' not in page  # an open case is not reopened
    token = await csrf_of(client, f"/staff/cases/{reference}")
    settled = {"csrf": token, "remedy": "refund", "amount": "1500", "solution": "Refund to the card"}
    assert (await client.post(f"/staff/cases/{reference}/settle", allow_redirects=False, data=settled)).status == 303
    page = await (await client.get(f"/staff/cases/{reference}")).text()
    assert 'id="reopen-form"' in page
    empty = await client.post(f"/staff/cases/{reference}/reopen", allow_redirects=False,
                              data={"csrf": token, "reason": " "})  # fmt: skip
    assert "give the reason for reopening" in unquote(empty.headers["Location"])
    reopened = await client.post(f"/staff/cases/{reference}/reopen", allow_redirects=False,
                                 data={"csrf": token, "reason": "The refund never arrived"})  # fmt: skip
    assert "Case reopened with a new resolution deadline." in unquote(reopened.headers["Location"])
    page = await (await client.get(f"/staff/cases/{reference}")).text()
    assert '<b id="case-status">Reopened</b>' in page and 'id="settle-form"' in page
