"""The assistant's first words when a customer opens the chat: who it is, and quick replies for the common tasks."""

from __future__ import annotations

from bot.shop.policy import Policy

# What customers most often come for. Each reply sends its payload as if the customer had typed it.
QUICK_REPLIES = (
    ("Opening hours", "What are your opening hours?"),
    ("Where is my order?", "Where is my order?"),
    ("Is my repair ready?", "Is my repair ready?"),
    ("Gold price today", "What is today's gold price?"),
    ("Make a complaint", "I want to make a complaint"),
    ("Talk to a person", "I want to talk to a person"),
)


def greeting(policy: Policy) -> tuple[str, list[dict[str, str]]]:
    """The greeting's text and its quick replies."""
    text = (
        f"Hello and welcome to {policy.organization.name}! I'm the shop's virtual assistant. "
        "Ask me about our shops, products and prices, repairs, your order or a refund — or tell me if something "
        "went wrong. How can I help?"
    )
    return text, [{"title": title, "payload": payload} for title, payload in QUICK_REPLIES]
