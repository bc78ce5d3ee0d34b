"""What the shop offers and promises (sections of the policy).

Services and prices, warranty, returns, delivery, payment, certificates.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, validator

from bot.shop.schema import Chinese, Frozen, Translated


class BrandPrice(Frozen):
    """A price that applies to the listed brands."""

    brands: tuple[str, ...]
    price_hkd: int = Field(ge=0)


class ServiceZh(Chinese):
    """A service's name and turnaround in Chinese."""

    name: str
    turnaround: str


class Service(Translated):
    """An after-sales service with its price list and turnaround."""

    id: str
    name: str
    aliases: tuple[str, ...]
    price_hkd: int = Field(ge=0)
    brand_prices: tuple[BrandPrice, ...] = ()
    turnaround: str
    zh: ServiceZh


class WarrantyRuleZh(Chinese):
    """What a warranty covers and excludes, in Chinese."""

    covers: str
    excludes: str


class WarrantyRule(Translated):
    """Warranty cover for some product types."""

    product_types: tuple[str, ...]
    months: int = Field(ge=0)
    covers: str
    excludes: str
    zh: WarrantyRuleZh


class NoteZh(Chinese):
    """A note in Chinese."""

    note: str


class WarrantyPolicy(Translated):
    """All warranty rules and a general note."""

    rules: tuple[WarrantyRule, ...]
    note: str
    zh: NoteZh


class ReturnPolicyZh(Chinese):
    """The return policy's texts in Chinese."""

    conditions: str
    refund_method: str
    not_returnable: tuple[str, ...]
    cancellation_note: str


class ReturnPolicy(Translated):
    """Return, exchange and refund rules."""

    return_days: int = Field(ge=0)
    exchange_days: int = Field(ge=0)
    conditions: str
    refund_method: str
    not_returnable: tuple[str, ...]
    online_cancellation_fee_percent: float = Field(ge=0, le=100)
    cancellation_note: str
    zh: ReturnPolicyZh


class DeliveryOptionZh(Chinese):
    """A delivery option's texts in Chinese."""

    name: str
    areas: str
    days: str


class DeliveryOption(Translated):
    """A way to get goods to the customer."""

    id: str
    name: str
    areas: str
    cost_hkd: int = Field(ge=0)
    free_over_hkd: int | None = None
    days: str
    zh: DeliveryOptionZh


class PaymentPolicyZh(Chinese):
    """Payment methods and instalments in Chinese, the methods in the same order."""

    methods: tuple[str, ...]
    instalments: str


class PaymentPolicy(Translated):
    """Accepted payment methods."""

    methods: tuple[str, ...]
    octopus_limit_hkd: int = Field(ge=0)
    instalments: str
    zh: PaymentPolicyZh

    @validator("zh")
    def _every_method(cls, value: PaymentPolicyZh, values: dict[str, Any]) -> PaymentPolicyZh:  # noqa: N805
        if "methods" in values and len(value.methods) != len(values["methods"]):
            raise ValueError(f"methods: {len(values['methods'])} in English, {len(value.methods)} in Chinese")
        return value


class TextZh(Chinese):
    """A paragraph in Chinese."""

    text: str


class TextPolicy(Translated):
    """A policy given as one paragraph."""

    text: str
    zh: TextZh


class CertificatesZh(Chinese):
    """What certifies each kind of goods, in Chinese."""

    diamond: str
    jadeite: str
    gold: str
    watch: str


class Certificates(Translated):
    """What certifies each kind of goods."""

    diamond: str
    jadeite: str
    gold: str
    watch: str
    zh: CertificatesZh
