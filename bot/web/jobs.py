"""The gateway's timers.

Callbacks owed, forms left unanswered, SLA escalation, webhooks, updates to customers, retention (hourly).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import smtplib
import ssl
from collections.abc import Awaitable, Callable
from email.message import EmailMessage

import aiohttp
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.cases import follow_up
from bot.cases.handoff import promise_callbacks
from bot.cases.notifications import body_for, due, record_attempt
from bot.cases.settlement import escalate_overdue
from bot.cases.transcripts import gone_quiet
from bot.cluster.lease import Lease
from bot.context import Context
from bot.privacy.retention import cutoffs, forget_conversations, purge
from bot.quality.weekly import prepare_weekly
from bot.shop.service_rules import Smtp
from bot.web.conversations import Conversations
from bot.web.db import run_in_db

log = logging.getLogger(__name__)


async def tell_waiting_customers(context: Context, conversations: Conversations) -> None:
    """Customers who waited past the policy's limit get the case reference and a callback time."""
    for conversation_id, text in await run_in_db(context, promise_callbacks, context.policy, context.now()):
        await conversations.assistant_says(conversation_id, text)
        conversations.changed.set()


async def pause_quiet_forms(context: Context, conversations: Conversations, now: dt.datetime | None = None) -> None:
    """A customer who left a form's question unanswered past the policy's pause is told their draft is kept."""
    now = now or context.now()
    quiet_for = dt.timedelta(minutes=context.policy.forms.pause_after_minutes)
    quiet = await run_in_db(context, gone_quiet, now - quiet_for - dt.timedelta(hours=1), now - quiet_for)
    for conversation_id, line in quiet:
        if line in conversations.quiet_lines_seen:
            continue
        conversations.quiet_lines_seen.add(line)  # each unanswered line is looked at once
        await conversations.pause_if_in_a_form(conversation_id)


async def escalate(context: Context, conversations: Conversations) -> None:
    """Cases past their SLA go one level up; a case another process moved meanwhile is left to that process."""
    try:
        moved = await run_in_db(context, escalate_overdue, context.policy, context.now())
    except StaleDataError:  # each UPDATE of a case is conditional on its version: nothing was changed here
        log.info("SLA: another process escalated a case at the same moment; looking again next round")
        return
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


def send_mail(smtp: Smtp, password: str | None, to: str, subject: str, text: str) -> None:
    """Send one plain-text email through the shop's mail server (blocking: run it in a thread)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, to, subject
    message.set_content(text)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=20) as server:
        if smtp.starttls:
            server.starttls(context=ssl.create_default_context())
        if smtp.username:
            server.login(smtp.username, password or "")
        server.send_message(message)


async def update_customers(context: Context, client: aiohttp.ClientSession) -> None:
    """Send every update owed to a customer that is due, by email or the shop's webhook; retried on failure."""
    outgoing, shop = context.policy.notifications.customer_updates, context.policy.organization.name
    for update in await run_in_db(context, follow_up.due, context.vault, context.now()):
        error: str | None = None
        try:
            if update.channel == "email" and outgoing.smtp is not None:
                subject = f"Your case {update.reference} with {shop}"
                await asyncio.to_thread(send_mail, outgoing.smtp, context.settings.smtp_password, update.contact,
                                        subject, update.text)  # fmt: skip
            elif outgoing.webhook:
                body = {"event": "case_update", "case_reference": update.reference, "shop": shop,
                        "contact_kind": update.contact_kind, "contact": update.contact,
                        "text": update.text}  # fmt: skip
                timeout = aiohttp.ClientTimeout(total=10)
                async with client.post(outgoing.webhook, json=body, timeout=timeout) as answer:
                    if answer.status >= 300:
                        error = f"HTTP {answer.status}"
            else:
                error = f"no {update.channel} is set in notifications.customer_updates any more"
        except Exception as exc:  # noqa: BLE001 - any failure is an attempt, retried with back-off
            # The kind of failure only: an SMTP refusal names the recipient, a URL may carry the gateway's key.
            code = getattr(exc, "smtp_code", None) or getattr(exc, "status", None)
            error = type(exc).__name__ + (f" {code}" if code else "")
        if error:
            log.warning("update %s on case %s failed: %s", update.id, update.reference, error)
        await run_in_db(context, follow_up.record_attempt, update.id, error, context.now())


async def prepare_weekly_report(context: Context) -> None:
    """Once a week, after the week ends: last week's service-quality report, announced where the policy says."""
    made = await run_in_db(context, prepare_weekly, context.policy, context.now())
    if made is not None:
        log.info("prepared the service-quality report of %s to %s", made.first_day, made.last_day)


async def enforce_retention(context: Context) -> None:
    """Remove personal data past the policy's retention periods, here and in Rasa's tracker store."""
    purged = await run_in_db(context, purge, context.policy.retention, context.now())
    _, conversations_before = cutoffs(context.policy.retention, context.now())
    rasa = await asyncio.to_thread(forget_conversations, context.settings.tracker_url, conversations_before)
    log.info("retention: %s", dataclasses.replace(purged, rasa_conversations=rasa))


async def run_jobs(context: Context, conversations: Conversations, every: float,
                   retention_every: float = 3600.0, lease: Lease | None = None) -> None:  # fmt: skip
    """Run every timer each ``every`` seconds (the retention purge each ``retention_every``) until cancelled.

    With several gateways only the one holding ``lease`` runs them; another takes over when it dies.
    """
    loop = asyncio.get_running_loop()
    last_purge = -retention_every
    lease = lease or Lease(None, "timers")
    async with aiohttp.ClientSession() as client:

        async def one_round() -> None:
            nonlocal last_purge
            jobs: list[Callable[[], Awaitable[None]]] = [
                lambda: tell_waiting_customers(context, conversations),
                lambda: pause_quiet_forms(context, conversations),
                lambda: escalate(context, conversations),
                lambda: deliver_webhooks(context, client),
                lambda: update_customers(context, client),
                lambda: prepare_weekly_report(context),
            ]
            if loop.time() - last_purge >= retention_every:
                last_purge = loop.time()
                jobs.append(lambda: enforce_retention(context))
            for job in jobs:
                try:
                    await job()
                except Exception:  # noqa: BLE001 - one failing timer must not stop the others
                    log.exception("a timer failed")

        while True:
            try:
                await lease.run(one_round)
            except Exception:  # noqa: BLE001 - the timers must outlive any one failure
                log.exception("the timers' round failed")
            await asyncio.sleep(every)
