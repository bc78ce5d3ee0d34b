"""What the assistant says, in English and in Hong Kong Chinese.

Every line the assistant writes to a customer is a ``Say``: its English and its Chinese side by side, where
the code that says it lives. The language comes from the conversation (``Message.language`` in the actions);
the shop's own texts (branch names, services, the collection statement) come from ``Policy.in_(language)``.

    ASK_ORDER = Say("What is the order number?", "請問訂單編號係幾多？")
    ASK_ORDER("zh")                               # '請問訂單編號係幾多？'
    Say("Open until {time}.", "營業至{time}。")("en", time="20:00")
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.shop.language import Language

LANGUAGES: tuple[Language, ...] = ("en", "zh")


@dataclass(frozen=True)
class Say:
    """One line in both languages; ``{field}`` placeholders are filled when it is said."""

    en: str
    zh: str

    def __post_init__(self) -> None:
        if not self.en.strip() or not self.zh.strip():
            raise ValueError(f"a line needs both languages: {self.en or self.zh!r}")

    def __call__(self, language: Language, /, **fields: object) -> str:
        """The line in ``language`` (English for anything but ``"zh"``), its placeholders filled."""
        template = self.zh if language == "zh" else self.en
        return template.format(**fields) if fields else template


def joined(language: Language, parts: list[str]) -> str:
    """Sentences joined as each language writes them: a space between English ones, nothing between Chinese."""
    return ("" if language == "zh" else " ").join(part for part in parts if part)


def listed(language: Language, items: list[str]) -> str:
    """``a, b and c`` in English, ``a、b及c`` in Chinese."""
    if len(items) <= 1:
        return "".join(items)
    if language == "zh":
        return "、".join(items[:-1]) + "及" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]
