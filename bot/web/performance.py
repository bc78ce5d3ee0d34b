"""A member of staff's own figures and their team's against the shop's targets, at ``/staff/performance``.

Everyone in the console sees their own; readers of the service-quality dashboard may look at anyone's and any
team's, linked to the records behind each number.
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.orm import Session

from bot.errors import NotForYourRole, Refused
from bot.quality.access import may_read
from bot.quality.criteria import PERSON, TEAM, held_to
from bot.quality.figures import measure
from bot.quality.needs import training_needs
from bot.quality.period import Period
from bot.quality.records import Scope
from bot.staff.accounts import ADMIN, SignedIn, staff_list
from bot.web.auth import in_db, signed_in_page
from bot.web.keys import CONTEXT
from bot.web.pages import html, page
from bot.web.performance_pages import (
    PERSON_FIGURES,
    TEAM_FIGURES,
    Standing,
    performance_filters,
    period_filter,
    standing,
)
from bot.web.quality_pages import Asked, needs_list

WEEKS_SHOWN = 4


@signed_in_page
async def performance_page(request: web.Request, staff: SignedIn) -> web.Response:
    """A member of staff's own figures and their team's (their role's) against the shop's targets.

    With the training needs that concern them; readers of the dashboard may look at anyone's (``?staff=ID``) or any
    team's (``?role=…``).
    """
    context = request.app[CONTEXT]
    policy, now, query = context.policy, context.now(), {k: str(v) for k, v in request.query.items()}
    reader = may_read(staff.role, staff.branch, policy)
    first, last = query.get("from", ""), query.get("to", "")
    period = Period.parse(first, last) if first or last else Period.weeks_before(context.today(), WEEKS_SHOWN)
    if not reader and (query.get("staff") or query.get("role")):
        raise NotForYourRole("Your own figures only: the figures of others are for managers.")
    person = int(query["staff"]) if query.get("staff", "").isdigit() else None
    if person is None and staff.role != ADMIN:
        person = staff.staff_id

    def read(session: Session) -> str:
        people = {i: (name, role) for i, name, role in staff_list(session)}
        if person is not None and person not in people:
            raise Refused("choose a member of staff from the list")
        name, role = people[person] if person is not None else ("", query.get("role") or "")
        team = query.get("role") or role
        if team and team not in {r.id for r in policy.roles}:
            raise Refused(f"'{team}' is not a role")
        asked = Asked(period, Scope(staff_id=person), None)
        parts = []
        if person is not None:
            mine = Scope(staff_id=person)
            now_, before = (
                measure(session, policy, period, mine, now),
                measure(session, policy, period.previous(), mine, now),
            )
            title = "Your figures" if person == staff.staff_id else f"{name} ({policy.role(role).title})"
            parts.append(
                standing(
                    "person",
                    asked,
                    Standing(
                        title,
                        held_to(policy, title, PERSON, now_, before),
                        now_.numbers,
                        before.numbers,
                        PERSON_FIGURES,
                    ),
                    reader,
                )
            )
        if team:
            scope = Scope(role=team)
            now_, before = (
                measure(session, policy, period, scope, now),
                measure(session, policy, period.previous(), scope, now),
            )
            title = f"Team: {policy.role(team).title}"
            parts.append(
                standing(
                    "team",
                    Asked(period, scope, None),
                    Standing(
                        title, held_to(policy, title, TEAM, now_, before), now_.numbers, before.numbers, TEAM_FIGURES
                    ),
                    reader,
                )
            )
        needs = [
            n
            for n in training_needs(session, policy, period, now)
            if (person is not None and n.staff_id == person)
            or (team and n.role == team)
            or n.kind == "authority"
            or (staff.branch and n.unit == staff.branch)
        ]
        parts.append(needs_list(needs, asked, reader))
        picker = performance_filters(period, policy, people, person, team) if reader else period_filter(period)
        return picker + "".join(parts)

    body = await in_db(request, read)
    title = "My figures" if person == staff.staff_id else "Figures of staff and teams"
    return html(page(title, body, staff=staff, policy=policy, data={"page": "performance", "nav": "figures"}))


def setup_routes(app: web.Application) -> None:
    """The figures page's route."""
    app.router.add_get("/staff/performance", performance_page)
