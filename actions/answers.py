"""Which service answers which enquiry intent.

Used by the enquiry actions and, for a side question in the middle of a form, by the form validators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from actions.common import Message
from bot.cases.intake import find_branch, parse_order_number
from bot.context import Context
from bot.enquiries import aftersales, catalogue, orders, proof, shop_info, stores
from bot.errors import InvalidAnswer, TooManyLookups
from bot.shop.bilingual import Say

TOO_MANY = Say(
    "There have been too many unsuccessful attempts from this chat. Please try again in an hour, or call us on "
    "{hotline}.",
    "此對話的嘗試失敗次數太多。請一小時後再試，或致電{hotline}與我們聯絡。",
)
ASK_REPAIR_JOB = Say(
    "Sure — what is the repair job number? It's on your repair receipt and looks like R-2031.",
    "好的，請問維修單號是甚麼？單號印在維修收據上，格式如R-2031。",
)
ASK_REFUND = Say(
    "I can check that. What is the order number (5 digits) or the refund reference (RF-1234)?",
    "我可以幫你查詢。請問訂單編號（5位數字）或退款編號（RF-1234）是甚麼？",
)
ASK_ORDER = Say(
    "Sure — what is the order number? It has 5 digits, like 10023, and is in your confirmation email.",
    "好的，請問訂單編號是甚麼？編號共5位數字（例如10023），載於確認電郵。",
)
# A store question about where (address, phone, MTR) rather than when (hours, open, close).
WHERE_WORDS = ("address", "where", "phone", "call", "located", "location", "nearest", "mtr", "地址", "喺邊",
               "在哪", "哪裡", "邊度", "邊到", "點去", "怎樣去", "怎麼去", "電話", "港鐵", "地鐵", "位置", "最近",
               "附近")  # fmt: skip
WHEN_WORDS = ("open", "close", "hour", "time", "幾點", "開門", "閂門", "關門", "營業", "時間", "開唔開", "開不開",
              "有冇開", "幾時開", "休息", "放假")  # fmt: skip


@dataclass(frozen=True)
class Reply:
    """What to say; ``awaiting`` names the enquiry still waiting for a number from the customer."""

    text: str | None = None
    response: str | None = None
    awaiting: str | None = None


Answer = Callable[[Context, Session, Message], Reply]


def _order_number(message: Message) -> str | None:
    try:
        return parse_order_number(message.entity("order_number") or message.text)
    except InvalidAnswer:
        return None


def _store_info(ctx: Context, s: Session, m: Message) -> Reply:
    branch = find_branch(m.entity("branch") or "", ctx.policy) or find_branch(m.text, ctx.policy)
    lowered = m.text.lower()
    if any(w in lowered for w in WHERE_WORDS) and not any(w in lowered for w in WHEN_WORDS):
        return Reply(stores.branches_answer(ctx.policy, branch, language=m.language))
    return Reply(stores.opening_answer(ctx.policy, branch, m.text, ctx.today(), language=m.language))


def _product_info(ctx: Context, s: Session, m: Message) -> Reply:
    return Reply(
        catalogue.product_answer(
            s,
            ctx.policy,
            product_type=m.entity("product_type"),
            brand=m.entity("brand"),
            material=m.entity("material"),
            text=m.text,
            language=m.language,
        )
    )


def _private(ctx: Context, s: Session, m: Message, subject: proof.Subject) -> Reply:
    """The details of an order, repair job or refund once the customer has proved its phone, else the question."""
    granted = proof.answer_if_granted(s, subject, m.asker, ctx.policy, ctx.today(), ctx.now(), language=m.language)
    return (
        Reply(granted)
        if granted is not None
        else Reply(proof.ask(subject, language=m.language), awaiting=subject.awaiting)
    )


def _proved(ctx: Context, s: Session, m: Message, subject: proof.Subject) -> Reply:
    """The answer to the customer's proof for ``subject``."""
    try:
        text, done = proof.look_up(s, subject, m.text, m.asker, vault=ctx.vault, policy=ctx.policy,
                                   today=ctx.today(), now=ctx.now(), language=m.language)  # fmt: skip
    except TooManyLookups:
        return Reply(TOO_MANY(m.language, hotline=ctx.policy.organization.hotline))
    return Reply(text, awaiting=None if done else subject.awaiting)


def _repair_status(ctx: Context, s: Session, m: Message) -> Reply:
    found = aftersales.REPAIR_JOB.search(m.entity("repair_job") or m.text or "")
    if found is None:
        return Reply(ASK_REPAIR_JOB(m.language), awaiting="ask_repair_status")
    return _private(ctx, s, m, proof.Subject("ask_repair_status", f"R-{found.group(1)}"))


def _refund_status(ctx: Context, s: Session, m: Message) -> Reply:
    found = aftersales.REFUND_REFERENCE.search(m.text or "")
    number = f"RF-{found.group(1)}" if found else _order_number(m)
    if number is None:
        return Reply(ASK_REFUND(m.language), awaiting="ask_refund_status")
    return _private(ctx, s, m, proof.Subject("ask_refund_status", number))


def _order_status(ctx: Context, s: Session, m: Message) -> Reply:
    number = _order_number(m)
    if number is None:
        return Reply(ASK_ORDER(m.language), awaiting="ask_order_status")
    return _private(ctx, s, m, proof.Subject("ask_order_status", number))


def _order_change(ctx: Context, s: Session, m: Message) -> Reply:
    number = _order_number(m)
    if number is None:
        return Reply(
            orders.order_change_answer(s, ctx.policy, None, language=m.language), awaiting="request_order_change"
        )
    return _private(ctx, s, m, proof.Subject("request_order_change", number))


def _buyback(ctx: Context, s: Session, m: Message) -> Reply:
    board = catalogue.gold_price_answer(s, ctx.policy, language=m.language)
    return Reply(f"{ctx.policy.in_(m.language).buyback.text}\n{board}")


ANSWERS: dict[str, Answer] = {
    "ask_store_info": _store_info,
    "ask_product_info": _product_info,
    "ask_gold_price": lambda ctx, s, m: Reply(catalogue.gold_price_answer(s, ctx.policy, language=m.language)),
    "ask_certificate": lambda ctx, s, m: Reply(
        shop_info.certificate_answer(ctx.policy, m.text, m.entity("material"), language=m.language)
    ),
    "ask_warranty": lambda ctx, s, m: Reply(
        aftersales.warranty_answer(ctx.policy, m.entity("product_type"), m.text, language=m.language)
    ),
    "ask_repair_service": lambda ctx, s, m: Reply(
        aftersales.repair_service_answer(
            ctx.policy, m.text, m.entity("service"), m.entity("brand"), language=m.language
        )
    ),  # fmt: skip
    "ask_repair_status": _repair_status,
    "ask_buyback": _buyback,
    "ask_return_policy": lambda ctx, s, m: Reply(shop_info.returns_answer(ctx.policy, language=m.language)),
    "request_refund": lambda ctx, s, m: Reply(shop_info.refund_request_answer(ctx.policy, language=m.language)),
    "ask_refund_status": _refund_status,
    "ask_order_status": _order_status,
    "request_order_change": _order_change,
    "ask_delivery_options": lambda ctx, s, m: Reply(shop_info.delivery_answer(ctx.policy, language=m.language)),
    "ask_payment_methods": lambda ctx, s, m: Reply(shop_info.payment_answer(ctx.policy, m.text, language=m.language)),
    "ask_invoice": lambda ctx, s, m: Reply(ctx.policy.in_(m.language).invoice.text),
    "ask_membership": lambda ctx, s, m: Reply(ctx.policy.in_(m.language).membership.text),
    "ask_privacy": lambda ctx, s, m: Reply(shop_info.privacy_answer(ctx.policy, language=m.language)),
    "request_personal_data": lambda ctx, s, m: Reply(
        shop_info.personal_data_request_answer(ctx.policy, language=m.language)
    ),
    "bot_challenge": lambda ctx, s, m: Reply(response="utter_bot_challenge"),
    "ask_capabilities": lambda ctx, s, m: Reply(response="utter_capabilities"),
    "out_of_scope": lambda ctx, s, m: Reply(response="utter_out_of_scope"),
}

# Side questions a form can answer and then carry on (feedback is stored by its own action).
SIDE_QUESTIONS = frozenset(ANSWERS)


def answer(intent: str, ctx: Context, session: Session, message: Message) -> Reply:
    """The reply to an enquiry of ``intent``, or to the proof a private enquiry waits for (``proof.pending``)."""
    subject = proof.pending(intent)
    if subject is not None:
        return _proved(ctx, session, message, subject)
    return ANSWERS[intent](ctx, session, message)
