"""Repairs and services, repair jobs, warranty, refunds."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Refund, RepairJob
from bot.shop.policy import Policy, Service
from bot.shop.text import first_mentioned

REPAIR_JOB = re.compile(r"\bR[-\s]?(\d{4})\b", re.IGNORECASE)
REFUND_REFERENCE = re.compile(r"\bRF[-\s]?(\d{4})\b", re.IGNORECASE)
REPAIR_STATES = {
    "received": "has been received and is waiting for the workshop",
    "awaiting_approval": "has been inspected; we are waiting for your approval of the quotation",
    "in_workshop": "is in the workshop",
    "ready": "is ready for collection",
    "collected": "was collected",
}


def find_service(policy: Policy, text: str, service_entity: str | None = None) -> Service | None:
    """The service a question is about, by its words."""
    for candidate in (service_entity or "", text or ""):
        for service in policy.services:
            if first_mentioned(candidate, service.aliases):
                return service
    return None


def find_brand(policy: Policy, text: str, brand_entity: str | None = None) -> str | None:
    """A watch brand named in the text, among those the price lists know."""
    brands = {b for s in policy.services for bp in s.brand_prices for b in bp.brands}
    for candidate in (brand_entity or "", text or ""):
        brand = first_mentioned(candidate, brands)
        if brand:
            return brand
    return None


def service_price(service: Service, brand: str | None) -> int:
    """The price of ``service`` for ``brand`` (the general price if the brand has none)."""
    for line in service.brand_prices:
        if brand and brand in line.brands:
            return line.price_hkd
    return service.price_hkd


def repair_service_answer(policy: Policy, text: str, service_entity: str | None, brand_entity: str | None) -> str:
    """Price and turnaround of a service, or the whole list."""
    service = find_service(policy, text, service_entity)
    brand = find_brand(policy, text, brand_entity)
    if service is None:
        lines = [
            f"• {s.name}: from HK${min([s.price_hkd, *(bp.price_hkd for bp in s.brand_prices)]):,}, {s.turnaround}"
            for s in policy.services
        ]
        return "Our services and prices:\n" + "\n".join(lines) + "\nTell me the brand for an exact price."
    price = service_price(service, brand)
    for_brand = f" for a {brand}" if brand else ""
    cost = "free" if price == 0 else f"HK${price:,}"
    extra = "" if brand or not service.brand_prices else " Prices vary by brand; tell me yours for the exact price."
    return f"{service.name}{for_brand}: {cost}. Turnaround: {service.turnaround}. Any branch can take it in.{extra}"


def repair_status_answer(session: Session, policy: Policy, text: str, today: dt.date) -> str | None:
    """The status of the repair job named in the text, or ``None`` if the text names none."""
    match = REPAIR_JOB.search(text or "")
    if not match:
        return None
    number = f"R-{match.group(1)}"
    job = session.get(RepairJob, number)
    if job is None:
        return (
            f"I can't find repair job {number}. Please check the number on your repair receipt (it looks like R-2031)."
        )
    branch = policy.branch(job.branch_id)
    answer = f"Repair job {number} ({job.item}) {REPAIR_STATES.get(job.status, job.status)}"
    if job.status == "ready":
        answer += f" at our {branch.name} branch ({branch.address}). Please bring your repair receipt."
    elif job.status == "awaiting_approval" and job.quote_hkd:
        answer += f": the quotation is HK${job.quote_hkd:,}. Call {branch.phone} to approve it."
    elif job.expected_on:
        when = (
            "today" if job.expected_on == today else f"{job.expected_on:%a} {job.expected_on.day} {job.expected_on:%b}"
        )
        answer += f"; expected ready {when}, for collection at {branch.name}."
    else:
        answer += "."
    return answer


def warranty_answer(policy: Policy, product_type: str | None, text: str) -> str:
    """Warranty terms for the product type asked about, or all of them."""
    asked = f"{product_type or ''} {text or ''}"
    rules = [r for r in policy.warranty.rules if first_mentioned(asked, r.product_types)]
    if not rules and find_brand(policy, text):
        rules = [r for r in policy.warranty.rules if "watch" in r.product_types]
    rules = rules or list(policy.warranty.rules)
    lines = [
        f"• {', '.join(r.product_types).capitalize()}: {r.months} months, covering {r.covers}; "
        f"not covered: {r.excludes}."
        for r in rules
    ]
    return "Warranty:\n" + "\n".join(lines) + f"\n{policy.warranty.note}"


def refund_status_answer(session: Session, text: str, order_number: str | None) -> str | None:
    """The status of the refund named by its reference or order number; ``None`` if neither is given."""
    match = REFUND_REFERENCE.search(text or "")
    query = select(Refund)
    if match:
        query = query.where(Refund.reference == f"RF-{match.group(1)}")
    elif order_number:
        query = query.where(Refund.order_number == order_number)
    else:
        return None
    refund = session.scalars(query.order_by(Refund.requested_on.desc())).first()
    if refund is None:
        return (
            "I can't find a refund under that number. Please check your refund confirmation (RF-1234) or order number."
        )
    states = {
        "requested": "has been requested and is waiting for approval",
        "approved": "has been approved",
        "processing": "is being processed by the bank",
        "paid": "has been paid",
        "rejected": "was not approved; our staff will have told you why",
    }
    state = states.get(refund.status, refund.status)
    answer = f"Refund {refund.reference} of HK${refund.amount_hkd:,} to your {refund.method} {state}"
    if refund.status == "paid" and refund.paid_on:
        answer += f" on {refund.paid_on:%d %b %Y}. Banks may take up to 3 working days to show it."
    elif refund.expected_by:
        answer += f"; you should receive it by {refund.expected_by:%d %b %Y}."
    else:
        answer += "."
    return answer
