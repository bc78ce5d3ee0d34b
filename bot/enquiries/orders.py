"""Online orders: where they are and whether they can still be changed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.db.models import Order
from bot.enquiries import words
from bot.shop.bilingual import Say, joined
from bot.shop.dates import said_day
from bot.shop.language import Language
from bot.shop.policy import Policy

ORDER_STATES = {
    "processing": Say("is being prepared", "正在準備中"),
    "packed": Say("is packed and waiting for the courier", "已包裝好，正等候速遞取件"),
    "dispatched": Say("has been dispatched", "已經發貨"),
    "delivered": Say("was delivered", "已經送達"),
    "cancelled": Say("was cancelled", "已經取消"),
}
CHANGEABLE = {"processing", "packed"}

NO_ORDER = Say(
    "I can't find order {number}. The number has 5 digits and is in your confirmation email.",
    "找不到訂單{number}。訂單編號共5位數字，載於確認電郵。",
)
ORDER_STATE = Say("Order {number} ({items}) {state}", "訂單{number}（{items}）{state}")
DELIVERED_ON = Say("Order {number} ({items}) was delivered on {day}.", "訂單{number}（{items}）已於{day}送達。")
DISPATCHED = Say(
    "Order {number} ({items}) has been dispatched by {method}, tracking number {tracking}",
    "訂單{number}（{items}）已經由{method}發貨，追蹤編號{tracking}",
)
EXPECTED = Say("; expected {day}.", "，預計{day}送達。")
EXPECTED_BY = Say("; expected {day} by {method}.", "，預計{day}以{method}送達。")
FULL_STOP = Say(".", "。")
TELL_ME_THE_ORDER = Say(
    "Tell me the order number (5 digits, like 10023) and I'll check what can still be changed.",
    "請告訴我訂單編號（5位數字，例如10023），我會查看還可以更改甚麼。",
)
STILL_CHANGEABLE = Say(
    "Order {number} {state}, so it can still be cancelled {fee} or its delivery address changed. Our online team "
    "does this for you: ask me for a person, or call {hotline}.",
    "訂單{number}{state}，仍可{fee}取消或更改送貨地址。網店團隊會為你辦理：你可以要求轉接職員，或致電{hotline}。",
)
FREE_OF_CHARGE = Say("free of charge", "免費")
WITH_A_FEE = Say("with a {fee:g}% fee", "在收取{fee:g}%手續費後")
ALREADY_CANCELLED = Say("Order {number} was already cancelled.", "訂單{number}已經取消。")
TOO_LATE = Say(
    "Order {number} {state}, so it can no longer be changed. You can return it within {days} days of delivery "
    "({conditions}).",
    "訂單{number}{state}，已不能更改。你可於收貨後{days}天內退貨（{conditions}）。",
)


def _state(status: str, language: Language) -> str:
    return ORDER_STATES[status](language) if status in ORDER_STATES else status


def order_status_answer(session: Session, order_number: str, *, language: Language) -> str:
    """Status, courier tracking and expected date of an order."""
    order = session.get(Order, order_number)
    if order is None:
        return NO_ORDER(language, number=order_number)
    method = words.chinese_name(order.delivery_method) if language == "zh" else order.delivery_method
    if order.status == "delivered" and order.delivered_on:
        return DELIVERED_ON(
            language, number=order.number, items=order.items, day=said_day(order.delivered_on, language)
        )
    if order.status == "dispatched":
        answer = DISPATCHED(language, number=order.number, items=order.items, method=method,
                            tracking=order.courier_tracking)  # fmt: skip
        if order.expected_on:
            return answer + EXPECTED(language, day=said_day(order.expected_on, language))
        return answer + FULL_STOP(language)
    answer = ORDER_STATE(language, number=order.number, items=order.items, state=_state(order.status, language))
    if order.expected_on and order.status != "cancelled":
        return answer + EXPECTED_BY(language, day=said_day(order.expected_on, language), method=method)
    return answer + FULL_STOP(language)


def order_change_answer(session: Session, policy: Policy, order_number: str | None, *, language: Language) -> str:
    """Whether and how an order can be cancelled or changed, by its status and the return policy."""
    returns = policy.in_(language).returns
    if order_number is None:
        return joined(language, [returns.cancellation_note, TELL_ME_THE_ORDER(language)])
    order = session.get(Order, order_number)
    if order is None:
        return NO_ORDER(language, number=order_number)
    if order.status in CHANGEABLE:
        fee = returns.online_cancellation_fee_percent
        return STILL_CHANGEABLE(
            language,
            number=order.number,
            state=_state(order.status, language),
            fee=FREE_OF_CHARGE(language) if fee == 0 else WITH_A_FEE(language, fee=fee),
            hotline=policy.organization.hotline,
        )
    if order.status == "cancelled":
        return ALREADY_CANCELLED(language, number=order.number)
    return TOO_LATE(language, number=order.number, state=_state(order.status, language), days=returns.return_days,
                    conditions=returns.conditions)  # fmt: skip
