"""How the shop serves (sections of the policy).

Roles and their authority, routing, SLA, handoff, notifications, training, privacy and retention.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, validator

from bot.shop.schema import Chinese, Frozen, Translated

Remedy = Literal["apology", "repair", "replacement", "refund", "compensation"]

REMEDIES: tuple[str, ...] = ("apology", "repair", "replacement", "refund", "compensation")


class TitleZh(Chinese):
    """A role's title in Chinese."""

    title: str


class Role(Translated):
    """A staff role and the authority it carries."""

    id: str
    title: str
    level: int = Field(ge=1)
    remedies: tuple[Remedy, ...]
    max_settlement_hkd: int = Field(ge=0)
    zh: TitleZh


class LabelZh(Chinese):
    """A category's label in Chinese."""

    label: str


class ComplaintCategory(Translated):
    """A kind of complaint, with words that point to it."""

    id: str
    label: str
    aliases: tuple[str, ...]
    zh: LabelZh


class RepeatRule(Frozen):
    """Raise repeat complainants by some levels."""

    window_days: int = Field(ge=1)
    threshold: int = Field(ge=1)
    raise_levels: int = Field(ge=0)


class Routing(Frozen):
    """How a case is routed to a role."""

    default_role: str
    category_roles: dict[str, str] = {}
    severity_role: str
    severity_signals: dict[str, tuple[str, ...]]
    vip_min_role: str
    vip_tiers: tuple[str, ...] = ()
    repeat_complaints: RepeatRule


class SlaTerms(Frozen):
    """Business hours to acknowledge and resolve a case."""

    acknowledge_hours: float = Field(gt=0)
    resolve_hours: float = Field(gt=0)


class HandoffPolicy(Frozen):
    """How long a customer may wait for a person before being promised a callback instead."""

    max_wait_minutes: int = Field(5, ge=1)
    minutes_per_customer: int = Field(5, ge=1)
    upset_words: tuple[str, ...] = ()  # a customer who writes one of these is offered a person at once


class FormsPolicy(Frozen):
    """How the assistant's forms treat a customer who goes quiet."""

    pause_after_minutes: float = Field(10, gt=0)  # a complaint form unanswered this long is paused, its draft kept


HTTP_URL = re.compile(r"^https?://[^\s/]+")


class Smtp(Frozen):
    """The mail server that sends customers news of their cases (its password comes from the environment)."""

    host: str = Field(min_length=1)
    port: int = Field(587, ge=1, le=65535)
    sender: str = Field(regex=r"^[^@\s]+@[^@\s]+$")  # the From address
    starttls: bool = True
    username: str | None = None  # the password is in CONCIERGE_SMTP_PASSWORD, never in this file


class CustomerUpdates(Frozen):
    """How a customer hears that their case was settled or closed, besides the chat: through the contact they gave.

    An email contact is written to through ``smtp``; otherwise (a phone, or no mail server) the update is posted to
    ``webhook`` (for example an SMS or WhatsApp gateway) with the contact in it. Neither set: the chat only.
    """

    webhook: str | None = None
    smtp: Smtp | None = None

    @validator("webhook")
    def _http_url(cls, value: str | None) -> str | None:  # noqa: N805
        if value is not None and not HTTP_URL.match(value):
            raise ValueError(f"'{value}' is not an http:// or https:// address")
        return value


class Notifications(Frozen):
    """Outgoing webhooks by role id, announcing new escalations (no personal data in them); updates to customers."""

    webhooks: dict[str, str] = {}
    customer_updates: CustomerUpdates = CustomerUpdates()
    weekly_report: str | None = None  # told when the weekly service-quality report is ready (a link, no figures)

    @validator("weekly_report")
    def _report_url(cls, value: str | None) -> str | None:  # noqa: N805
        if value is not None and not HTTP_URL.match(value):
            raise ValueError(f"'{value}' is not an http:// or https:// address")
        return value

    @validator("webhooks")
    def _http_urls(cls, value: dict[str, str]) -> dict[str, str]:  # noqa: N805
        for role, url in value.items():
            if not HTTP_URL.match(url):
                raise ValueError(f"{role}: '{url}' is not an http:// or https:// address")
        return value


class TrainingPolicy(Frozen):
    """When a message goes to the NLU inbox, and how much worse a retrained model may score before it is blocked."""

    inbox_below: float = Field(0.6, gt=0, le=1)  # a confidence below this puts the message in the inbox
    regression_tolerance: float = Field(0.02, ge=0, le=1)  # largest drop in accuracy or macro F1, or rise in fallbacks
    intent_tolerance: float = Field(0.20, ge=0, le=1)  # largest drop in any one intent's F1


class TextZh(Chinese):
    """A paragraph in Chinese."""

    text: str


class CollectionStatement(Translated):
    """The Personal Information Collection Statement shown before collecting data."""

    version: str
    text: str
    zh: TextZh


class PrivacyPolicy(Translated):
    """Privacy statement, contacts and limits."""

    collection_statement: CollectionStatement
    dpo_contact: str
    access_request_days: int = Field(ge=1, le=40)
    text: str
    chat_resume_hours: int = Field(12, ge=1, le=720)  # how long a browser may resume its chat after its last visit
    zh: TextZh


class Retention(Frozen):
    """How long records are kept."""

    cases_days: int = Field(ge=1)
    conversations_days: int = Field(ge=1)
