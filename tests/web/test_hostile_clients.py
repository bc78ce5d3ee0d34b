"""Hostile clients against the console: every state-changing request without the session's CSRF token or from
another site, forged, replayed and expired session cookies. Each ends in a refusal, and nothing changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Awaitable, Callable

from aiohttp import hdrs
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.context import Context
from bot.db.models import AuditEntry, CaseEvent, InboxMessage, StaffMember
from bot.staff.accounts import SESSION_HOURS
from bot.web.app import create_app
from tests.staffing import lodge, staff
from tests.web.console import csrf_of, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: these tests need none
SAMPLE = {"reference": "CS-AAAA-AAAA", "conversation_id": "web-x", "handoff_id": "1", "line_id": "1", "model_id": "1"}


def state_changing_paths(client: TestClient) -> list[str]:
    """Every POST route of the gateway, its placeholders filled in."""
    paths = []
    for route in client.server.app.router.routes():
        if route.method != hdrs.METH_POST:
            continue
        info = route.resource.get_info() if route.resource else {}
        template = info.get("path") or info.get("formatter", "")
        paths.append(re.sub(r"\{(\w+)(?::[^}]*)?\}", lambda m: SAMPLE[m.group(1)], template))
    return sorted(paths)


def snapshot(context: Context) -> tuple[int, ...]:
    with context.sessions() as s:
        counted = (CaseEvent, AuditEntry, InboxMessage)
        presence = [m.presence for m in s.scalars(select(StaffMember).order_by(StaffMember.id))]
        return (*(int(s.scalar(select(func.count()).select_from(t)) or 0) for t in counted), hash(tuple(presence)))


async def test_every_state_changing_request_needs_the_csrf_token_and_the_same_origin(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    staff(context, "ada", "admin")
    lodge(context, "web-x", now=context.now())
    mei = await aiohttp_client(create_app(context, NOWHERE))
    ada = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(mei, "mei")
    await sign_in(ada, "ada")
    tokens = {mei: await csrf_of(mei, "/staff"), ada: await csrf_of(ada, "/staff/admin")}
    paths = state_changing_paths(mei)
    assert len(paths) >= 15 and "/staff/cases/CS-AAAA-AAAA/export" in paths  # the routes really were found
    before = snapshot(context)
    for path in paths:
        if path == "/staff/login":
            continue  # before any session: the double-submit cookie, tested with the sign-in
        client = ada if path.startswith("/staff/admin") else mei
        for data, headers in [({}, {}), ({"csrf": "forged"}, {}),
                              ({"csrf": tokens[client]}, {"Origin": "https://evil.example"})]:  # fmt: skip
            refused = await client.post(path, data=data, headers=headers, allow_redirects=False)
            assert refused.status == 403, (path, data, headers, refused.status)
            assert "did not come from the console" in await refused.text(), path
    assert snapshot(context) == before


async def test_forged_replayed_and_expired_session_cookies_are_refused(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    client = await aiohttp_client(create_app(context, NOWHERE))
    client.session.cookie_jar.update_cookies({"concierge_staff": "forged-" + "x" * 40})
    assert (await client.get("/staff", allow_redirects=False)).headers["Location"] == "/staff/login"
    assert (await client.post("/staff/presence", data={"presence": "away"})).status == 403

    signed = await sign_in(client, "mei")
    cookie = signed.cookies["concierge_staff"].value
    token = await csrf_of(client, "/staff")
    await client.post("/staff/logout", data={"csrf": token}, allow_redirects=False)
    replay = await aiohttp_client(create_app(context, NOWHERE))
    replay.session.cookie_jar.update_cookies({"concierge_staff": cookie})
    assert (await replay.get("/staff", allow_redirects=False)).headers["Location"] == "/staff/login"
    refused = await replay.post("/staff/presence", data={"presence": "away", "csrf": token}, allow_redirects=False)
    assert refused.status == 403

    fresh = await aiohttp_client(create_app(context, NOWHERE))
    cookie = (await sign_in(fresh, "mei")).cookies["concierge_staff"].value

    class Later(Context):
        def now(self) -> dt.datetime:
            return super().now() + dt.timedelta(hours=SESSION_HOURS, minutes=1)

    later = Later(**{f.name: getattr(context, f.name) for f in dataclasses.fields(context)})
    expired = await aiohttp_client(create_app(later, NOWHERE))
    expired.session.cookie_jar.update_cookies({"concierge_staff": cookie})
    assert (await expired.get("/staff", allow_redirects=False)).headers["Location"] == "/staff/login"
