"""What kind of product, and which brand, a case is about: read from the product the customer named."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.enquiries.words import BRANDS, PRODUCT_TYPES, english_for

OTHER = "other"
NO_BRAND = "no brand named"
_EN_TYPES = {"wristwatch": "watch", "watches": "watch", "earring": "earrings", "rings": "ring", "chains": "chain"}
_TYPE_WORDS = re.compile(
    rf"\b({'|'.join(sorted({*PRODUCT_TYPES, *_EN_TYPES}, key=len, reverse=True))})\b", re.IGNORECASE
)
_BRAND_WORDS = re.compile(rf"\b({'|'.join(map(re.escape, sorted(BRANDS, key=len, reverse=True)))})\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def product_type(product: str | None) -> str:
    """``watch``, ``ring``… (the catalogue's types), the first named, else ``other``.

    A product named only by its brand is a watch: every brand the shop sells makes watches.
    """
    text = product or ""
    found = _TYPE_WORDS.search(text)
    if found:
        word = found.group(1).lower()
        return _EN_TYPES.get(word, word)
    return english_for(text, PRODUCT_TYPES) or ("watch" if brand(text) != NO_BRAND else OTHER)


@lru_cache(maxsize=4096)
def brand(product: str | None) -> str:
    """The brand named (``Omega``, ``Grand Seiko``), in English or Chinese, else ``no brand named``."""
    text = product or ""
    found = _BRAND_WORDS.search(text)
    if found:
        return next(name for name in BRANDS if name.lower() == found.group(1).lower())
    return english_for(text, BRANDS) or NO_BRAND
