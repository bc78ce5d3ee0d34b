"""The complaint form's answers as a whole: which questions apply, the summary, the complaint, the receipt.

The answers are kept as the shop works with them (category and remedy ids, branch ids, ISO dates); the
summary and the receipt say them in the conversation's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from bot.cases.intake import parse_contact
from bot.cases.service import CaseReceipt, Complaint
from bot.cases.story import Story
from bot.shop.bilingual import Say
from bot.shop.business_hours import format_moment
from bot.shop.dates import said_day
from bot.shop.language import Language
from bot.shop.policy import Policy

CONSENT_ACCEPTED = "accepted"
CONSENT_DECLINED = "declined"
FIELDS = (
    "privacy_consent",
    "customer_name",
    "contact",
    "complaint_category",
    "product",
    "incident_date",
    "incident_place",
    "order_number",
    "description",
    "desired_outcome",
    "claim_amount",
    "complaint_confirmed",
)
LABELS = {
    "customer_name": Say("name", "姓名"),
    "contact": Say("contact", "聯絡方法"),
    "complaint_category": Say("category", "投訴類別"),
    "product": Say("product", "貨品"),
    "incident_date": Say("date", "日期"),
    "incident_place": Say("place", "地點"),
    "order_number": Say("order number", "訂單編號"),
    "description": Say("what happened", "事情經過"),
    "desired_outcome": Say("what you want", "你希望的處理方法"),
    "claim_amount": Say("amount", "金額"),
}
# Resetting a field also resets the ones that depend on it.
DEPENDENTS = {"incident_place": ("order_number",), "desired_outcome": ("claim_amount",)}
OUTCOMES = {
    "apology": Say("apology", "道歉"),
    "repair": Say("repair", "維修"),
    "replacement": Say("replacement", "更換"),
    "refund": Say("refund", "退款"),
    "compensation": Say("compensation", "賠償"),
}
ONLINE = Say("online", "網上")
NO_PRODUCT = Say("none", "沒有")
SUMMARY = Say("Here is your complaint:\n{lines}\nShall I submit it?", "你的投訴內容如下：\n{lines}\n請問是否確認提交？")
SUMMARY_LINES = (
    Say("• Name: {name}", "• 姓名：{name}"),
    Say("• Contact: {contact}", "• 聯絡方法：{contact}"),
    Say("• About: {category}", "• 投訴類別：{category}"),
    Say("• Product: {product}", "• 貨品：{product}"),
    Say("• When: {when}", "• 日期：{when}"),
    Say("• Where: {place}{order}", "• 地點：{place}{order}"),
    Say("• What happened: {description}", "• 經過：{description}"),
    Say("• You would like: {outcome}{amount}", "• 你希望：{outcome}{amount}"),
)
ORDER = Say(", order {order_number}", "，訂單編號{order_number}")
AMOUNT = Say(", HK${amount:,}", "，HK${amount:,}")
RECEIPT = Say(
    "Thank you, {name}. Your complaint is recorded as case {reference}. It will be handled by our {role}, "
    "who will contact you by {acknowledge_by} and aims to resolve it by {resolve_by}. Please keep the reference: "
    "you can check the case here with it and {check_with}.",
    "謝謝你，{name}。你的投訴已記錄，個案編號為{reference}。個案會由本店{role}處理，同事會於{acknowledge_by}前"
    "聯絡你，並會盡量在{resolve_by}前解決。請保留個案編號：你可以憑編號及{check_with}在這裏查詢個案進度。",
)
CHECK_WITH_PHONE = Say("the last 4 digits of your phone number", "電話號碼最後4位數字")
CHECK_WITH_EMAIL = Say("your email", "你的電郵地址")


def heard(story: Story, answers: Mapping[str, str | None], requested: str | None) -> dict[str, str]:
    """What a message gives besides the answer asked for.

    The fields still empty that its story fills, the category it sounds like (``category_guess``, to confirm) and
    a place named that is not a branch (``place_not_ours``).
    """
    values = {slot: value for slot, value in story.fields.items() if slot != requested and not answers.get(slot)}
    if story.category and not answers.get("complaint_category") and requested != "complaint_category":
        values["category_guess"] = story.category
    if story.place_not_ours and not answers.get("incident_place") and "incident_place" not in values:
        values["place_not_ours"] = story.place_not_ours
    return values


def questions(answers: Mapping[str, str | None]) -> list[str]:
    """The slots still to ask, in order, given the answers so far."""
    if answers.get("privacy_consent") == CONSENT_DECLINED:
        return ["privacy_consent"]
    wanted = list(FIELDS)
    if answers.get("incident_place") != "online":
        wanted.remove("order_number")
    if answers.get("desired_outcome") not in ("refund", "compensation"):
        wanted.remove("claim_amount")
    return wanted


def place_name(place: str | None, policy: Policy, language: Language = "en") -> str:
    """``online`` (``網上``) or the branch's name in ``policy`` (already in ``language``)."""
    if not place or place == "online":
        return ONLINE(language)
    return policy.branch(place).name


def summary(answers: Mapping[str, str | None], policy: Policy, language: Language = "en") -> str:
    """The complaint as the customer will confirm it, in ``language`` (``policy`` already in it)."""
    category = next((c.label for c in policy.complaint_categories if c.id == answers.get("complaint_category")), "")
    incident = dt.date.fromisoformat(str(answers["incident_date"])) if answers.get("incident_date") else None
    when = "-"
    if incident:
        when = said_day(incident, language, year=True) if language == "zh" else f"{incident:%a %d %b %Y}"
    product = answers.get("product")
    outcome = str(answers.get("desired_outcome"))
    values = {
        "name": answers.get("customer_name"),
        "contact": answers.get("contact"),
        "category": category,
        "product": NO_PRODUCT(language) if product == "none" else product,
        "when": when,
        "place": place_name(answers.get("incident_place"), policy, language),
        "order": ORDER(language, order_number=answers["order_number"]) if answers.get("order_number") else "",
        "description": answers.get("description"),
        "outcome": OUTCOMES[outcome](language) if outcome in OUTCOMES else outcome,
        "amount": AMOUNT(language, amount=int(str(answers["claim_amount"]))) if answers.get("claim_amount") else "",
    }
    return SUMMARY(language, lines="\n".join(line(language, **values) for line in SUMMARY_LINES))


def receipt_message(receipt: CaseReceipt, name: str, contact_kind: str, policy: Policy, language: Language) -> str:
    """What the customer is told once the case is open: its reference, who handles it, by when, how to check it.

    ``policy`` is in ``language`` (``Policy.in_``), so the role's title is too.
    """
    check_with = CHECK_WITH_PHONE if contact_kind == "phone" else CHECK_WITH_EMAIL
    return RECEIPT(
        language,
        name=name,
        reference=receipt.reference,
        role=policy.role(receipt.role).title,
        acknowledge_by=format_moment(receipt.acknowledge_by, policy, language),
        resolve_by=format_moment(receipt.resolve_by, policy, language),
        check_with=check_with(language),
    )


def to_complaint(answers: Mapping[str, str | None]) -> Complaint:
    """The validated answers as a ``Complaint``."""
    amount = answers.get("claim_amount")
    return Complaint(
        customer_name=str(answers["customer_name"]),
        contact=parse_contact(str(answers["contact"])),
        category=str(answers["complaint_category"]),
        product=str(answers["product"]),
        incident_date=dt.date.fromisoformat(str(answers["incident_date"])),
        incident_place=str(answers["incident_place"]),
        order_number=answers.get("order_number") if answers.get("incident_place") == "online" else None,
        description=str(answers["description"]),
        desired_outcome=str(answers["desired_outcome"]),
        claim_amount_hkd=int(str(amount))
        if amount and answers.get("desired_outcome") in ("refund", "compensation")
        else None,
    )
