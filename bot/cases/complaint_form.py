"""The complaint form's answers as a whole: which questions apply, the summary, the complaint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from bot.cases.intake import parse_contact
from bot.cases.service import Complaint
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
    "customer_name": "name",
    "contact": "contact",
    "complaint_category": "category",
    "product": "product",
    "incident_date": "date",
    "incident_place": "place",
    "order_number": "order number",
    "description": "what happened",
    "desired_outcome": "what you want",
    "claim_amount": "amount",
}
# Resetting a field also resets the ones that depend on it.
DEPENDENTS = {"incident_place": ("order_number",), "desired_outcome": ("claim_amount",)}


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


def place_name(place: str | None, policy: Policy) -> str:
    """``online`` or the branch's name."""
    if not place or place == "online":
        return "online"
    return policy.branch(place).name


def summary(answers: Mapping[str, str | None], policy: Policy) -> str:
    """The complaint as the customer will confirm it."""
    category = next((c.label for c in policy.complaint_categories if c.id == answers.get("complaint_category")), "")
    incident = dt.date.fromisoformat(str(answers["incident_date"])) if answers.get("incident_date") else None
    lines = [
        f"• Name: {answers.get('customer_name')}",
        f"• Contact: {answers.get('contact')}",
        f"• About: {category}",
        f"• Product: {answers.get('product')}",
        f"• When: {incident:%a %d %b %Y}" if incident else "• When: -",
        f"• Where: {place_name(answers.get('incident_place'), policy)}"
        + (f", order {answers['order_number']}" if answers.get("order_number") else ""),
        f"• What happened: {answers.get('description')}",
        f"• You would like: {answers.get('desired_outcome')}"
        + (f", HK${int(str(answers['claim_amount'])):,}" if answers.get("claim_amount") else ""),
    ]
    return "Here is your complaint:\n" + "\n".join(lines) + "\nShall I submit it?"


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
