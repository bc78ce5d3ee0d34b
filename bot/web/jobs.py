"""The gateway's timers: callbacks promised to customers who waited too long, SLA escalation, webhooks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from sqlalchemy.orm import Session

from bot.context import Context
from bot.handoff import promise_callbacks
from bot.notifications import body_for, due, record_attempt
from bot.settlement import escalate_overdue
from bot.web.conversations import Conversations
from bot.web.db import run_in_db

log = logging.getLogger(__name__)


async def tell_waiting_customers(context: Context, conversations: Conversations) -> None:
    """Customers who waited past the policy's limit get the case reference and a callback time."""
    for conversation_id, text in await run_in_db(context, promise_callbacks, context.policy, context.now()):
        await conversations.assistant_says(conversation_id, text)
        conversations.changed.set()


async def escalate(context: Context, conversations: Conversations) -> None:
    """Cases past their SLA go one level up."""
    moved = await run_in_db(context, escalate_overdue, context.policy, context.now())
    for escalation in moved:
        log.info("SLA: case %s escalated to %s", escalation.reference, escalation.role)
    if moved:
        conversations.changed.set()


async def deliver_webhooks(context: Context, client: aiohttp.ClientSession) -> None:
    """Post every announcement that is due; a failure is retried later with back-off."""

    def read(session: Session) -> list[tuple[int, str, dict[str, object]]]:
        return [(d.id, d.url, dict(body_for(d, context.settings.public_url))) for d in due(session, context.now())]

    for delivery_id, url, body in await run_in_db(context, read):
        error: str | None = None
        try:
            async with client.post(url, json=body, timeout=aiohttp.ClientTimeout(total=10)) as response:
                if response.status >= 300:
                    error = f"HTTP {response.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error:
            log.warning("webhook %s to %s failed: %s", delivery_id, url, error)
        await run_in_db(context, record_attempt, delivery_id, error, context.now())


async def run_jobs(context: Context, conversations: Conversations, every: float) -> None:
    """Run every timer each ``every`` seconds until cancelled."""
    async with aiohttp.ClientSession() as client:
        while True:
            jobs: list[Callable[[], Awaitable[None]]] = [
                lambda: tell_waiting_customers(context, conversations),
                lambda: escalate(context, conversations),
                lambda: deliver_webhooks(context, client),
            ]
            for job in jobs:
                try:
                    await job()
                except Exception:  # noqa: BLE001 - one failing timer must not stop the others
                    log.exception("a timer failed")
            await asyncio.sleep(every)
