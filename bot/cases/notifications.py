"""Outgoing webhooks that announce escalations to a role, kept in an outbox until delivered.

An announcement carries the case reference (or none for a bare chat request), the role and a
console path; never a name, phone, email or anything the customer wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import WebhookDelivery
from bot.shop.policy import Policy

MAX_ATTEMPTS = 12
Kind = Literal["new_case", "chat_waiting", "referred_up", "sla_escalated"]


class Announcement(TypedDict):
    """The JSON body posted to a role's webhook."""

    event: Literal["escalation"]
    kind: Kind
    role: str
    role_title: str
    case_reference: str | None
    console_url: str
    at: str


def announce(session: Session, policy: Policy, role: str, kind: Kind, reference: str | None, *,
             now: dt.datetime) -> None:  # fmt: skip
    """Queue an announcement for ``role``'s webhook, if the policy names one.

    The console link is stored as a path; ``body_for`` makes it absolute with the gateway's public address.
    """
    url = policy.notifications.webhooks.get(role)
    if not url:
        return
    path = f"/staff/cases/{reference}" if reference else "/staff"
    body: Announcement = {"event": "escalation", "kind": kind, "role": role, "role_title": policy.role(role).title,
                          "case_reference": reference, "console_url": path, "at": now.isoformat()}  # fmt: skip
    session.add(WebhookDelivery(role=role, url=url, body=json.dumps(body), next_attempt_at=now))


def body_for(delivery: WebhookDelivery, public_url: str) -> Announcement:
    """The body to post, with the console link made absolute."""
    body: Announcement = json.loads(delivery.body)
    body["console_url"] = public_url + body["console_url"]
    return body


def due(session: Session, now: dt.datetime, limit: int = 20) -> list[WebhookDelivery]:
    """Deliveries to try now, oldest first."""
    return list(session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.delivered_at.is_(None), WebhookDelivery.next_attempt_at <= now,
                                      WebhookDelivery.attempts < MAX_ATTEMPTS)
        .order_by(WebhookDelivery.id).limit(limit)
    ).all())  # fmt: skip


def record_attempt(session: Session, delivery_id: int, error: str | None, now: dt.datetime) -> None:
    """After a try: delivered, or retried later with exponential back-off (5 s doubling, at most an hour)."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return
    delivery.attempts += 1
    if error is None:
        delivery.delivered_at = now
        delivery.last_error = None
    else:
        delivery.last_error = error[:300]
        delivery.next_attempt_at = now + dt.timedelta(seconds=min(5 * 2 ** (delivery.attempts - 1), 3600))
