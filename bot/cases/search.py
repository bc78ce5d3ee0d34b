"""Finding cases in the console: by reference, status, branch and date, among the queues a member of staff sees.

What is listed holds no personal data (reference, status, role, category, place, dates); reading a case is
``bot.web.case_views``'s, audited like any view of personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from bot.cases import lifecycle
from bot.cases.handoff import actor
from bot.db.models import Case, CaseEvent
from bot.errors import Refused
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn

MOST = 200
GROUPS = {"open": lifecycle.UNSETTLED, "settled": lifecycle.SETTLED}


@dataclass(frozen=True)
class CaseQuery:
    """What the member of staff is looking for; empty fields match everything."""

    reference: str = ""  # the whole reference or a part of it, any case, with or without dashes
    status: str = ""  # "open", "settled", or one status of the lifecycle
    branch: str = ""  # a branch id, or "online"
    since: dt.date | None = None  # opened on or after, in the shop's time zone
    until: dt.date | None = None  # opened on or before
    mine: bool = False  # only cases the member of staff has worked on


def _date(raw: str, name: str) -> dt.date | None:
    if not raw.strip():
        return None
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(f"the {name} date is a date such as 2026-12-03") from None
    if not 2000 <= day.year <= 2100:
        raise Refused(f"the {name} date is between the years 2000 and 2100")
    return day


def query_from(form: Mapping[str, str], policy: Policy) -> CaseQuery:
    """The query a search form asks for.

    Raises:
        Refused: an unknown status or branch, or a date that is not a date.
    """
    status, branch = form.get("status", "").strip(), form.get("branch", "").strip()
    if status and status not in GROUPS and status not in lifecycle.STATUSES:
        raise Refused(f"there is no status '{status}'")
    if branch and branch != "online" and branch not in {b.id for b in policy.branches}:
        raise Refused(f"there is no branch '{branch}'")
    reference = "".join(c for c in form.get("reference", "").upper() if c.isalnum())[:12]
    since, until = _date(form.get("since", ""), "from"), _date(form.get("until", ""), "to")
    if since and until and since > until:
        raise Refused("the from date is after the to date")
    return CaseQuery(reference, status, branch, since, until, form.get("mine", "") == "yes")


def _start_of(day: dt.date, policy: Policy) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=policy.zone).astimezone(dt.timezone.utc)


def find_cases(session: Session, query: CaseQuery, staff: SignedIn, policy: Policy) -> list[Case]:
    """The cases matching ``query`` in the queues ``staff`` sees, newest first (at most ``MOST``)."""
    found = select(Case).where(Case.assigned_role.in_(policy.roles_seen_by(staff.role)))
    if query.reference:
        bare = query.reference.removeprefix("CS") if len(query.reference) > 8 else query.reference
        found = found.where(func.replace(Case.reference, "-", "").contains(bare))
    if query.status:
        found = found.where(Case.status.in_(GROUPS.get(query.status, (query.status,))))
    if query.branch:
        found = found.where(Case.incident_place == query.branch)
    if query.since:
        found = found.where(Case.created_at >= _start_of(query.since, policy))
    if query.until:
        found = found.where(Case.created_at < _start_of(query.until + dt.timedelta(days=1), policy))
    if query.mine:
        found = found.where(exists().where(CaseEvent.case_id == Case.id, CaseEvent.actor == actor(staff, policy)))
    return list(session.scalars(found.order_by(Case.created_at.desc(), Case.id.desc()).limit(MOST)).all())
