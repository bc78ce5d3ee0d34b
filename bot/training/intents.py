"""What each intent of the assistant means, in the words an admin reads beside its name.

The intent names are a public contract (DESIGN.md, "Intent contract"); ``DESCRIPTIONS`` says what each one
means, in one place, for every page that shows or offers an intent. Every intent of ``domain.yml`` has one
(``tests/training/test_intents.py``); an intent an admin adds from the inbox shows ``NO_DESCRIPTION`` until a
description is written here.
"""

from __future__ import annotations

DESCRIPTIONS: dict[str, str] = {
    "greet": "hello, good morning",
    "goodbye": "bye, see you",
    "thank": "thanks, that helped",
    "affirm": "yes, correct, go ahead",
    "deny": "no, that's wrong, don't",
    "bot_challenge": "am I talking to a bot?",
    "ask_capabilities": "what can you do, help",
    "out_of_scope": "anything the shop does not handle (weather, jokes, other companies)",
    "nlu_fallback": "the assistant was unsure (the fallback)",
    "ask_store_info": "opening hours, addresses, phone numbers, nearest branch, holidays",
    "ask_product_info": "availability, price, materials, sizes, brands of products; I want to buy …",
    "ask_gold_price": "today's gold or precious metal price",
    "ask_certificate": "certificates and authenticity of diamonds, jade, gold purity marks",
    "ask_warranty": "warranty terms and coverage",
    "ask_repair_service": "repair, servicing, battery change, resizing, engraving, cleaning: cost, time",
    "ask_repair_status": "where is my repair or service job",
    "ask_buyback": "trade-in and buy-back of gold and jewellery",
    "ask_return_policy": "return, exchange and refund rules, cancellation fees",
    "request_refund": "I want my money back for …",
    "ask_refund_status": "where is my refund",
    "ask_order_status": "tracking an online order, delivery date",
    "request_order_change": "cancel or change an order, change the delivery address",
    "ask_delivery_options": "delivery methods, areas, costs",
    "ask_payment_methods": "accepted payment methods, instalments",
    "ask_invoice": "receipts and invoices, copies of them",
    "ask_membership": "membership, points, online account, newsletter",
    "ask_privacy": "how personal data is used, the collection statement",
    "request_personal_data": "access, correct or delete my personal data; stop direct marketing",
    "make_complaint": "lodge a complaint (product, service, price, delivery, payment, repair, privacy)",
    "check_case_status": "status of my complaint or case",
    "request_human": "talk to a person",
    "give_feedback": "feedback, review, rating of the service",
    "inform": "an answer to a form's question: a name, phone number, date, description",
    "cancel": "stop the form I am filling in",
    "request_correction": "change an answer I gave in a form",
}
NO_DESCRIPTION = "a new intent, not described yet"
INTERNAL_PREFIX = "EXTERNAL_"  # sent by the gateway, never said by a customer: no description needed


def describe(intent: str) -> str:
    """What ``intent`` means, for an admin."""
    return DESCRIPTIONS.get(intent, NO_DESCRIPTION)


def named(intent: str) -> str:
    """The intent's name with its meaning beside it: ``ask_store_info — opening hours, …``."""
    return f"{intent} — {describe(intent)}"
