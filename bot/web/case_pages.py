"""The console's case pages: one case with its history and transcript, and what staff do with it.

Note, settle, close, refer up, reopen; for a personal data request: export, correct, complete. Settling and closing tell
the customer (``bot.cases.follow_up``), in their chat live if it is open.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session

from bot.cases import handoff
from bot.cases.follow_up import case_language, close, closed_news, settled_news, tell_customer
from bot.cases.lifecycle import STATUSES, words
from bot.cases.search import MOST, CaseQuery, find_cases, query_from
from bot.cases.settlement import add_note, case_for, record_refusal, refer_up, reopen, settle
from bot.cases.transcripts import Line, history
from bot.db.models import Case
from bot.errors import OutsideAuthority, Refused
from bot.privacy import data_export, data_requests
from bot.staff.accounts import SignedIn
from bot.web import pages
from bot.web.auth import in_db, staff_page
from bot.web.case_views import case_panel, read_case
from bot.web.errors import return_to
from bot.web.keys import CONTEXT, CONVERSATIONS
from bot.web.pages import back_to, html

LIST_TITLES = {"mine": "My cases", "closed": "Closed cases", "cases": "All cases"}


@staff_page
async def case_list(request: web.Request, staff: SignedIn) -> web.Response:
    """Cases found by reference, status, branch and date; "my cases" and "closed cases" are two such searches."""
    context = request.app[CONTEXT]
    policy, asked = context.policy, {k: str(v) for k, v in request.query.items()}
    problem = ""
    try:
        query = query_from(asked, policy)
    except Refused as exc:
        query, problem = CaseQuery(), f"Not searched: {exc}."
    found = await in_db(request, find_cases, query, staff, policy)
    where = {b.id: b.name for b in policy.branches} | {"online": "Online"}
    rows = "".join(
        f'<tr><td data-label="Case"><a href="/staff/cases/{pages.esc(c.reference)}">{pages.esc(c.reference)}</a></td>'
        f'<td data-label="Status">{pages.esc(words(c.status))}</td>'
        f'<td data-label="With">{pages.esc(policy.role(c.assigned_role).title)}</td>'
        f'<td data-label="Category">{pages.esc(policy.category_label(c.category))}</td>'
        f'<td data-label="Where">{pages.esc(where.get(c.incident_place or "", "not given"))}</td>'
        f'<td data-label="Opened">{pages.esc(pages.when(c.created_at, policy))}</td>'
        f'<td data-label="Resolve by">{pages.esc(pages.when(c.resolve_by, policy))}</td></tr>'
        for c in found
    ) or '<tr class="empty"><td colspan="7">No case matches.</td></tr>'  # fmt: skip
    statuses = [("", "Any status"), ("open", "Open (not yet settled)"), ("settled", "Closed or resolved")]
    statuses += [(s, words(s)) for s in STATUSES]
    branches = [("", "Any branch"), *((b.id, b.name) for b in policy.branches), ("online", "Online")]
    nav = "mine" if query.mine else "closed" if query.status == "settled" else "cases"
    more = f"<p><small>The newest {MOST} are shown; narrow the search to see others.</small></p>"
    more = more if len(found) >= MOST else ""
    body = f"""{f'<p class="notice error" role="alert" id="search-error">{pages.esc(problem)}</p>' if problem else ""}
<form method="get" action="/staff/cases" class="card search" id="case-search" role="search">
<label>Reference <input name="reference" value="{pages.esc(asked.get("reference", ""))}" placeholder="CS-7K2M-Q9XP"
maxlength="14" size="14"></label>
<label>Status <select name="status">{pages.options(statuses, query.status)}</select></label>
<label>Branch <select name="branch">{pages.options(branches, query.branch)}</select></label>
<label>Opened from <input type="date" name="since" value="{query.since.isoformat() if query.since else ""}"></label>
<label>to <input type="date" name="until" value="{query.until.isoformat() if query.until else ""}"></label>
<label><input type="checkbox" name="mine" value="yes"{" checked" if query.mine else ""}> only cases I worked on</label>
<button>Search</button></form>
<section class="card"><h2>{len(found)} case{"" if len(found) == 1 else "s"}</h2><table id="case-list"><thead><tr>
<th>Case</th><th>Status</th><th>With</th><th>Category</th><th>Where</th><th>Opened</th><th>Resolve by</th></tr></thead>
<tbody>{rows}</tbody></table>{more}</section>"""
    return html(pages.page(LIST_TITLES[nav], body, staff=staff, policy=policy, data={"page": "cases", "nav": nav},
                            notice=request.query.get("notice", "")))  # fmt: skip


@staff_page
async def case_page(request: web.Request, staff: SignedIn) -> web.Response:
    """One case with its history and transcript."""
    context = request.app[CONTEXT]
    reference = request.match_info["reference"]

    def read(session: Session) -> tuple[str, str]:
        view = read_case(session, reference, staff, context.policy, context.vault, context.now())
        said = history(session, view.conversation_id) if view.conversation_id else []
        lines = pages.transcript(view.access.lines(said), context.policy) if view.conversation_id else ""
        return case_panel(view, staff, context.policy, f"/staff/cases/{reference}"), lines

    panel, lines = await in_db(request, read)
    body = (f'<div class="chat"><section class="card"><h2>Transcript</h2>{lines}</section>'
            f'<div class="side">{panel}</div></div>')  # fmt: skip
    return html(pages.page(f"Case {reference}", body, staff=staff, policy=context.policy, data={"page": "case"},
                            notice=request.query.get("notice", "")))  # fmt: skip


def _case_action(act: str) -> Any:
    """A POST on a case: note, settle or refer; errors come back as a notice on the page."""

    @staff_page
    async def view(request: web.Request, staff: SignedIn) -> web.Response:
        context = request.app[CONTEXT]
        form = await request.post()
        reference = request.match_info["reference"]
        back = str(form.get("back", f"/staff/cases/{reference}"))
        return_to(request, f"/staff/cases/{reference}")
        policy, now = context.policy, context.now()

        told: list[tuple[str, Line]] = []  # the customer's news, to show in their chat once it is kept

        def tell(session: Session, case: Case, text: str) -> None:
            line = tell_customer(session, case, text, policy=policy, vault=context.vault, now=now)
            if line is not None and case.conversation_id:
                told.append((case.conversation_id, line))

        def run(session: Session) -> tuple[str, Any]:
            case = case_for(session, reference, staff, policy)
            if act == "note":
                add_note(session, case, staff, str(form.get("kind", "")), str(form.get("text", "")),
                         policy=policy, now=now)  # fmt: skip
                return "Recorded.", None
            if act == "settle":
                try:
                    amount = int(str(form.get("amount", "")).strip() or "x")
                except ValueError as exc:
                    raise Refused("the amount is a whole number of Hong Kong dollars") from exc
                remedy, solution = str(form.get("remedy", "")), str(form.get("solution", ""))
                settle(session, case, staff, remedy, amount, solution, policy=policy, now=now)
                tell(session, case, settled_news(case, remedy, amount, solution, case_language(session, case)))
                return f"Case settled: {remedy}{f' HK${amount:,}' if amount else ''}. The customer is told.", None
            if act == "close":
                close(session, case, staff, policy=policy, now=now)
                tell(session, case, closed_news(case, policy, case_language(session, case)))
                return "Case closed. The customer is told.", None
            if act == "correct":
                field, value = str(form.get("field", "")), str(form.get("value", ""))
                count = data_requests.correct(session, case, staff, field, value, policy=policy,
                                              vault=context.vault, now=now)  # fmt: skip
                return f"Corrected on {count} record{'s' if count != 1 else ''} of this customer.", None
            if act == "complete":
                data_requests.complete(session, case, staff, str(form.get("outcome", "")), policy=policy, now=now)
                return "Request completed.", None
            if act == "reopen":
                reopen(session, case, staff, str(form.get("reason", "")), policy=policy, now=now)
                return "Case reopened with a new resolution deadline.", None
            escalation = refer_up(session, case, staff, str(form.get("reason", "")), policy=policy, now=now)
            return f"Referred up to the {policy.role(escalation.role).title}.", escalation

        try:
            notice, escalation = await in_db(request, run)
        except OutsideAuthority:

            def refused(session: Session) -> None:  # the refusal is part of the case's history
                case = case_for(session, reference, staff, policy)
                record_refusal(session, case, staff, str(form.get("remedy")), int(str(form.get("amount"))),
                               policy=policy, now=now)  # fmt: skip

            await in_db(request, refused)
            raise
        conversations = request.app[CONVERSATIONS]
        conversations.changed.set()
        for conversation_id, line in told:
            await conversations.show(conversation_id, line)
        if escalation is not None:
            if escalation.conversation_id:
                news = partial(handoff.passed_on_news, staff, escalation.role, policy)
                await conversations.assistant_says(escalation.conversation_id, news)
            raise back_to("/staff", notice)  # the case has left the referrer's queues: back to theirs
        raise back_to(back, notice)

    return view


@staff_page
async def export_personal_data(request: web.Request, staff: SignedIn) -> web.Response:
    """The data protection role downloads everything held about the customer of a personal data request."""
    context = request.app[CONTEXT]
    reference = request.match_info["reference"]

    def run(session: Session) -> bytes:
        case = case_for(session, reference, staff, context.policy)
        return data_export.as_file(data_export.export(session, case, staff, policy=context.policy,
                                                      vault=context.vault, now=context.now()))  # fmt: skip

    body = await in_db(request, run)
    return web.Response(body=body, content_type="application/json", charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="personal-data-{reference}.json"',
        "Cache-Control": "no-store"})  # fmt: skip


def setup_routes(app: web.Application) -> None:
    """The case routes, under ``/staff/cases``."""
    app.router.add_get("/staff/cases", case_list)
    app.router.add_get("/staff/cases/{reference}", case_page)
    for act in ("note", "settle", "close", "refer", "correct", "complete", "reopen"):
        app.router.add_post(f"/staff/cases/{{reference}}/{act}", _case_action(act))
    app.router.add_post("/staff/cases/{reference}/export", export_personal_data)
