"""The assistant's first words when a customer opens the chat: who it is, and quick replies for the common tasks."""

from __future__ import annotations

from bot.shop.bilingual import Say
from bot.shop.language import Language
from bot.shop.policy import Policy

# What customers most often come for. Each reply sends its payload as if the customer had typed it: in Chinese
# a Chinese line, so that a click keeps the conversation in Chinese.
QUICK_REPLIES = (
    (Say("Opening hours", "營業時間"), Say("What are your opening hours?", "請問營業時間係幾點到幾點？")),
    (Say("Where is my order?", "我的訂單到了哪裏？"), Say("Where is my order?", "我想查訂單進度")),
    (Say("Is my repair ready?", "維修好了嗎？"), Say("Is my repair ready?", "我想查維修進度")),
    (Say("Gold price today", "今日金價"), Say("What is today's gold price?", "今日金價幾多？")),
    (Say("Make a complaint", "投訴"), Say("I want to make a complaint", "我想投訴")),
    (Say("Talk to a person", "找真人客服"), Say("I want to talk to a person", "我想搵真人客服")),
)
GREETING = Say(
    "Hello and welcome to {shop}! I'm the shop's virtual assistant. Ask me about our shops, products and prices, "
    "repairs, your order or a refund — or tell me if something went wrong. How can I help?",
    "你好，歡迎來到{shop}！我是本店的虛擬助理。分店、貨品和價錢、維修、訂單或退款都可以問我；"
    "如有任何不滿，也可以告訴我。有甚麼可以幫你？（English is fine too.）",
)


def greeting(policy: Policy, language: Language = "en") -> tuple[str, list[dict[str, str]]]:
    """The greeting's text and its quick replies, in ``language``."""
    text = GREETING(language, shop=policy.in_(language).organization.name)
    return text, [{"title": title(language), "payload": payload(language)} for title, payload in QUICK_REPLIES]
