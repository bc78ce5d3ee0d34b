"""Policies answered as they are written in the organization policy."""

from __future__ import annotations

from bot.enquiries import words
from bot.shop.bilingual import Say, listed
from bot.shop.language import Language
from bot.shop.policy import Policy
from bot.shop.text import first_mentioned, mentions

RETURNS = Say(
    "You can return an item within {return_days} days or exchange it within {exchange_days} days, {conditions}. "
    "Refunds go {refund_method}. Not returnable: {not_returnable}. {cancellation_note}",
    "貨品{conditions}，可於{return_days}天內退貨或{exchange_days}天內換貨。退款方式：{refund_method}。"
    "以下貨品不設退貨：{not_returnable}。{cancellation_note}",
)
REFUND_REQUEST = Say(
    "Within {return_days} days of purchase, and {conditions}, any branch refunds you {refund_method}. "
    "If the item is faulty or the time has passed, I can open a case for our staff to decide on a refund.",
    "購買後{return_days}天內，貨品{conditions}，任何分店均可為你退款（{refund_method}）。"
    "如貨品有問題或已過退貨期，我可以為你開立個案，由職員決定是否退款。",
)
DELIVERY = Say("Delivery options:", "送貨方式：")
DELIVERY_LINE = Say("• {name} ({areas}): {cost}, {days}", "• {name}（{areas}）：{cost}，{days}")
FREE = Say("free", "免費")
FREE_OVER = Say(" (free over HK${amount:,})", "（滿HK${amount:,}免運費）")
WE_ACCEPT_THESE = Say("Yes, we accept {methods}. ", "可以，本店接受{methods}。")
PAYMENT = Say(
    "We accept {methods}. Octopus is accepted up to HK${octopus:,} per purchase. Instalments: {instalments}.",
    "本店接受{methods}。八達通每次消費上限為HK${octopus:,}。分期付款：{instalments}。",
)
PRIVACY = Say(
    "{text} You can ask to access or correct your data by writing to {contact}; we answer within {days} days.",
    "{text}如要查閱或改正你的資料，請致函{contact}，我們會於{days}天內回覆。",
)
PERSONAL_DATA = Say(
    "You have the right to access and correct the personal data we hold about you, and to stop direct "
    "marketing at any time. Please write to our Data Protection Officer at {contact}; we will reply within "
    "{days} days. For marketing, you can also reply STOP to any of our SMS.",
    "你有權查閱及改正本店持有的你的個人資料，亦可隨時要求停止直接推廣。請致函本店的保障資料主任（{contact}），"
    "我們會於{days}天內回覆。如要停止推廣，你亦可回覆任何一則本店短訊「STOP」。",
)
# Certificates: the words that ask about each kind of goods, in English and Chinese.
CERTIFICATE_TOPICS = {
    "diamond": ("diamond", "gia", "carat", "igi", "鑽石", "鑽", "克拉", "卡數"),
    "jadeite": ("jade", "grade a", "翡翠", "玉", "a貨"),
    "gold": ("gold", "999", "750", "916", "18k", "22k", "platinum", "pt950", "stamp", "hallmark", "purity", "金",
             "足金", "鉑金", "白金", "成色", "純度", "印記"),
    "watch": ("watch", "rolex", "omega", "papers", "authentic", "genuine", "fake", "錶", "勞力士", "歐米茄",
              "奧米茄", "正貨", "行貨", "水貨", "假貨", "真貨", "保用證"),
}  # fmt: skip
# Payment methods in the customer's Chinese words, by the policy's English name.
PAYMENT_WORDS = {
    "UnionPay": ("銀聯",), "AlipayHK": ("支付寶",), "WeChat Pay HK": ("微信支付", "微信"), "FPS": ("轉數快",),
    "Octopus": ("八達通",), "cash": ("現金",), "American Express": ("美國運通", "amex"), "Mastercard": ("萬事達",),
}  # fmt: skip


def _items(language: Language, items: tuple[str, ...]) -> str:
    return listed(language, list(items)) if language == "zh" else ", ".join(items)


def returns_answer(policy: Policy, *, language: Language) -> str:
    """Return, exchange and refund rules."""
    r = policy.in_(language).returns
    return RETURNS(language, return_days=r.return_days, exchange_days=r.exchange_days, conditions=r.conditions,
                   refund_method=r.refund_method, not_returnable=_items(language, r.not_returnable),
                   cancellation_note=r.cancellation_note)  # fmt: skip


def refund_request_answer(policy: Policy, *, language: Language) -> str:
    """What happens when a customer wants their money back."""
    r = policy.in_(language).returns
    return REFUND_REQUEST(language, return_days=r.return_days, conditions=r.conditions, refund_method=r.refund_method)


def delivery_answer(policy: Policy, *, language: Language) -> str:
    """Delivery options with areas and costs."""
    said = policy.in_(language)
    lines = [DELIVERY(language)]
    for option in said.delivery:
        cost = FREE(language) if option.cost_hkd == 0 else f"HK${option.cost_hkd}"
        if option.free_over_hkd:
            cost += FREE_OVER(language, amount=option.free_over_hkd)
        lines.append(DELIVERY_LINE(language, name=option.name, areas=option.areas, cost=cost, days=option.days))
    return "\n".join([*lines, said.delivery_note])


def payment_answer(policy: Policy, text: str, *, language: Language) -> str:
    """Accepted payment methods, instalments, limits; a method asked about ("八達通得唔得？") is confirmed first."""
    said = policy.in_(language).payment
    asked = [
        named
        for method, named in zip(policy.payment.methods, said.methods)
        if mentions(text, method) or mentions(text, named) or first_mentioned(text, PAYMENT_WORDS.get(method, ()))
    ]
    lead = WE_ACCEPT_THESE(language, methods=_items(language, tuple(asked))) if asked else ""
    return lead + PAYMENT(language, methods=_items(language, said.methods), octopus=said.octopus_limit_hkd,
                          instalments=said.instalments)  # fmt: skip


def certificate_answer(policy: Policy, text: str, material: str | None, *, language: Language) -> str:
    """Certificates for the kind of goods asked about, or all of them."""
    asked = f"{material or ''} {text or ''}"
    c = policy.in_(language).certificates
    chosen = [getattr(c, topic) for topic, said in CERTIFICATE_TOPICS.items() if words.mentioned(asked, said)]
    return "\n".join(chosen or [c.diamond, c.jadeite, c.gold, c.watch])


def privacy_answer(policy: Policy, *, language: Language) -> str:
    """How personal data is used, and who to ask."""
    p = policy.in_(language).privacy
    return PRIVACY(language, text=p.text, contact=p.dpo_contact, days=p.access_request_days)


def personal_data_request_answer(policy: Policy, *, language: Language) -> str:
    """How to access, correct or delete personal data, or stop direct marketing."""
    p = policy.in_(language).privacy
    return PERSONAL_DATA(language, contact=p.dpo_contact, days=p.access_request_days)
