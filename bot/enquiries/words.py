"""The Chinese words customers use for the catalogue's and the price list's English terms.

The NLU maps these to English entity values (``data/nlu/zh_synonyms.yml``); these tables read the customer's
own text when it found no entity ("換Seiko電池幾錢？", "有冇18K金手鏈？"), and name the catalogue's terms in a
Chinese answer. The longest word mentioned wins, so "手鏈" is a bracelet, not a chain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.shop.text import first_mentioned

BRANDS: Mapping[str, tuple[str, ...]] = {
    "Rolex": ("勞力士",), "Omega": ("歐米茄", "奧米茄", "亞米茄"), "Tudor": ("帝舵",), "Longines": ("浪琴",),
    "Tissot": ("天梭",), "Seiko": ("精工",), "Grand Seiko": ("冠藍獅",), "Citizen": ("西鐵城", "星辰錶"),
    "Casio": ("卡西歐",), "TAG Heuer": ("豪雅",), "Swatch": ("斯沃琪",),
}  # fmt: skip
PRODUCT_TYPES: Mapping[str, tuple[str, ...]] = {
    "watch": ("手錶", "手表", "腕錶", "機械錶", "錶"), "clock": ("時鐘", "掛鐘", "座鐘", "鐘"),
    "ring": ("戒指", "介指", "指環"), "necklace": ("頸鏈", "項鏈", "項鍊"), "bracelet": ("手鏈", "手鍊"),
    "bangle": ("手鐲", "手鈪", "手鐶"), "earrings": ("耳環", "耳釘", "耳珠"), "pendant": ("吊墜", "吊咀"),
    "chain": ("鏈", "金鏈"),
}  # fmt: skip
MATERIALS: Mapping[str, tuple[str, ...]] = {
    "999.9 gold": ("足金", "千足金", "999.9金", "999金"), "18K gold": ("18k金", "18k"),
    "18K white gold": ("18k白金",), "rose gold": ("玫瑰金",), "platinum": ("鉑金", "白金", "pt950"),
    "gold": ("金", "黃金"), "diamond": ("鑽石", "鑽"), "jadeite": ("翡翠", "玉", "玉石"), "pearl": ("珍珠",),
    "silver": ("銀", "純銀", "925銀"),
}  # fmt: skip
# Chinese names for the catalogue's and the price list's English terms, in answers.
NAMES: Mapping[str, str] = {
    "watch": "手錶", "clock": "鐘", "ring": "戒指", "necklace": "頸鏈", "bracelet": "手鏈", "bangle": "手鐲",
    "earrings": "耳環", "pendant": "吊墜", "chain": "鏈", "999.9 gold": "999.9足金", "18K gold": "18K金",
    "18K white gold": "18K白金", "18K rose gold": "18K玫瑰金", "rose gold": "玫瑰金", "platinum": "鉑金",
    "Platinum Pt950": "Pt950鉑金", "gold": "金", "diamond": "鑽石", "jadeite": "翡翠", "jade": "玉",
    "pearl": "珍珠", "silver": "銀", "tael": "兩", "gram": "克", "Visa card": "Visa信用卡", "FPS": "轉數快",
    "cash": "現金", "SF Express": "順豐速運", "online shop": "網店",
}  # fmt: skip
# "幾點鐘", "一個鐘", "鐘頭" are times, not clocks; "金港" is the shop; "現金", "訂金", "金額" are money.
_NOT_WORDS = re.compile(r"[點个個半]鐘|鐘頭|鐘數|金港|現金|訂金|按金|金額|退款|白金卡|金卡")


def mentioned(text: str, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` that ``text`` mentions, times and money words aside."""
    return first_mentioned(_NOT_WORDS.sub(" ", (text or "").lower()), words)


def english_for(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    """The English term (a key of ``table``) whose Chinese word ``text`` mentions, the longest word winning."""
    found = mentioned(text, tuple(word for words in table.values() for word in words))
    return next((term for term, words in table.items() if found in words), None) if found else None


def chinese_name(term: str) -> str:
    """The Chinese name of a catalogue term ("bracelet" → "手鏈"), or the term itself if it has none."""
    return NAMES.get(term) or NAMES.get(term.lower()) or term
