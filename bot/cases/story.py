"""What a customer's own account already says, so the complaint form asks only for the rest.

"The clasp of my 18K gold bracelet broke, I bought it last Saturday in Mong Kok. I want a replacement" names the
product, the day, the branch, what went wrong, the category it sounds like and the remedy. Any answer to the form
is read this way too, so one answer may carry several fields. Each value is the one the form's own parser would
give (``bot.cases.intake``); nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.cases import intake
from bot.cases.amounts import amount_in
from bot.enquiries.words import BRANDS, MATERIALS, PRODUCT_TYPES
from bot.errors import InvalidAnswer
from bot.shop.places import place_named
from bot.shop.policy import Policy
from bot.shop.text import first_mentioned

# Something went wrong, in the words customers use (the category is read from the policy's own words).
PROBLEM_WORDS = (
    "broke", "broken", "breaks", "cracked", "crack", "scratched", "scratch", "damaged", "damage", "defective",
    "faulty", "fake", "counterfeit", "stopped", "died", "dead", "not fixed", "still broken", "not working",
    "doesn't work", "does not work", "dont work",
    "don't work", "fell off", "fell out", "came off", "missing", "parcel was lost", "got lost", "lost my parcel",
    "sent the wrong", "sent me the wrong", "gave me the wrong", "delivered the wrong", "wrong item", "is wrong",
    "was wrong", "are wrong", "arrived late", "delivered late", "is late", "was late", "never arrived",
    "not arrived", "hasn't arrived", "didn't arrive", "rude", "overcharged", "charged twice", "double charged",
    "does not match", "doesn't match", "not match", "tarnished", "faded", "discoloured", "discolored", "loose",
    "dented", "chipped", "peeling", "leaking", "not the same", "different from", "problem", "issue",
    "壞", "爛", "甩", "花咗", "刮花", "斷", "停咗", "停了", "唔行", "唔郁", "假", "唔對", "不對", "唔一樣",
    "不一樣", "送錯", "寄錯", "收錯", "整錯", "計錯", "搞錯", "遲", "未收到", "收唔到", "冇收到", "漏", "褪色", "變色",
    "甩色", "態度", "黑面", "多收",
    "扣咗兩次", "扣了兩次", "唔見", "不見", "有問題", "出問題", "崩", "裂", "凹",
)  # fmt: skip
# Wanting something: the remedy is read after it, so "the repair took a month" is no wish for a repair.
_WISH = re.compile(
    r"(?:\b(?:don't|do not|dont|not|no|never)\s+)?(?:唔|不|冇|無)?"
    r"(?:\b(?:want|wants|wanted|would like|'d like|need|expect|demand|ask(?:ing)? for|request|give me|get|"
    r"deserve|should|please|pls|plz)\b|要求|希望|我要|我想|想要|想|要|請|麻煩)",
    re.I,
)
FULL_PRICE_WORDS = (
    "full price", "full amount", "full refund", "what i paid", "price i paid", "amount i paid", "all my money",
    "everything i paid", "whole amount", "the price", "the total", "full", "全數", "全額", "原價", "成個價",
    "全部錢", "全部退", "全退", "所有錢", "買嘅價錢", "買價", "全部",
)  # fmt: skip
_MONEY = re.compile(r"hk\$|\$|hkd|dollars?|bucks|蚊|元|港幣|\d\s*k\b|萬|千", re.I)
_ORDER = re.compile(
    r"(?:order|訂單|單號|網購單)\s*(?:no\.?|number|num|#|:|編號|號碼|號|係|是)?\s*[:#]?\s*(1\d{4})(?!\d)|#(1\d{4})(?!\d)",
    re.I,
)
_TYPES_EN = ("wristwatch", "watch", "clock", "ring", "necklace", "bracelet", "bangle", "earring", "pendant",
             "chain", "brooch", "anklet", "cufflink", "locket", "charm", "jewellery", "jewelry")  # fmt: skip
_SMALL_WORDS = r"of|the|my|a|an|this|that|with|and|for|from|at|in|on|to|i|it|is|was|which|who|order|but"
_PRODUCT_EN = re.compile(
    r"\b(?:my|the|a|an|this|that|our|his|her|their|these|those|one|new)\s+"
    rf"((?:(?!(?:{_SMALL_WORDS})\b)[\w$'.\-]+\s+){{0,4}}?(?:{'|'.join(_TYPES_EN)})(?:es|s)?)\b",
    re.I,
)
_BRAND_EN = re.compile(rf"\b((?:{'|'.join(map(re.escape, sorted(BRANDS, key=len, reverse=True)))})(?:\s+[A-Z][a-z]+)?)")
_ZH_TYPES = sorted((w for words in PRODUCT_TYPES.values() for w in words), key=len, reverse=True)
_ZH_MODIFIERS = sorted(
    [*(w for words in MATERIALS.values() for w in words), *(w for words in BRANDS.values() for w in words), *BRANDS],
    key=len,
    reverse=True,
)
_PRODUCT_ZH = re.compile(
    rf"((?:{'|'.join(map(re.escape, _ZH_MODIFIERS))}|\d+[kK]|白|黃|玫瑰|女裝|男裝|情侶|對)*"
    rf"(?:{'|'.join(map(re.escape, _ZH_TYPES))}))",
    re.I,
)


@dataclass(frozen=True)
class Story:
    """What one message says: form fields with clean values, and what the form should raise with the customer.

    ``fields`` maps slot names to the values the form keeps; ``category`` is the complaint category it sounds
    like (the form confirms it with one yes/no); ``place_not_ours`` a place named where the shop has no branch;
    ``full_price`` that the customer asks for the whole price of what they bought.
    """

    fields: dict[str, str] = field(default_factory=dict)
    category: str | None = None
    place_not_ours: str | None = None
    full_price: bool = False


def read_story(text: str, policy: Policy, today: dt.date) -> Story:
    """Everything ``text`` says that the complaint form asks."""
    text = intake.clean_text(text)
    lowered = text.lower()
    fields: dict[str, str] = {}
    if product := product_in(text):
        fields["product"] = product
    if (day := date_in_story(text, today)) is not None:
        fields["incident_date"] = day.isoformat()
    order = _ORDER.search(text)
    if order:
        fields["order_number"] = order.group(1) or order.group(2)
    place, not_ours = place_in(text, policy)
    if place or order:
        fields["incident_place"] = place or "online"
    if went_wrong(text):
        try:
            fields["description"] = intake.parse_description(text)
        except InvalidAnswer:
            pass
    wish = wished(text)
    if wish:
        fields["desired_outcome"] = wish
    full_price = bool(wish in ("refund", "compensation") and first_mentioned(_after_wish(lowered), FULL_PRICE_WORDS))
    if wish in ("refund", "compensation") and (amount := _amount_asked(_after_wish(lowered))):
        fields["claim_amount"] = str(amount)
    return Story(
        fields, category_in(text, policy), None if place else not_ours, full_price and not fields.get("claim_amount")
    )


def sounds_like_complaint(text: str) -> bool:
    """Whether ``text`` tells of something that went wrong and what the customer wants done about it."""
    text = intake.clean_text(text)
    return went_wrong(text) and wished(text) is not None


def went_wrong(text: str) -> bool:
    """Whether ``text`` tells of something that went wrong."""
    return first_mentioned(text.lower(), PROBLEM_WORDS) is not None


def wished(text: str) -> str | None:
    """The remedy the customer asks for (``refund``, ``repair``…), read after a word of wanting; else ``None``."""
    tail = _after_wish(intake.clean_text(text).lower())
    if not tail:
        return None
    try:
        return intake.parse_outcome(tail)
    except InvalidAnswer:
        return None


def wants_full_price(text: str) -> bool:
    """Whether an answer about the amount asks for the whole price paid ("the full price", "全數")."""
    return first_mentioned(intake.clean_text(text).lower(), FULL_PRICE_WORDS) is not None


def product_in(text: str) -> str | None:
    """The product a story is about, with brand and material: "18K gold bracelet", "Omega Seamaster", "18K金手鏈"."""
    match = _PRODUCT_EN.search(text)
    if match:
        return match.group(1)
    brand = _BRAND_EN.search(text)
    if brand:
        return brand.group(1)
    zh = _PRODUCT_ZH.search(text)
    return zh.group(1) if zh else None


def date_in_story(text: str, today: dt.date) -> dt.date | None:
    """The day a story names ("last Saturday", "上個禮拜六", "3 November"), if it is in the last two years."""
    try:
        return intake.parse_date(text, today)
    except InvalidAnswer:
        return None


def place_in(text: str, policy: Policy) -> tuple[str | None, str | None]:
    """Where it happened (a branch id or ``online``), and a place named that is not one of the shop's branches."""
    lowered = text.lower()
    branch = intake.find_branch(lowered, policy)
    if branch:
        return branch, None
    if first_mentioned(lowered, intake.ONLINE_WORDS):
        return "online", None
    return None, place_named(text)


def category_in(text: str, policy: Policy) -> str | None:
    """The complaint category a story sounds like, by the most specific of the policy's words for it."""
    try:
        return intake.parse_category(text, policy)
    except InvalidAnswer:
        return None


def _after_wish(lowered: str) -> str:
    wish = _WISH.search(lowered)
    return lowered[wish.start() :] if wish else ""


def _amount_asked(tail: str) -> int | None:
    without_orders = _ORDER.sub(" ", tail)
    if not _MONEY.search(without_orders):
        return None
    amount = amount_in(without_orders)
    return int(round(amount)) if amount and 0 < amount <= 10_000_000 else None
