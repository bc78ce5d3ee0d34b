"""The service-quality dashboard under ``/staff/quality``: for the roles ``quality_dashboard`` names, and admins.

A store manager sees their own branch; the customer service manager and admins see every unit. The figures, the
drill-downs and the CSV downloads carry no personal data (case references, categories, times and counts).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from aiohttp import web
from sqlalchemy.orm import Session

from bot.db.models import QualityReport
from bot.errors import NotForYourRole, Refused
from bot.quality.access import all_units, readable_units
from bot.quality.criteria import unit_name
from bot.quality.demand import by_week, demand
from bot.quality.drill import BY, DRILLABLE, Drill, behind, cases_named
from bot.quality.figures import complaints_by
from bot.quality.needs import training_needs
from bot.quality.period import Period
from bot.quality.reasons import top_reasons
from bot.quality.records import Scope
from bot.quality.report import as_csv, build_report
from bot.quality.weekly import reports
from bot.shop.policy import Policy
from bot.staff.accounts import ADMIN, SignedIn, staff_list
from bot.web.auth import in_db, signed_in_page
from bot.web.keys import CONTEXT
from bot.web.pages import html, page
from bot.web.quality_pages import (
    HOME,
    Asked,
    Dashboard,
    dashboard_body,
    drill_body,
    report_list,
    report_page,
)

WEEKS_SHOWN = 4


def asked_from(query: Mapping[str, str], staff: SignedIn, request: web.Request) -> Asked:
    """The period and scope asked for, within what the reader may see.

    Raises:
        NotForYourRole: the reader's role does not read the dashboard, or asked for a unit not theirs.
        Refused: a date, role or member of staff that is not one.
    """
    context = request.app[CONTEXT]
    policy = context.policy
    units = readable_units(staff.role, staff.branch, policy)
    first, last = query.get("from", ""), query.get("to", "")
    period = Period.parse(first, last) if first or last else Period.weeks_before(context.today(), WEEKS_SHOWN)
    unit = query.get("unit") or (units[0] if units else None)
    if unit is not None and unit not in (units or all_units(policy)):
        if units:
            raise NotForYourRole(f"You see the figures of {unit_name(units[0], policy)} only.")
        raise Refused(f"'{unit}' is not a branch, online or the chat")
    role = query.get("role") or None
    if role is not None and role not in {r.id for r in policy.roles}:
        raise Refused(f"'{role}' is not a role")
    person = query.get("staff") or None
    if person is not None and not person.isdigit():
        raise Refused("choose a member of staff from the list")
    return Asked(period, Scope(unit=unit, role=role, staff_id=int(person) if person else None), units)


def _asked(request: web.Request, staff: SignedIn) -> Asked:
    return asked_from({k: str(v) for k, v in request.query.items()}, staff, request)


@signed_in_page
async def dashboard(request: web.Request, staff: SignedIn) -> web.Response:
    """Criteria, figures, trends, demand, complaints and their reasons for the period and filters asked."""
    context = request.app[CONTEXT]
    policy, now = context.policy, context.now()
    asked = _asked(request, staff)

    def read(session: Session) -> Dashboard:
        period, scope = asked.period, asked.scope
        return Dashboard(
            build_report(session, policy, period, now, scope),
            by_week(session, policy, period, scope, now),
            demand(session, policy, period, scope, now),
            complaints_by(session, policy, period, scope, now, "place"),
            complaints_by(session, policy, period, scope, now, "product_type"),
            top_reasons(session, policy, context.vault, period, scope, now),
            staff_list(session),
            training_needs(session, policy, period, now, asked.units),
        )

    board = await in_db(request, read)
    body = dashboard_body(asked, board, policy)
    return html(page("Service quality", body, staff=staff, policy=policy, data={"page": "quality", "nav": "quality"}))


async def _drill(request: web.Request, staff: SignedIn) -> tuple[Asked, Drill, dict[str, str]]:
    context = request.app[CONTEXT]
    policy, now = context.policy, context.now()
    asked = _asked(request, staff)
    figure = request.query.get("figure", "")
    extra = {key: str(request.query.get(key, "")) for key in ("category", "term")} if figure == "reason" else {}
    extra |= {key: str(value) for key, value in request.query.items() if key in BY and value}
    if figure != "reason" and figure not in DRILLABLE:
        raise Refused(f"'{figure}' is not a figure with records behind it")

    def read(session: Session) -> Drill:
        if figure != "reason":
            return behind(session, policy, asked.period, asked.scope, figure, now, extra)
        reasons = top_reasons(session, policy, context.vault, asked.period, asked.scope, now)
        found = next((r for r in reasons.get(extra["category"], []) if r.term == extra["term"]), None)
        label = f"{extra['category']} complaints that say \u201c{extra['term']}\u201d"
        return cases_named(session, policy, asked.period, asked.scope, found.references if found else (), label, now)

    return asked, await in_db(request, read), extra


@signed_in_page
async def drill_page(request: web.Request, staff: SignedIn) -> web.Response:
    """The cases or conversations behind one number of the dashboard."""
    asked, drill, extra = await _drill(request, staff)
    context = request.app[CONTEXT]
    body = drill_body(asked, drill, staff.role == ADMIN, extra)
    title = f"{drill.label}, {asked.period.describe()}"
    return html(page(title, body, staff=staff, policy=context.policy, data={"page": "quality", "nav": "quality"}))


def _csv_response(text: str, name: str) -> web.Response:
    return web.Response(text=text, content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "no-store"})  # fmt: skip


@signed_in_page
async def drill_csv(request: web.Request, staff: SignedIn) -> web.Response:
    """The records behind one number, as CSV."""
    asked, drill, _ = await _drill(request, staff)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when", "case", "conversation", *drill.headings])
    for row in drill.rows:
        writer.writerow([row.at.isoformat(timespec="minutes"), row.case_reference or "", row.conversation_id or "",
                         *row.cells])  # fmt: skip
    return _csv_response(out.getvalue(), f"{drill.figure}-{asked.period.first}-{asked.period.last}.csv")


@signed_in_page
async def report_csv(request: web.Request, staff: SignedIn) -> web.Response:
    """Every figure and criterion of the period beside the previous period's, as CSV."""
    context = request.app[CONTEXT]
    asked = _asked(request, staff)
    report = await in_db(request, build_report, context.policy, asked.period, context.now(), asked.scope)
    return _csv_response(as_csv(report), f"service-quality-{asked.period.first}-{asked.period.last}.csv")


def _whole_shop(staff: SignedIn, policy: Policy) -> None:
    if readable_units(staff.role, staff.branch, policy) is not None:
        raise NotForYourRole("The weekly report covers the whole shop: your branch's figures are on the dashboard.")


@signed_in_page
async def weekly_reports(request: web.Request, staff: SignedIn) -> web.Response:
    """The weekly reports prepared, newest first."""
    context = request.app[CONTEXT]
    _whole_shop(staff, context.policy)
    made = await in_db(request, reports)
    return html(page("Weekly reports", report_list(made), staff=staff, policy=context.policy,
                     data={"page": "quality", "nav": "quality"}))  # fmt: skip


async def _report(request: web.Request, staff: SignedIn) -> QualityReport:
    context = request.app[CONTEXT]
    _whole_shop(staff, context.policy)
    report_id = int(request.match_info["report_id"])
    found: QualityReport | None = await in_db(request, lambda s: s.get(QualityReport, report_id))
    if found is None:
        raise web.HTTPNotFound(text="There is no weekly report by that number.")
    return found


@signed_in_page
async def weekly_report(request: web.Request, staff: SignedIn) -> web.Response:
    """One weekly report as it was prepared."""
    made = await _report(request, staff)
    context = request.app[CONTEXT]
    title = f"Service quality, week of {made.first_day.day} {made.first_day:%b %Y}"
    return html(page(title, report_page(made), staff=staff, policy=context.policy,
                     data={"page": "quality", "nav": "quality"}))  # fmt: skip


@signed_in_page
async def weekly_report_csv(request: web.Request, staff: SignedIn) -> web.Response:
    """One weekly report's CSV."""
    made = await _report(request, staff)
    return _csv_response(made.csv, f"service-quality-{made.first_day}-{made.last_day}.csv")


def setup_routes(app: web.Application) -> None:
    """The dashboard's routes."""
    app.router.add_get(HOME, dashboard)
    app.router.add_get(f"{HOME}/drill", drill_page)
    app.router.add_get(f"{HOME}/drill.csv", drill_csv)
    app.router.add_get(f"{HOME}/report.csv", report_csv)
    app.router.add_get(f"{HOME}/reports", weekly_reports)
    app.router.add_get(f"{HOME}/reports/{{report_id:\\d+}}", weekly_report)
    app.router.add_get(f"{HOME}/reports/{{report_id:\\d+}}.csv", weekly_report_csv)
