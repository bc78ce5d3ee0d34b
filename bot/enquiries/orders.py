"""Online orders: where they are and whether they can still be changed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.db.models import Order
from bot.shop.policy import Policy

ORDER_STATES = {
    "processing": "is being prepared",
    "packed": "is packed and waiting for the courier",
    "dispatched": "has been dispatched",
    "delivered": "was delivered",
    "cancelled": "was cancelled",
}
CHANGEABLE = {"processing", "packed"}


def order_status_answer(session: Session, order_number: str) -> str:
    """Status, courier tracking and expected date of an order."""
    order = session.get(Order, order_number)
    if order is None:
        return f"I can't find order {order_number}. The number has 5 digits and is in your confirmation email."
    answer = f"Order {order.number} ({order.items}) {ORDER_STATES.get(order.status, order.status)}"
    if order.status == "delivered" and order.delivered_on:
        answer += f" on {order.delivered_on:%a} {order.delivered_on.day} {order.delivered_on:%b}."
    elif order.status == "dispatched":
        answer += f" by {order.delivery_method}, tracking number {order.courier_tracking}"
        answer += (
            f"; expected {order.expected_on:%a} {order.expected_on.day} {order.expected_on:%b}."
            if order.expected_on
            else "."
        )
    elif order.expected_on and order.status != "cancelled":
        expected = f"{order.expected_on:%a} {order.expected_on.day} {order.expected_on:%b}"
        answer += f"; expected {expected} by {order.delivery_method}."
    else:
        answer += "."
    return answer


def order_change_answer(session: Session, policy: Policy, order_number: str | None) -> str:
    """Whether and how an order can be cancelled or changed, by its status and the return policy."""
    rule = policy.returns.cancellation_note
    if order_number is None:
        return f"{rule} Tell me the order number (5 digits, like 10023) and I'll check what can still be changed."
    order = session.get(Order, order_number)
    if order is None:
        return f"I can't find order {order_number}. The number has 5 digits and is in your confirmation email."
    if order.status in CHANGEABLE:
        fee = policy.returns.online_cancellation_fee_percent
        fee_text = "free of charge" if fee == 0 else f"with a {fee:g}% fee"
        return (
            f"Order {order.number} {ORDER_STATES[order.status]}, so it can still be cancelled {fee_text} or its "
            f"delivery address changed. Our online team does this for you: ask me for a person, or call "
            f"{policy.organization.hotline}."
        )
    if order.status == "cancelled":
        return f"Order {order.number} was already cancelled."
    return (
        f"Order {order.number} {ORDER_STATES.get(order.status, order.status)}, so it can no longer be changed. "
        f"You can return it within {policy.returns.return_days} days of delivery ({policy.returns.conditions})."
    )
