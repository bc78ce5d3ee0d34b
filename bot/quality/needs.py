"""Training needs, as the standard asks: what the period's figures say staff (and the assistant) should learn.

Each need names who it is for (a branch, a role, a member of staff, or the assistant), what was seen, and the
figure to drill down to. The rules are simple and said in full, so a manager can check them:

- a branch where one complaint category is at least ``CATEGORY_SHARE`` of at least ``MIN_COMPLAINTS`` complaints;
- a complaint category whose settlements were refused above authority at least ``MIN_REFUSALS`` times and in at
  least ``REFUSAL_SHARE`` of the attempts;
- a role that kept fewer of its deadlines than the strictest target any unit sets, over at least ``MIN_DEADLINES``;
- a member of staff whose satisfaction is under the chat's target, over at least ``MIN_RATINGS`` ratings;
- an intent the assistant was unsure of, or fell back from, at least ``MIN_MISREAD`` times (the NLU inbox).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import InboxMessage
from bot.quality.figures import place_name, role_name
from bot.quality.period import Period
from bot.quality.records import Records, Scope
from bot.shop.criteria import CHAT
from bot.shop.policy import REMEDIES, Policy
from bot.staff.accounts import staff_list

MIN_COMPLAINTS, CATEGORY_SHARE = 5, 0.4
MIN_REFUSALS, REFUSAL_SHARE = 2, 0.3
MIN_DEADLINES = 3
MIN_RATINGS = 3
MIN_MISREAD = 3


@dataclass(frozen=True)
class Need:
    """A training need: for whom, what to work on, what was seen, and the figure behind it (with its scope)."""

    for_whom: str
    kind: str  # branch, authority, role, person, assistant
    what: str
    seen: str
    figure: str | None = None
    unit: str | None = None
    role: str | None = None
    staff_id: int | None = None


def _strictest(policy: Policy, criterion: str) -> float | None:
    targets = [getattr(c, criterion) for c in policy.performance_criteria.values() if getattr(c, criterion) is not None]
    return max(targets) if targets else None


def training_needs(session: Session, policy: Policy, period: Period, now: dt.datetime,
                   units: tuple[str, ...] | None = None) -> list[Need]:  # fmt: skip
    """The training needs the period shows, for the units a reader may see (None: the whole shop)."""
    needs: list[Need] = []
    everything = Records(session, policy, period, Scope(), now)
    complaints = [c for c in everything.complaints() if c.outcome in REMEDIES and (units is None or c.place in units)]
    by_place: dict[str, Counter[str]] = {}
    for c in complaints:
        by_place.setdefault(c.place or "", Counter())[c.category] += 1
    for place, counts in sorted(by_place.items()):
        total = sum(counts.values())
        category, n = counts.most_common(1)[0]
        if total >= MIN_COMPLAINTS and n / total >= CATEGORY_SHARE:
            label = policy.category_label(category)
            needs.append(Need(place_name(place, policy), "branch", f"{label}: review what goes wrong with the team",
                              f"{n} of {total} complaints ({n / total:.0%}) were about {label.lower()}",
                              "complaints", unit=place))  # fmt: skip
    steps = everything.events()
    category_of = {c.reference: c.category for c in complaints}
    refused: Counter[str] = Counter(category_of[e.reference] for e in steps
                                    if e.kind == "settlement_refused" and e.reference in category_of)  # fmt: skip
    settled: Counter[str] = Counter(category_of[e.reference] for e in steps
                                    if e.kind == "settled" and e.reference in category_of)  # fmt: skip
    for category, n in sorted(refused.items()):
        attempts = n + settled[category]
        if n >= MIN_REFUSALS and n / attempts >= REFUSAL_SHARE:
            label = policy.category_label(category)
            needs.append(Need("Staff who settle " + label.lower(), "authority",
                              "authority limits: what each role may settle, and referring up with a reason",
                              f"{n} of {attempts} settlements tried ({n / attempts:.0%}) were above the authority of "
                              "the person trying", "settlements_refused"))  # fmt: skip
    if units is None:
        needs += _role_needs(session, policy, period, now) + _person_needs(session, policy, period, now)
        needs += _assistant_needs(session, period, policy)
    return needs


def _role_needs(session: Session, policy: Policy, period: Period, now: dt.datetime) -> list[Need]:
    target = _strictest(policy, "acknowledged_in_sla")
    if target is None:
        return []
    needs = []
    for role in policy.roles:
        pledged = [p for p in Records(session, policy, period, Scope(role=role.id), now).pledges()
                   if p.kind == "acknowledge"]  # fmt: skip
        kept = sum(1 for p in pledged if p.kept)
        if len(pledged) >= MIN_DEADLINES and kept / len(pledged) < target:
            needs.append(Need(role.title, "role", "acknowledging cases in time: the queue, presence, handing over",
                              f"kept {kept} of {len(pledged)} acknowledgement deadlines ({kept / len(pledged):.0%}; "
                              f"target {target:.0%})", "acknowledge_missed", role=role.id))  # fmt: skip
    return needs


def _person_needs(session: Session, policy: Policy, period: Period, now: dt.datetime) -> list[Need]:
    chat = policy.performance_criteria.get(CHAT)
    target = chat.satisfaction if chat is not None else _strictest(policy, "satisfaction")
    if target is None:
        return []
    needs = []
    for staff_id, name, role in staff_list(session):
        scores = [r.score for r in Records(session, policy, period, Scope(staff_id=staff_id), now).ratings()]
        good = sum(1 for score in scores if score >= 4)
        if len(scores) >= MIN_RATINGS and good / len(scores) < target:
            needs.append(Need(f"{name} ({role_name(role, policy)})", "person", "coaching on live chats",
                              f"{good} of {len(scores)} ratings were 4 or 5 ({good / len(scores):.0%}; "
                              f"target {target:.0%})", "satisfaction", staff_id=staff_id))  # fmt: skip
    return needs


def _assistant_needs(session: Session, period: Period, policy: Policy) -> list[Need]:
    start, end = period.bounds(policy)
    rows = session.execute(
        select(InboxMessage.predicted_intent, func.count())
        .where(InboxMessage.at >= start, InboxMessage.at < end, InboxMessage.source.in_(("unsure", "fallback")))
        .group_by(InboxMessage.predicted_intent)
    )
    return [
        Need("The assistant", "assistant", f"misreads messages as '{intent}': label them in the NLU inbox and retrain",
             f"{n} messages it was unsure of or fell back from", "fallbacks")
        for intent, n in sorted(rows, key=lambda row: -int(row[1]))
        if intent and n >= MIN_MISREAD
    ]  # fmt: skip
