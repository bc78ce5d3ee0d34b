"""The organization policy (``organization.yml``): its schema as frozen, validated objects.

Everything a retailer may change without a programmer lives in that file. ``bot.shop.policy_loader``
reads it and turns a validation error into the file, the key at fault and the fix.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import root_validator, validator

from bot.errors import UnknownBranch, UnknownRole
from bot.shop.criteria import DashboardAccess, UnitCriteria, check_units
from bot.shop.hours import WEEKDAYS, Branch, Holiday, OpeningSpan, WeekHours, parse_span
from bot.shop.offer import (
    BrandPrice,
    Certificates,
    DeliveryOption,
    PaymentPolicy,
    ReturnPolicy,
    Service,
    TextPolicy,
    WarrantyPolicy,
    WarrantyRule,
)
from bot.shop.schema import Chinese, Translated
from bot.shop.service_rules import (
    REMEDIES,
    CollectionStatement,
    ComplaintCategory,
    FormsPolicy,
    HandoffPolicy,
    Notifications,
    PrivacyPolicy,
    Remedy,
    RepeatRule,
    Retention,
    Role,
    Routing,
    SlaTerms,
    TrainingPolicy,
)


class NameZh(Chinese):
    """A name in Chinese."""

    name: str


class DeliveryNoteZh(Chinese):
    """The policy's own paragraphs in Chinese."""

    delivery_note: str


class Organization(Translated):
    """Who the shop is."""

    name: str
    timezone: str
    currency: Literal["HKD"]
    hotline: str
    email: str
    website: str
    zh: NameZh

    @validator("timezone")
    def _known_zone(cls, value: str) -> str:  # noqa: N805
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}'") from exc
        return value


class Policy(Translated):
    """The whole organization policy; ``in_("zh")`` is the same policy with the shop's texts in Chinese."""

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
    forms: FormsPolicy = FormsPolicy(pause_after_minutes=10)
    notifications: Notifications = Notifications()
    training: TrainingPolicy = TrainingPolicy(inbox_below=0.6, regression_tolerance=0.02, intent_tolerance=0.20)
    privacy: PrivacyPolicy
    retention: Retention
    performance_criteria: dict[str, UnitCriteria] = {}
    quality_dashboard: DashboardAccess = DashboardAccess()
    zh: DeliveryNoteZh

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
        check_units(values.get("performance_criteria", {}), {branch.id for branch in values["branches"]})
        values["quality_dashboard"].check(role_ids)
        for name in ("branches", "roles", "services", "complaint_categories"):
            ids = [item.id for item in values[name]]
            duplicates = {i for i in ids if ids.count(i) > 1}
            if duplicates:
                raise ValueError(f"{name}: id '{sorted(duplicates)[0]}' appears twice")
        return values

    def in_(self, language: str) -> Policy:
        """The policy with its customer-facing texts in ``language`` (``"en"`` or ``"zh"``)."""
        return self._in_chinese if language == "zh" else self

    @cached_property
    def _in_chinese(self) -> Policy:
        return self.translated("zh")

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

    def category_label(self, category_id: str) -> str:
        """A complaint category as people read it ("Product quality"), or its id if the policy no longer has it."""
        return next((c.label for c in self.complaint_categories if c.id == category_id), category_id)

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
    def own_contacts(self) -> tuple[str, ...]:
        """The shop's own hotline, email, and every branch's address and phone: public, no one's personal data."""
        organization = self.organization
        addresses = (value for b in self.branches for value in (b.address, b.zh.address, b.phone))
        return (organization.hotline, organization.email, *addresses)

    @cached_property
    def zone(self) -> ZoneInfo:
        """The organization's time zone."""
        return ZoneInfo(self.organization.timezone)

    def holiday_on(self, day: dt.date) -> Holiday | None:
        """The public holiday on ``day``, if any."""
        return next((h for h in self.holidays if h.date == day), None)


__all__ = [  # the sections, for whoever reads the policy
    "REMEDIES", "WEEKDAYS", "Branch", "BrandPrice", "Certificates", "CollectionStatement", "ComplaintCategory",
    "DeliveryOption", "HandoffPolicy", "Holiday", "Notifications", "OpeningSpan", "Organization", "PaymentPolicy",
    "Policy", "PrivacyPolicy", "Remedy", "RepeatRule", "Retention", "ReturnPolicy", "Role", "Routing", "Service",
    "SlaTerms", "TextPolicy", "TrainingPolicy", "UnitCriteria", "WarrantyPolicy", "WarrantyRule", "WeekHours",
    "parse_span",
]  # fmt: skip
