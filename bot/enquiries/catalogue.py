"""Products in stock and the daily gold price board."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import GoldPrice, Product
from bot.shop.policy import Policy


def catalogue_type(session: Session, word: str) -> str | None:
    """The catalogue's product type a customer's word names: "watches" → ``watch``, "earring" → ``earrings``."""
    word = word.lower().strip()
    for kind in session.scalars(select(Product.product_type).distinct()):
        if word == kind or word.startswith(kind) or kind.startswith(word):
            return str(kind)
    return None


def product_answer(
    session: Session, policy: Policy, *, product_type: str | None, brand: str | None, material: str | None, text: str
) -> str:
    """Matching products with price and where they are in stock (at most five)."""
    query = select(Product).options(selectinload(Product.stock))
    words = (text or "").lower()
    if brand:
        query = query.where(Product.brand.ilike(brand))
    if material:
        query = query.where(or_(Product.material.ilike(f"%{material}%"), Product.name.ilike(f"%{material}%")))
    if product_type:
        kind = catalogue_type(session, product_type)
        query = (
            query.where(Product.product_type == kind) if kind else query.where(Product.name.ilike(f"%{product_type}%"))
        )
    if not (brand or material or product_type):
        hits = [
            p
            for p in session.scalars(query).all()
            if any(
                term and term in words for term in ((p.brand or "").lower(), p.product_type, (p.material or "").lower())
            )
        ]
    else:
        hits = list(session.scalars(query.order_by(Product.price_hkd)).all())
    if not hits:
        wanted = " ".join(x for x in (material, brand, product_type) if x) or "that"
        return (
            f"I couldn't find {wanted} in our current catalogue. Our staff can check orders from the brand: "
            f"call {policy.organization.hotline} or ask me for a person."
        )
    names = {b.id: b.name for b in policy.branches} | {"online": "online shop"}
    lines = []
    for product in hits[:5]:
        where = [names.get(s.branch_id, s.branch_id) for s in product.stock if s.quantity > 0]
        stock = f"in stock at {', '.join(where)}" if where else "out of stock, can be ordered"
        price = "priced by weight at today's gold price" if product.priced_by_weight else f"HK${product.price_hkd:,}"
        lines.append(f"• {product.name} ({product.sku}): {price}, {stock}")
    more = (
        f"\n…and {len(hits) - 5} more; tell me a brand, material or budget to narrow it down." if len(hits) > 5 else ""
    )
    return "Here is what we have:\n" + "\n".join(lines) + more


def gold_price_answer(session: Session, policy: Policy) -> str:
    """Today's board: the latest price of each metal."""
    latest = session.scalar(select(func.max(GoldPrice.effective_at)))
    if latest is None:
        return f"Today's prices are not published yet; please call {policy.organization.hotline}."
    board = session.scalars(select(GoldPrice).where(GoldPrice.effective_at == latest).order_by(GoldPrice.id)).all()
    when = latest.astimezone(policy.zone)
    lines = [f"• {r.metal}: we sell at HK${r.sell_hkd:,} and buy at HK${r.buy_hkd:,} per {r.unit}" for r in board]
    return f"Gold board, updated {when:%d %b %Y %H:%M}:\n" + "\n".join(lines)
