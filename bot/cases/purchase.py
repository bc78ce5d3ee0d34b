"""What the customer bought, as the shop's records have it.

What an online order holds, and what was paid for it ("the full price": the order's total, or the catalogue price
of the product).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Order, Product


def price_paid(session: Session, order_number: str | None, product: str | None) -> int | None:
    """What was paid: the order's total, or the price of the one catalogue product named.

    The order counts if ``order_number`` is known; else the one catalogue product whose name has every word of
    ``product`` ("Omega Seamaster"); ``None`` if neither settles it.
    """
    if order_number:
        order = session.get(Order, order_number)
        if order is not None:
            return int(order.total_hkd)
    words = [w for w in re.findall(r"[\w'.-]+", (product or "").lower()) if len(w) > 1]
    if not words:
        return None
    named = [p for p in session.scalars(select(Product)) if all(w in p.name.lower() for w in words)]
    if len(named) == 1 and not named[0].priced_by_weight:
        return int(named[0].price_hkd)
    return None


def items_ordered(session: Session, order_number: str | None) -> str | None:
    """What online order ``order_number`` holds ("Seiko Presage Cocktail Time"), if the order is known."""
    order = session.get(Order, order_number) if order_number else None
    return str(order.items) if order is not None else None
