"""The admin console over HTTP: who may enter, the inbox shown safely, labels that need CSRF, staff flags."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.cases.handoff import accept, request_handoff
from bot.cases.transcripts import add_line
from bot.context import Context
from bot.db.models import AssistantModel, HandoffRequest, InboxMessage
from bot.settings import PROJECT_ROOT
from bot.training import inbox
from bot.web.app import create_app
from tests.staffing import staff
from tests.web.console import csrf_of, sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: these tests need none


def on_project_copy(context: Context, root: Path) -> Context:
    """``context`` labelling into a copy of the project's data, never the repository's."""
    (root / "data").mkdir(parents=True)
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", root / "data" / "nlu")
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    return dataclasses.replace(context, settings=dataclasses.replace(context.settings, project_dir=root))


def keep(context: Context, text: str, conversation: str = "web-1") -> None:
    with context.sessions() as s, s.begin():
        inbox.capture(s, inbox.Said(text, "nlu_fallback", 0.3, None), "fallback", conversation, context.now())


async def test_only_admins_enter_the_admin_console_and_admins_see_no_cases_or_chats(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "mei", "supervisor")
    staff(context, "ada", "admin")
    mei = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(mei, "mei")
    assert (await mei.get("/staff/admin")).status == 403
    token = await csrf_of(mei, "/staff")
    refused = await mei.post("/staff/admin/inbox/dismiss", data={"csrf": token, "key": "x"})
    assert refused.status == 403
    ada = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(ada, "ada")
    home = await ada.get("/staff", allow_redirects=False)
    assert (home.status, home.headers["Location"]) == (303, "/staff/admin")
    assert (await ada.get("/staff/cases/CS-0000-0000", allow_redirects=False)).status == 303
    assert "Ada · Administrator" in await (await ada.get("/staff/admin")).text()
    assert (await ada.get("/staff/live")).status == 403


async def test_the_inbox_shows_markup_as_text_and_a_label_needs_the_csrf_token(
    aiohttp_client: Client, context: Context, tmp_path: Path
) -> None:
    context = on_project_copy(context, tmp_path / "project")
    staff(context, "ada", "admin")
    keep(context, "<script>alert(1)</script> wen u open", "web-1")
    keep(context, "<SCRIPT>alert(1)</script> wen u open!", "web-2")
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "ada")
    page = await (await client.get("/staff/admin")).text()
    assert "<script>alert" not in page, page[page.find("<script>alert") - 200 :][:400]
    assert "&lt;SCRIPT&gt;alert(1)&lt;/script&gt; wen u open!" in page  # the latest of the group
    assert "×2" in page  # the two messages are one group
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    stores = context.settings.nlu_dir / "stores.yml"
    before = stores.read_text()
    form = {"key": key, "text": "wen u open", "intent": "ask_store_info", "new_intent": ""}
    forged = await client.post("/staff/admin/inbox/label", data={**form, "csrf": "forged"})
    assert forged.status == 403 and stores.read_text() == before
    token = await csrf_of(client, "/staff/admin")
    done = await client.post("/staff/admin/inbox/label", data={**form, "csrf": token})
    assert "Added" in await done.text() and "    - wen u open\n" in stores.read_text()
    with context.sessions() as s:
        assert {m.status for m in s.scalars(select(InboxMessage))} == {"labelled"}


async def test_the_member_of_staff_holding_a_chat_flags_a_line_for_the_inbox(
    aiohttp_client: Client, context: Context
) -> None:
    mei = staff(context, "mei", "customer_service_officer")
    with context.sessions() as s, s.begin():
        line = add_line(s, "web-9", "customer", "I meant the strap not the clasp")
        request_handoff(s, "web-9", "customer asked for a person", policy=context.policy, now=context.now())
        handoff_id = s.scalars(select(HandoffRequest.id)).one()
        accept(s, handoff_id, mei, policy=context.policy, now=context.now())
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "mei")
    page = await (await client.get("/staff/chats/web-9")).text()
    assert f"/staff/chats/web-9/lines/{line.id}/flag" in page
    token = await csrf_of(client, "/staff/chats/web-9")
    flagged = await client.post(f"/staff/chats/web-9/lines/{line.id}/flag", data={"csrf": token})
    assert "Sent to the NLU inbox" in await flagged.text()
    with context.sessions() as s:
        kept = s.scalars(select(InboxMessage)).one()
    assert (kept.source, kept.text, kept.conversation_id) == ("flagged", "I meant the strap not the clasp", "web-9")


async def test_retraining_asks_for_confirmation_with_the_expected_time_before_it_starts(
    aiohttp_client: Client, context: Context
) -> None:
    staff(context, "ada", "admin")
    client = await aiohttp_client(create_app(context, NOWHERE))
    await sign_in(client, "ada")
    models = await (await client.get("/staff/admin/models")).text()
    assert "about 1 minute" in models and "about 3 minutes" in models
    token = await csrf_of(client, "/staff/admin/models")
    unconfirmed = await client.post("/staff/admin/models/retrain", data={"csrf": token, "full": "yes"},
                                    allow_redirects=False)  # fmt: skip
    assert (unconfirmed.status, unconfirmed.headers["Location"]) == (303, "/staff/admin/models/retrain?full=yes")
    confirm = await (await client.get("/staff/admin/models/retrain?full=yes")).text()
    assert "Retraining takes about 3 minutes" in confirm and 'name="confirm" value="yes"' in confirm
    with context.sessions() as s:
        assert s.scalars(select(AssistantModel)).all() == []  # nothing started without the confirmation
