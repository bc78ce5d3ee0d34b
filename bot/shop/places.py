"""Places in Hong Kong (and near it) that customers name, whether or not the shop has a branch there.

A customer who says "the Causeway Bay branch" names a place where this shop has no branch: the form
tells them so and asks again with the list, rather than reading it as nothing.
"""

from __future__ import annotations

import re

from bot.shop.text import first_mentioned

PLACES: dict[str, str] = {
    "Causeway Bay": "銅鑼灣", "Wan Chai": "灣仔", "Admiralty": "金鐘", "Sheung Wan": "上環", "North Point": "北角",
    "Quarry Bay": "鰂魚涌", "Tai Koo": "太古", "Jordan": "佐敦", "Yau Ma Tei": "油麻地", "Prince Edward": "太子",
    "Sham Shui Po": "深水埗", "Kowloon Tong": "九龍塘", "Kowloon Bay": "九龍灣", "Kwun Tong": "觀塘",
    "Tseung Kwan O": "將軍澳", "Tsuen Wan": "荃灣", "Tuen Mun": "屯門", "Yuen Long": "元朗", "Tai Po": "大埔",
    "Fanling": "粉嶺", "Sheung Shui": "上水", "Tung Chung": "東涌", "Aberdeen": "香港仔", "Stanley": "赤柱",
    "Ma On Shan": "馬鞍山", "Tai Wai": "大圍", "Kwai Fong": "葵芳", "Lai Chi Kok": "荔枝角", "Mei Foo": "美孚",
    "Hung Hom": "紅磡", "Diamond Hill": "鑽石山", "Wong Tai Sin": "黃大仙", "Kennedy Town": "堅尼地城",
    "Airport": "機場", "Macau": "澳門", "Shenzhen": "深圳", "Harbour City": "海港城", "Times Square": "時代廣場",
    "IFC": "國際金融中心", "Pacific Place": "太古廣場", "Festival Walk": "又一城", "Langham Place": "朗豪坊",
    "APM": "創紀之城", "Olympian City": "奧海城", "Elements": "圓方", "New Town Plaza": "新城市廣場",
}  # fmt: skip
# "the Sai Kung branch", "your Ap Lei Chau shop": a place named as a shop of ours, even one not listed above.
_NAMED_SHOP = re.compile(
    r"\b(?:at|in|from|to)\s+(?:the|your|ur|ya)\s+((?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)\s+(?:branch|shop|store|outlet)"
)
_NAMED_SHOP_ZH = re.compile(r"(?:喺|在|去|響|係)?([\u4e00-\u9fff]{2,3}?)(?:分店|舖|鋪|店)")
_NOT_PLACES_ZH = ("你哋", "你們", "貴公司", "貴店", "呢間", "嗰間", "這間", "那間", "金行", "珠寶", "錶行", "網上")


def place_named(text: str) -> str | None:
    """A place ``text`` names, as it is usually written (English, or the Chinese the customer used)."""
    lowered = text.lower()
    found = first_mentioned(lowered, [*PLACES, *PLACES.values()])
    if found:
        return next((name for name in PLACES if name.lower() == found.lower()), found)
    shop = _NAMED_SHOP.search(text)
    if shop:
        return shop.group(1)
    shop_zh = _NAMED_SHOP_ZH.search(text)
    if shop_zh and not any(word in shop_zh.group(1) for word in _NOT_PLACES_ZH):
        return shop_zh.group(1)
    return None
