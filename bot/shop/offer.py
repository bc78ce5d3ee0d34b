"""What the shop offers and promises (sections of the policy).

Services and prices, warranty, returns, delivery, payment, certificates.
"""

from __future__ import annotations

from pydantic import Field

from bot.shop.schema import Frozen


class BrandPrice(Frozen):
    """A price that applies to the listed brands."""

    brands: tuple[str, ...]
    price_hkd: int = Field(ge=0)


class Service(Frozen):
    """An after-sales service with its price list and turnaround."""

    id: str
    name: str
    aliases: tuple[str, ...]
    price_hkd: int = Field(ge=0)
    brand_prices: tuple[BrandPrice, ...] = ()
    turnaround: str


class WarrantyRule(Frozen):
    """Warranty cover for some product types."""

    product_types: tuple[str, ...]
    months: int = Field(ge=0)
    covers: str
    excludes: str


class WarrantyPolicy(Frozen):
    """All warranty rules and a general note."""

    rules: tuple[WarrantyRule, ...]
    note: str


class ReturnPolicy(Frozen):
    """Return, exchange and refund rules."""

    return_days: int = Field(ge=0)
    exchange_days: int = Field(ge=0)
    conditions: str
    refund_method: str
    not_returnable: tuple[str, ...]
    online_cancellation_fee_percent: float = Field(ge=0, le=100)
    cancellation_note: str


class DeliveryOption(Frozen):
    """A way to get goods to the customer."""

    id: str
    name: str
    areas: str
    cost_hkd: int = Field(ge=0)
    free_over_hkd: int | None = None
    days: str


class PaymentPolicy(Frozen):
    """Accepted payment methods."""

    methods: tuple[str, ...]
    octopus_limit_hkd: int = Field(ge=0)
    instalments: str


class TextPolicy(Frozen):
    """A policy given as one paragraph."""

    text: str


class Certificates(Frozen):
    """What certifies each kind of goods."""

    diamond: str
    jadeite: str
    gold: str
    watch: str
