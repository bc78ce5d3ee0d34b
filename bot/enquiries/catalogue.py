"""Products in stock and the daily gold price board."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import GoldPrice, Product
from bot.enquiries import words
from bot.shop.bilingual import Say, listed
from bot.shop.dates import said_day
from bot.shop.language import Language, language_of
from bot.shop.policy import Policy

NOT_FOUND = Say(
    "I couldn't find {wanted} in our current catalogue. Our staff can check orders from the brand: "
    "call {hotline} or ask me for a person.",
    "目前的貨品目錄中找不到{wanted}。職員可以為你向品牌查詢訂貨：請致電{hotline}，或要求轉接職員。",
)
THAT = Say("that", "相關貨品")
WHAT_WE_HAVE = Say("Here is what we have:", "本店現有：")
PRODUCT_LINE = Say("• {name} ({sku}): {price}, {stock}", "• {name}（{sku}）：{price}，{stock}")
IN_STOCK_AT = Say("in stock at {branches}", "現貨：{branches}")
OUT_OF_STOCK = Say("out of stock, can be ordered", "暫時缺貨，可以訂購")
BY_WEIGHT = Say("priced by weight at today's gold price", "按當日金價以重量計價")
MORE = Say(
    "…and {count} more; tell me a brand, material or budget to narrow it down.",
    "…還有{count}件；告訴我品牌、材質或預算，我可以幫你收窄範圍。",
)
ONLINE_SHOP = Say("online shop", "網店")
NOT_PUBLISHED = Say(
    "Today's prices are not published yet; please call {hotline}.", "今天的金價尚未公布，請致電{hotline}查詢。"
)
BOARD = Say("Gold board, updated {when}:", "金價表（更新於{when}）：")
BOARD_LINE = Say(
    "• {metal}: we sell at HK${sell:,} and buy at HK${buy:,} per {unit}",
    "• {metal}：每{unit}賣出價HK${sell:,}，回收價HK${buy:,}",
)


def catalogue_type(session: Session, word: str) -> str | None:
    """The catalogue's product type a customer's word names: "watches" → ``watch``, "earring" → ``earrings``."""
    word = word.lower().strip()
    for kind in session.scalars(select(Product.product_type).distinct()):
        if word == kind or word.startswith(kind) or kind.startswith(word):
            return str(kind)
    return None


def product_answer(
    session: Session,
    policy: Policy,
    *,
    product_type: str | None,
    brand: str | None,
    material: str | None,
    text: str,
    language: Language,
) -> str:
    """Matching products with price and where they are in stock (at most five).

    With no entity, Chinese words in ``text`` name them ("有冇18K金手鏈" is an 18K gold bracelet).
    """
    if not (brand or material or product_type) and language_of(text or "") == "zh":
        product_type = words.english_for(text, words.PRODUCT_TYPES)
        material = words.english_for(text, words.MATERIALS)
        brand = words.english_for(text, words.BRANDS)
    query = select(Product).options(selectinload(Product.stock))
    lowered = (text or "").lower()
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
                term and term in lowered
                for term in ((p.brand or "").lower(), p.product_type, (p.material or "").lower())
            )
        ]
    else:
        hits = list(session.scalars(query.order_by(Product.price_hkd)).all())
    if not hits:
        return NOT_FOUND(language, wanted=_wanted(language, material, brand, product_type),
                         hotline=policy.organization.hotline)  # fmt: skip
    names = {b.id: b.name for b in policy.in_(language).branches} | {"online": ONLINE_SHOP(language)}
    lines = [WHAT_WE_HAVE(language)]
    for product in hits[:5]:
        order = list(names)  # the policy's branches first, in its order, then the online shop
        held = sorted((s.branch_id for s in product.stock if s.quantity > 0),
                      key=lambda b: order.index(b) if b in order else len(order))  # fmt: skip
        where = [names.get(branch, branch) for branch in held]
        branches = listed(language, where) if language == "zh" else ", ".join(where)
        stock = IN_STOCK_AT(language, branches=branches) if where else OUT_OF_STOCK(language)
        price = BY_WEIGHT(language) if product.priced_by_weight else f"HK${product.price_hkd:,}"
        lines.append(PRODUCT_LINE(language, name=product.name, sku=product.sku, price=price, stock=stock))
    if len(hits) > 5:
        lines.append(MORE(language, count=len(hits) - 5))
    return "\n".join(lines)


def _wanted(language: Language, material: str | None, brand: str | None, product_type: str | None) -> str:
    """What was looked for: ``18K gold Omega watch``, ``18K金Omega手錶``."""
    parts = [x for x in (material, brand, product_type) if x]
    if not parts:
        return THAT(language)
    if language == "zh":
        return "".join(words.chinese_name(x) for x in parts)
    return " ".join(parts)


def gold_price_answer(session: Session, policy: Policy, *, language: Language) -> str:
    """Today's board: the latest price of each metal."""
    latest = session.scalar(select(func.max(GoldPrice.effective_at)))
    if latest is None:
        return NOT_PUBLISHED(language, hotline=policy.organization.hotline)
    board = session.scalars(select(GoldPrice).where(GoldPrice.effective_at == latest).order_by(GoldPrice.id)).all()
    local = latest.astimezone(policy.zone)
    when = (
        f"{said_day(local.date(), language, weekday='', year=True)} {local:%H:%M}"
        if language == "zh"
        else f"{local:%d %b %Y %H:%M}"
    )
    lines = [
        BOARD_LINE(language, metal=_said(r.metal, language), unit=_said(r.unit, language), sell=r.sell_hkd,
                   buy=r.buy_hkd)
        for r in board
    ]  # fmt: skip
    return "\n".join([BOARD(language, when=when), *lines])


def _said(term: str, language: Language) -> str:
    return words.chinese_name(term) if language == "zh" else term
