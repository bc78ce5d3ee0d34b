"""What is behind a figure: the cases or conversations it counts, for the dashboard's drill-down and its CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.quality.figures import LABELS, place_name, role_name
from bot.quality.period import Period
from bot.quality.products import brand, product_type
from bot.quality.records import Complaint, Records, Scope
from bot.shop.policy import REMEDIES, Policy

LIMIT = 500
CONVERSATIONS = {"conversations": {}, "customer_messages": {}, "served_by_assistant_alone": {"alone": True},
                 "answered_by_assistant": {"alone": True}, "fallbacks": {"fallback": True},
                 "fallback_rate": {"fallback": True}}  # fmt: skip
HANDOFFS = {"handoffs": None, "median_wait_minutes": None, "median_first_response_minutes": None,
            "p90_first_response_minutes": None, "first_response_in_target": None, "handoffs_taken": "taken",
            "callbacks_promised": "callback"}  # fmt: skip
COMPLAINTS = {"complaints": "complaint", "repeat_complaints": "repeat", "repeat_complaints_share": "complaint",
              "data_requests": "data_request"}  # fmt: skip
PLEDGES = {"acknowledge_kept": ("acknowledge", True), "acknowledge_missed": ("acknowledge", False),
           "acknowledged_in_sla": ("acknowledge", None), "resolve_kept": ("resolve", True),
           "resolve_missed": ("resolve", False), "resolved_in_sla": ("resolve", None)}  # fmt: skip
EVENTS = {"reopened": "reopened", "escalations": "sla_escalated", "referrals": "referred_up", "settled": "settled",
          "median_resolution_hours": "settled", "settled_hkd": "settled",
          "settlements_refused": "settlement_refused"}  # fmt: skip
RATINGS = ("ratings", "satisfaction", "rating_response_rate")
DRILLABLE = frozenset({*CONVERSATIONS, *HANDOFFS, *COMPLAINTS, *PLEDGES, *EVENTS, *RATINGS})


@dataclass(frozen=True)
class Row:
    """One record behind a figure: the case or conversation it links to, when, and what to show of it."""

    case_reference: str | None
    conversation_id: str | None
    at: dt.datetime
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Drill:
    """The records behind one figure, newest first (at most ``LIMIT``; ``more`` when there were others)."""

    figure: str
    label: str
    headings: tuple[str, ...]
    rows: list[Row]
    more: bool


COMPLAINT_HEADINGS = ("category", "product", "where", "handled by", "repeat", "status")


def _complaint_row(c: Complaint, policy: Policy) -> Row:
    return Row(c.reference, None, c.created_at,
               (policy.category_label(c.category), c.product or "", place_name(c.place, policy),
                role_name(c.role, policy), "yes" if c.repeat else "", c.status.replace("_", " ")))  # fmt: skip


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


BY = {"by_category", "by_place", "by_product_type", "by_brand", "by_channel", "by_role", "by_remedy", "by_rating",
      "by_hour"}  # fmt: skip
"""The kinds a count of the dashboard's tables is narrowed by (``by_hour`` is ``weekday-hour``, Monday 0)."""


def _complaint_is(c: Complaint, policy: Policy, where: Mapping[str, str]) -> bool:
    said = {"by_category": policy.category_label(c.category), "by_place": place_name(c.place, policy),
            "by_product_type": product_type(c.product), "by_brand": brand(c.product), "by_channel": c.channel,
            "by_role": role_name(c.role, policy)}  # fmt: skip
    return all(said[key] == value for key, value in where.items() if key in said)


def _begun_at(moment: dt.datetime, policy: Policy, hour: str) -> bool:
    local = moment.astimezone(policy.zone)
    return f"{local.weekday()}-{local.hour}" == hour


def behind(session: Session, policy: Policy, period: Period, scope: Scope, figure: str, now: dt.datetime,
           where: Mapping[str, str] | None = None) -> Drill:  # fmt: skip
    """The cases or conversations behind ``figure`` (a key of ``LABELS``) for the period and scope.

    ``where`` narrows them as a count of the dashboard's tables does (keys of ``BY``: the category, the branch…).

    Raises:
        KeyError: ``figure`` is not a figure that has records behind it.
    """
    if figure not in DRILLABLE:
        raise KeyError(figure)
    where = {key: value for key, value in (where or {}).items() if key in BY and value}
    records = Records(session, policy, period, scope, now)
    label = LABELS[figure] + "".join(f", {value}" for value in where.values())
    if figure in CONVERSATIONS:
        if not scope.conversations:
            return Drill(figure, label, (), [], False)
        if "by_hour" in where:  # one cell of the demand map: read them all, keep that hour's
            every = records.conversations(10**7, **CONVERSATIONS[figure])
            found = [row for row in every if _begun_at(row[1], policy, where["by_hour"])][: LIMIT + 1]
        else:
            found = records.conversations(LIMIT + 1, **CONVERSATIONS[figure])
        rows = [Row(None, c, at, (str(lines),)) for c, at, lines in found]
        return Drill(figure, label, ("lines" if figure not in ("fallbacks", "fallback_rate") else "not understood",),
                     rows[:LIMIT], len(rows) > LIMIT)  # fmt: skip
    if figure in HANDOFFS:
        want = HANDOFFS[figure]
        handoffs = [h for h in (records.handoffs() if scope.handoffs else [])
                    if want is None or (h.taken if want == "taken" else h.callback)]  # fmt: skip
        rows = [Row(h.case_reference, h.conversation_id, h.requested_at,
                    ("taken" if h.taken else "call back promised" if h.callback else "not taken",
                     _minutes(h.wait_minutes), _minutes(h.first_response_minutes)))
                for h in handoffs]  # fmt: skip
        return Drill(figure, label, ("outcome", "wait (business min)", "first response (business min)"),
                     rows[:LIMIT], len(rows) > LIMIT)  # fmt: skip
    if figure in COMPLAINTS:
        want = COMPLAINTS[figure]
        lodged = [c for c in (records.complaints() if scope.cases else [])
                  if (c.outcome not in REMEDIES) == (want == "data_request")
                  and (want != "repeat" or c.repeat) and _complaint_is(c, policy, where)]  # fmt: skip
        rows = [_complaint_row(c, policy) for c in lodged]
        return Drill(figure, label, COMPLAINT_HEADINGS, rows[:LIMIT], len(rows) > LIMIT)
    if figure in PLEDGES:
        kind, kept = PLEDGES[figure]
        pledged = [p for p in (records.pledges() if scope.cases else [])
                   if p.kind == kind and (kept is None or p.kept == kept)]  # fmt: skip
        rows = [Row(p.reference, None, p.due_at,
                    (p.kind, role_name(p.role, policy), p.met_at.isoformat(timespec="minutes") if p.met_at else "",
                     "kept" if p.kept else "missed"))
                for p in pledged]  # fmt: skip
        return Drill(figure, label, ("deadline", "role", "met at", "kept"), rows[:LIMIT], len(rows) > LIMIT)
    if figure in EVENTS:
        events = [e for e in (records.events() if scope.steps else []) if e.kind == EVENTS[figure]
                  and where.get("by_remedy", e.detail.get("remedy")) == e.detail.get("remedy")]  # fmt: skip
        rows = [Row(e.reference, None, e.at,
                    (e.kind.replace("_", " "), str(e.detail.get("remedy", "")), str(e.detail.get("amount_hkd", "")),
                     f"{e.business_hours_open:.1f}"))
                for e in events]  # fmt: skip
        return Drill(figure, label, ("step", "remedy", "HK$", "business hours since intake"), rows[:LIMIT],
                     len(rows) > LIMIT)  # fmt: skip
    given = [r for r in records.ratings() if where.get("by_rating", str(r.score)) == str(r.score)]
    rows = [Row(r.case_reference, r.conversation_id, r.at, (str(r.score),)) for r in given]
    return Drill(figure, label, ("score",), rows[:LIMIT], len(rows) > LIMIT)


def cases_named(session: Session, policy: Policy, period: Period, scope: Scope, references: tuple[str, ...],
                label: str, now: dt.datetime) -> Drill:  # fmt: skip
    """The complaints of the period among ``references`` (those a recurring word was found in), as a drill-down."""
    wanted = set(references)
    lodged = [c for c in Records(session, policy, period, scope, now).complaints() if c.reference in wanted]
    return Drill("reason", label, COMPLAINT_HEADINGS, [_complaint_row(c, policy) for c in lodged], False)
