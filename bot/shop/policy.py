"""The organization policy (``organization.yml``): its schema as frozen, validated objects.

Everything a retailer may change without a programmer lives in that file. ``bot.shop.policy_loader``
reads it and turns a validation error into the file, the key at fault and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, root_validator, validator

from bot.errors import UnknownBranch, UnknownRole

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
Remedy = Literal["apology", "repair", "replacement", "refund", "compensation"]
REMEDIES: tuple[str, ...] = ("apology", "repair", "replacement", "refund", "compensation")


class _Frozen(BaseModel):
    class Config:
        frozen = True
        extra = "forbid"
        keep_untouched = (cached_property,)


class OpeningSpan(_Frozen):
    """One day's opening time, or closed."""

    opens: dt.time | None
    closes: dt.time | None

    @property
    def closed(self) -> bool:
        """Whether the day has no opening at all."""
        return self.opens is None

    def describe(self) -> str:
        """Human text such as ``10:00 to 20:00`` or ``closed``."""
        if self.opens is None or self.closes is None:
            return "closed"
        return f"{self.opens:%H:%M} to {self.closes:%H:%M}"


def parse_span(value: str) -> OpeningSpan:
    """Parse ``"HH:MM-HH:MM"`` or ``"closed"``."""
    text = str(value).strip().lower()
    if text == "closed":
        return OpeningSpan(opens=None, closes=None)
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f"'{value}' is not 'HH:MM-HH:MM' or 'closed'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    opens = dt.time(h1, m1)
    closes = dt.time(23, 59) if h2 == 24 else dt.time(h2, m2)
    if closes <= opens:
        raise ValueError(f"'{value}' closes before it opens")
    return OpeningSpan(opens=opens, closes=closes)


class WeekHours(_Frozen):
    """Opening hours for each weekday and for public holidays."""

    mon: OpeningSpan
    tue: OpeningSpan
    wed: OpeningSpan
    thu: OpeningSpan
    fri: OpeningSpan
    sat: OpeningSpan
    sun: OpeningSpan
    holiday: OpeningSpan

    @validator("*", pre=True)
    def _parse(cls, value: Any) -> OpeningSpan:  # noqa: N805
        return value if isinstance(value, OpeningSpan) else parse_span(value)

    def for_weekday(self, weekday: int) -> OpeningSpan:
        """Hours for ``date.weekday()`` (0 is Monday)."""
        span: OpeningSpan = getattr(self, WEEKDAYS[weekday])
        return span


class Branch(_Frozen):
    """A shop of the organization."""

    id: str
    name: str
    aliases: tuple[str, ...]
    address: str
    phone: str
    hours: WeekHours


class Holiday(_Frozen):
    """A public holiday; ``closed`` shuts every branch that day."""

    date: dt.date
    name: str
    closed: bool = False


class BrandPrice(_Frozen):
    """A price that applies to the listed brands."""

    brands: tuple[str, ...]
    price_hkd: int = Field(ge=0)


class Service(_Frozen):
    """An after-sales service with its price list and turnaround."""

    id: str
    name: str
    aliases: tuple[str, ...]
    price_hkd: int = Field(ge=0)
    brand_prices: tuple[BrandPrice, ...] = ()
    turnaround: str


class WarrantyRule(_Frozen):
    """Warranty cover for some product types."""

    product_types: tuple[str, ...]
    months: int = Field(ge=0)
    covers: str
    excludes: str


class WarrantyPolicy(_Frozen):
    """All warranty rules and a general note."""

    rules: tuple[WarrantyRule, ...]
    note: str


class ReturnPolicy(_Frozen):
    """Return, exchange and refund rules."""

    return_days: int = Field(ge=0)
    exchange_days: int = Field(ge=0)
    conditions: str
    refund_method: str
    not_returnable: tuple[str, ...]
    online_cancellation_fee_percent: float = Field(ge=0, le=100)
    cancellation_note: str


class DeliveryOption(_Frozen):
    """A way to get goods to the customer."""

    id: str
    name: str
    areas: str
    cost_hkd: int = Field(ge=0)
    free_over_hkd: int | None = None
    days: str


class PaymentPolicy(_Frozen):
    """Accepted payment methods."""

    methods: tuple[str, ...]
    octopus_limit_hkd: int = Field(ge=0)
    instalments: str


class TextPolicy(_Frozen):
    """A policy given as one paragraph."""

    text: str


class Certificates(_Frozen):
    """What certifies each kind of goods."""

    diamond: str
    jadeite: str
    gold: str
    watch: str


class Role(_Frozen):
    """A staff role and the authority it carries."""

    id: str
    title: str
    level: int = Field(ge=1)
    remedies: tuple[Remedy, ...]
    max_settlement_hkd: int = Field(ge=0)


class ComplaintCategory(_Frozen):
    """A kind of complaint, with words that point to it."""

    id: str
    label: str
    aliases: tuple[str, ...]


class RepeatRule(_Frozen):
    """Raise repeat complainants by some levels."""

    window_days: int = Field(ge=1)
    threshold: int = Field(ge=1)
    raise_levels: int = Field(ge=0)


class Routing(_Frozen):
    """How a case is routed to a role."""

    default_role: str
    category_roles: dict[str, str] = {}
    severity_role: str
    severity_signals: dict[str, tuple[str, ...]]
    vip_min_role: str
    vip_tiers: tuple[str, ...] = ()
    repeat_complaints: RepeatRule


class SlaTerms(_Frozen):
    """Business hours to acknowledge and resolve a case."""

    acknowledge_hours: float = Field(gt=0)
    resolve_hours: float = Field(gt=0)


class HandoffPolicy(_Frozen):
    """How long a customer may wait for a person before being promised a callback instead."""

    max_wait_minutes: int = Field(5, ge=1)
    minutes_per_customer: int = Field(5, ge=1)
    upset_words: tuple[str, ...] = ()  # a customer who writes one of these is offered a person at once


class Notifications(_Frozen):
    """Outgoing webhooks by role id, announcing new escalations (no personal data in them)."""

    webhooks: dict[str, str] = {}

    @validator("webhooks")
    def _http_urls(cls, value: dict[str, str]) -> dict[str, str]:  # noqa: N805
        for role, url in value.items():
            if not re.match(r"^https?://[^\s/]+", url):
                raise ValueError(f"{role}: '{url}' is not an http:// or https:// address")
        return value


class TrainingPolicy(_Frozen):
    """When a message goes to the NLU inbox, and how much worse a retrained model may score before it is blocked."""

    inbox_below: float = Field(0.6, gt=0, le=1)  # a confidence below this puts the message in the inbox
    regression_tolerance: float = Field(0.02, ge=0, le=1)  # largest drop in accuracy or macro F1, or rise in fallbacks
    intent_tolerance: float = Field(0.20, ge=0, le=1)  # largest drop in any one intent's F1


class CollectionStatement(_Frozen):
    """The Personal Information Collection Statement shown before collecting data."""

    version: str
    text: str


class PrivacyPolicy(_Frozen):
    """Privacy statement, contacts and limits."""

    collection_statement: CollectionStatement
    dpo_contact: str
    access_request_days: int = Field(ge=1, le=40)
    text: str


class Retention(_Frozen):
    """How long records are kept."""

    cases_days: int = Field(ge=1)
    conversations_days: int = Field(ge=1)


class Organization(_Frozen):
    """Who the shop is."""

    name: str
    timezone: str
    currency: Literal["HKD"]
    hotline: str
    email: str
    website: str

    @validator("timezone")
    def _known_zone(cls, value: str) -> str:  # noqa: N805
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}'") from exc
        return value


class Policy(_Frozen):
    """The whole organization policy."""

    version: Literal[1]
    organization: Organization
    branches: tuple[Branch, ...]
    holidays: tuple[Holiday, ...] = ()
    service_hours: WeekHours
    services: tuple[Service, ...]
    warranty: WarrantyPolicy
    returns: ReturnPolicy
    delivery: tuple[DeliveryOption, ...]
    delivery_note: str
    payment: PaymentPolicy
    invoice: TextPolicy
    membership: TextPolicy
    certificates: Certificates
    buyback: TextPolicy
    roles: tuple[Role, ...]
    complaint_categories: tuple[ComplaintCategory, ...]
    routing: Routing
    sla: dict[str, SlaTerms]
    handoff: HandoffPolicy = HandoffPolicy(max_wait_minutes=5, minutes_per_customer=5)
    notifications: Notifications = Notifications()
    training: TrainingPolicy = TrainingPolicy(inbox_below=0.6, regression_tolerance=0.02, intent_tolerance=0.20)
    privacy: PrivacyPolicy
    retention: Retention

    @validator("branches", "roles", "services", "complaint_categories")
    def _not_empty(cls, value: tuple[Any, ...]) -> tuple[Any, ...]:  # noqa: N805
        if not value:
            raise ValueError("needs at least one entry")
        return value

    @root_validator(skip_on_failure=True)
    def _references_resolve(cls, values: dict[str, Any]) -> dict[str, Any]:  # noqa: N805
        role_ids = {role.id for role in values["roles"]}
        category_ids = {category.id for category in values["complaint_categories"]}
        routing: Routing = values["routing"]
        for key in ("default_role", "severity_role", "vip_min_role"):
            if getattr(routing, key) not in role_ids:
                raise ValueError(f"routing.{key}: '{getattr(routing, key)}' is not a role id")
        for category, role in routing.category_roles.items():
            if category not in category_ids:
                raise ValueError(f"routing.category_roles: '{category}' is not a complaint category")
            if role not in role_ids:
                raise ValueError(f"routing.category_roles.{category}: '{role}' is not a role id")
        missing = role_ids - set(values["sla"])
        if missing:
            raise ValueError(f"sla: no terms for role(s) {', '.join(sorted(missing))}")
        unknown = set(values["sla"]) - role_ids
        if unknown:
            raise ValueError(f"sla: '{sorted(unknown)[0]}' is not a role id")
        for role in values["notifications"].webhooks:
            if role not in role_ids:
                raise ValueError(f"notifications.webhooks: '{role}' is not a role id")
        for name in ("branches", "roles", "services", "complaint_categories"):
            ids = [item.id for item in values[name]]
            duplicates = {i for i in ids if ids.count(i) > 1}
            if duplicates:
                raise ValueError(f"{name}: id '{sorted(duplicates)[0]}' appears twice")
        return values

    def role(self, role_id: str) -> Role:
        """The role with this id."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise UnknownRole(role_id)

    def ladder(self) -> list[Role]:
        """Roles that take general complaints, from the front line up (category-only roles left out)."""
        special = set(self.routing.category_roles.values())
        return sorted((r for r in self.roles if r.id not in special), key=lambda r: r.level)

    def role_above(self, role_id: str) -> Role | None:
        """The next role up the ladder from ``role_id`` (None at the top or for a category-only role)."""
        ladder = self.ladder()
        ids = [r.id for r in ladder]
        if role_id not in ids or ids.index(role_id) + 1 == len(ids):
            return None
        return ladder[ids.index(role_id) + 1]

    def roles_seen_by(self, role_id: str) -> tuple[str, ...]:
        """The queues a member of ``role_id`` sees: their own and, on the ladder, every role below."""
        ladder = [r.id for r in self.ladder()]
        if role_id not in ladder:
            return (role_id,)
        return tuple(ladder[: ladder.index(role_id) + 1])

    def branch(self, branch_id: str) -> Branch:
        """The branch with this id."""
        for branch in self.branches:
            if branch.id == branch_id:
                return branch
        raise UnknownBranch(branch_id)

    @cached_property
    def zone(self) -> ZoneInfo:
        """The organization's time zone."""
        return ZoneInfo(self.organization.timezone)

    def holiday_on(self, day: dt.date) -> Holiday | None:
        """The public holiday on ``day``, if any."""
        return next((h for h in self.holidays if h.date == day), None)
