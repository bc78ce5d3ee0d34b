"""Repairs and services, repair jobs, warranty, refunds."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Refund, RepairJob
from bot.enquiries import words
from bot.shop.bilingual import Say, joined, listed
from bot.shop.dates import said_day
from bot.shop.language import Language
from bot.shop.policy import Policy, Service
from bot.shop.text import first_mentioned

# Not inside a word or a longer number, but right after Chinese ("維修單R-2031").
REPAIR_JOB = re.compile(r"(?<![A-Za-z0-9])R[-\s]?(\d{4})(?!\d)", re.IGNORECASE)
REFUND_REFERENCE = re.compile(r"(?<![A-Za-z0-9])RF[-\s]?(\d{4})(?!\d)", re.IGNORECASE)
REPAIR_STATES = {
    "received": Say("has been received and is waiting for the workshop", "已收妥，正等候送往工場"),
    "awaiting_approval": Say(
        "has been inspected; we are waiting for your approval of the quotation", "已完成檢查，正等候你確認報價"
    ),
    "in_workshop": Say("is in the workshop", "正在工場維修"),
    "ready": Say("is ready for collection", "已可領取"),
    "collected": Say("was collected", "已經領取"),
}

SERVICES = Say("Our services and prices:", "本店的服務及收費：")
SERVICE_LINE = Say("• {name}: from HK${price:,}, {turnaround}", "• {name}：HK${price:,}起，{turnaround}")
BRAND_FOR_PRICE = Say("Tell me the brand for an exact price.", "告訴我品牌，我便可以報上準確價錢。")
SERVICE_PRICE = Say(
    "{name}{for_brand}: {cost}. Turnaround: {turnaround}. Any branch can take it in.",
    "{name}{for_brand}：{cost}。所需時間：{turnaround}。任何分店均可代收。",
)
FOR_BRAND = Say(" for a {brand}", "（{brand}）")
FREE = Say("free", "免費")
PRICES_VARY = Say(
    "Prices vary by brand; tell me yours for the exact price.",
    "價錢視乎品牌而定，告訴我你的手錶品牌便可報上準確價錢。",
)
NO_REPAIR_JOB = Say(
    "I can't find repair job {number}. Please check the number on your repair receipt (it looks like R-2031).",
    "找不到維修單號{number}。請核對維修收據上的單號（格式如R-2031）。",
)
REPAIR_JOB_STATE = Say("Repair job {number} ({item}) {state}", "維修單{number}（{item}）{state}")
READY_AT = Say(
    "Repair job {number} ({item}) is ready for collection at our {branch} branch ({address}). "
    "Please bring your repair receipt.",
    "維修單{number}（{item}）已可於{branch}分店（{address}）領取。請帶同維修收據。",
)
QUOTATION = Say(": the quotation is HK${quote:,}. Call {phone} to approve it.", "（HK${quote:,}）。請致電{phone}確認。")
EXPECTED_READY = Say("; expected ready {when}, for collection at {branch}.", "，預計{when}完成，可於{branch}分店領取。")
TODAY = Say("today", "今天")
FULL_STOP = Say(".", "。")
WARRANTY = Say("Warranty:", "保用條款：")
WARRANTY_LINE = Say(
    "• {types}: {months} months, covering {covers}; not covered: {excludes}.",
    "• {types}：保用{months}個月，涵蓋{covers}；不包括{excludes}。",
)
NO_REFUND = Say(
    "I can't find a refund under that number. Please check your refund confirmation (RF-1234) or order number.",
    "找不到這個號碼的退款紀錄。請核對退款確認上的退款編號（RF-1234）或訂單編號。",
)
REFUND_STATES = {
    "requested": Say("has been requested and is waiting for approval", "已提出申請，正等候批核"),
    "approved": Say("has been approved", "已獲批核"),
    "processing": Say("is being processed by the bank", "正由銀行處理"),
    "paid": Say("has been paid", "已經支付"),
    "rejected": Say("was not approved; our staff will have told you why", "未獲批准，職員應已向你說明原因"),
}
REFUND_STATE = Say(
    "Refund {reference} of HK${amount:,} to your {method} {state}",
    "退款{reference}（HK${amount:,}，經{method}退還）{state}",
)
PAID_ON = Say(
    " on {day}. Banks may take up to 3 working days to show it.", "，支付日期為{day}。銀行最多需時3個工作天顯示。"
)
EXPECTED_BY = Say("; you should receive it by {day}.", "，預計{day}或之前收到。")


def find_service(policy: Policy, text: str, service_entity: str | None = None) -> Service | None:
    """The service a question is about, by its words in English or Chinese ("換Seiko電池" is a battery)."""
    for candidate in (service_entity or "", text or ""):
        for service in policy.services:
            if words.mentioned(candidate, service.aliases):  # English or Chinese aliases; "幾點鐘" is no clock
                return service
    return None


def find_brand(policy: Policy, text: str, brand_entity: str | None = None) -> str | None:
    """A watch brand named in the text ("Seiko", "精工"), among those the price lists know."""
    brands = {b for s in policy.services for bp in s.brand_prices for b in bp.brands}
    for candidate in (brand_entity or "", text or ""):
        brand = first_mentioned(candidate, brands) or words.english_for(candidate, words.BRANDS)
        if brand in brands:
            return brand
    return None


def service_price(service: Service, brand: str | None) -> int:
    """The price of ``service`` for ``brand`` (the general price if the brand has none)."""
    for line in service.brand_prices:
        if brand and brand in line.brands:
            return line.price_hkd
    return service.price_hkd


def repair_service_answer(
    policy: Policy, text: str, service_entity: str | None, brand_entity: str | None, *, language: Language
) -> str:
    """Price and turnaround of a service, or the whole list."""
    service = find_service(policy, text, service_entity)
    brand = find_brand(policy, text, brand_entity)
    said = policy.in_(language)
    if service is None:
        lines = [
            SERVICE_LINE(language, name=s.name, price=min([s.price_hkd, *(bp.price_hkd for bp in s.brand_prices)]),
                         turnaround=s.turnaround)
            for s in said.services
        ]  # fmt: skip
        return "\n".join([SERVICES(language), *lines, BRAND_FOR_PRICE(language)])
    price = service_price(service, brand)
    named = next(s for s in said.services if s.id == service.id)
    answer = SERVICE_PRICE(
        language,
        name=named.name,
        for_brand=FOR_BRAND(language, brand=brand) if brand else "",
        cost=FREE(language) if price == 0 else f"HK${price:,}",
        turnaround=named.turnaround,
    )
    extra = "" if brand or not service.brand_prices else PRICES_VARY(language)
    return joined(language, [answer, extra])


def repair_status_answer(
    session: Session, policy: Policy, text: str, today: dt.date, *, language: Language
) -> str | None:
    """The status of the repair job named in the text, or ``None`` if the text names none."""
    match = REPAIR_JOB.search(text or "")
    if not match:
        return None
    number = f"R-{match.group(1)}"
    job = session.get(RepairJob, number)
    if job is None:
        return NO_REPAIR_JOB(language, number=number)
    branch = policy.in_(language).branch(job.branch_id)
    if job.status == "ready":
        return READY_AT(language, number=number, item=job.item, branch=branch.name, address=branch.address)
    state = REPAIR_STATES[job.status](language) if job.status in REPAIR_STATES else job.status
    answer = REPAIR_JOB_STATE(language, number=number, item=job.item, state=state)
    if job.status == "awaiting_approval" and job.quote_hkd:
        return answer + QUOTATION(language, quote=job.quote_hkd, phone=branch.phone)
    if job.expected_on:
        when = TODAY(language) if job.expected_on == today else said_day(job.expected_on, language)
        return answer + EXPECTED_READY(language, when=when, branch=branch.name)
    return answer + FULL_STOP(language)


def warranty_answer(policy: Policy, product_type: str | None, text: str, *, language: Language) -> str:
    """Warranty terms for the product type asked about ("watch", "手錶"), or all of them."""
    asked = f"{product_type or ''} {text or ''} {words.english_for(text, words.PRODUCT_TYPES) or ''}"
    said = policy.in_(language).warranty
    rules = [r for r in said.rules if first_mentioned(asked, r.product_types)]
    if not rules and find_brand(policy, text):
        rules = [r for r in said.rules if "watch" in r.product_types]
    rules = rules or list(said.rules)
    lines = [
        WARRANTY_LINE(language, types=_product_types(r.product_types, language), months=r.months, covers=r.covers,
                      excludes=r.excludes)
        for r in rules
    ]  # fmt: skip
    return "\n".join([WARRANTY(language), *lines, said.note])


def _product_types(kinds: tuple[str, ...], language: Language) -> str:
    if language == "zh":
        return listed(language, [words.chinese_name(kind) for kind in kinds])
    return ", ".join(kinds).capitalize()


def refund_status_answer(session: Session, text: str, order_number: str | None, *, language: Language) -> str | None:
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
        return NO_REFUND(language)
    state = REFUND_STATES[refund.status](language) if refund.status in REFUND_STATES else refund.status
    method = words.chinese_name(refund.method) if language == "zh" else refund.method
    answer = REFUND_STATE(language, reference=refund.reference, amount=refund.amount_hkd, method=method, state=state)
    if refund.status == "paid" and refund.paid_on:
        return answer + PAID_ON(language, day=_full_date(refund.paid_on, language))
    if refund.expected_by:
        return answer + EXPECTED_BY(language, day=_full_date(refund.expected_by, language))
    return answer + FULL_STOP(language)


def _full_date(day: dt.date, language: Language) -> str:
    return said_day(day, language, weekday="", year=True) if language == "zh" else f"{day:%d %b %Y}"
