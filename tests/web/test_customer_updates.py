"""The gateway's timer delivers customers' updates to a real webhook receiver and a real SMTP server, retrying."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bot.cases.follow_up import closed_news, settled_news, tell_customer
from bot.context import Context, build_context
from bot.db.models import Case, CustomerUpdate
from bot.errors import ConfigurationError
from bot.rasa.stack import free_port
from bot.web.jobs import update_customers
from tests.conftest import make_settings
from tests.staffing import NOW, lodge

Server = Callable[..., Awaitable[TestServer]]


class Inbox:
    """An SMTP handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on a free local port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def shop_sending(tmp_path: Path, customer_updates: dict[str, object]) -> Context:
    settings = make_settings(tmp_path / "var")
    data = yaml.safe_load(settings.policy_path.read_text())
    data["notifications"]["customer_updates"] = customer_updates
    settings.policy_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return build_context(settings)


def settled(context: Context, conversation: str, *, email: str | None = None) -> str:
    reference = lodge(context, conversation)
    with context.sessions() as s, s.begin():
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        if email:
            case.contact_kind, case.contact_encrypted = "email", context.vault.encrypt(email)
        case.status = "resolved"
        text = settled_news(case, "repair", 0, "We re-solder the clasp free of charge; collect it on Friday.")
        tell_customer(s, case, text, policy=context.policy, vault=context.vault, now=NOW)
    return reference


async def test_an_update_is_posted_to_the_webhook_retried_after_a_failure_and_sent_once(
    tmp_path: Path, aiohttp_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[dict[str, Any]] = []
    answers = iter([503, 200])

    async def gateway(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=next(answers))

    app = web.Application()
    app.router.add_post("/send", gateway)
    sms = await aiohttp_server(app)
    context = shop_sending(tmp_path, {"webhook": str(sms.make_url("/send"))})
    reference = settled(context, "chat-sms")
    async with aiohttp.ClientSession() as client:
        await update_customers(context, client)  # 503: kept for later
        await update_customers(context, client)  # not due yet: backed off
        assert len(received) == 1
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=10)
        monkeypatch.setattr(Context, "now", lambda self: later)  # past the back-off
        await update_customers(context, client)  # delivered
        await update_customers(context, client)  # and never again
    assert len(received) == 2 and received[0] == received[1]
    assert received[1] == {
        "event": "case_update", "case_reference": reference, "shop": "Golden Harbour Jewellery & Watches",
        "contact_kind": "phone", "contact": "91234567",
        "text": f"An update on your case {reference}: it has been resolved with repair. What was agreed: "
                "We re-solder the clasp free of charge; collect it on Friday.",
    }  # fmt: skip
    with context.sessions() as s:
        update = s.scalars(select(CustomerUpdate)).one()
        assert (update.attempts, update.last_error, update.text_encrypted) == (2, None, "")


async def test_an_email_contact_is_written_to_through_the_shops_mail_server(
    tmp_path: Path, mail_server: tuple[int, Inbox]
) -> None:
    port, inbox = mail_server
    smtp = {"host": "127.0.0.1", "port": port, "sender": "care@goldenharbour.example.hk", "starttls": False}
    context = shop_sending(tmp_path, {"smtp": smtp})
    reference = settled(context, "chat-mail", email="chan.tai.man@example.hk")
    async with aiohttp.ClientSession() as client:
        await update_customers(context, client)
    [(sender, recipients, message)] = inbox.messages
    assert (sender, recipients) == ("care@goldenharbour.example.hk", ["chan.tai.man@example.hk"])
    assert f"Subject: Your case {reference} with Golden Harbour Jewellery & Watches" in message
    assert "We re-solder the clasp free of charge" in message
    with context.sessions() as s, s.begin():
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        tell_customer(s, case, closed_news(case, context.policy), policy=context.policy, vault=context.vault,
                      now=NOW)  # fmt: skip
    async with aiohttp.ClientSession() as client:
        await update_customers(context, client)
    assert len(inbox.messages) == 2 and "is now closed" in inbox.messages[1][2]


def test_a_mail_server_login_without_its_password_stops_the_start(tmp_path: Path) -> None:
    smtp = {"host": "smtp.example.hk", "sender": "care@goldenharbour.example.hk", "username": "care"}
    with pytest.raises(ConfigurationError, match="CONCIERGE_SMTP_PASSWORD"):
        shop_sending(tmp_path, {"smtp": smtp})
