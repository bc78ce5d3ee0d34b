"""HTML of the service-quality dashboard: filters, criteria, figures, trends, demand, complaints and their reasons.

Every number links to the records behind it (``/staff/quality/drill``); every chart has a table of its numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from bot.db.models import QualityReport
from bot.quality.criteria import Verdict, unit_name
from bot.quality.demand import TRENDS, WEEKDAYS, Week
from bot.quality.drill import DRILLABLE, Drill
from bot.quality.figures import BREAKDOWNS, LABELS, Number
from bot.quality.needs import Need
from bot.quality.period import Period
from bot.quality.reasons import Reason
from bot.quality.records import Scope
from bot.quality.report import Report, shown
from bot.shop.policy import Policy
from bot.web.charts import heat_map, line_chart
from bot.web.pages import day, esc, options

HOME = "/staff/quality"
SHARE_TRENDS = frozenset({"satisfaction", "acknowledged_in_sla", "resolved_in_sla", "answered_by_assistant"})


@dataclass(frozen=True)
class Asked:
    """What the dashboard was asked for: the period and the scope, and the units the reader may see."""

    period: Period
    scope: Scope
    units: tuple[str, ...] | None  # None: every unit

    def query(self, **more: str) -> str:
        """The query string that asks for the same again, with ``more``."""
        fields = {"from": self.period.first.isoformat(), "to": self.period.last.isoformat(),
                  "unit": self.scope.unit or "", "role": self.scope.role or "",
                  "staff": str(self.scope.staff_id or ""), **more}  # fmt: skip
        return urlencode({k: v for k, v in fields.items() if v})

    def drill(self, figure: str, **more: str) -> str:
        """The address of the records behind ``figure``."""
        return f"{HOME}/drill?{self.query(figure=figure, **more)}"


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, read in one go."""

    report: Report
    weeks: list[Week]
    demand: list[list[int]]
    by_place: dict[str, dict[str, int]]
    by_product: dict[str, dict[str, int]]
    reasons: dict[str, list[Reason]]
    staff: list[tuple[int, str, str]]
    needs: list[Need]


def number_link(asked: Asked, key: str, value: Number, **scope: str) -> str:
    """A figure as shown, linked to the records behind it (``scope`` narrows the link, e.g. to a unit)."""
    text = esc(shown(key, value))
    if value is None or key not in DRILLABLE:
        return text
    where = Asked(asked.period, Scope(**scope), asked.units) if scope else asked  # type: ignore[arg-type]
    return f'<a href="{esc(where.drill(key))}">{text}</a>'


def filters(asked: Asked, policy: Policy, staff: list[tuple[int, str, str]]) -> str:
    """The filter form (GET): period, unit, role, member of staff; and the CSV downloads."""
    units = asked.units or (*(b.id for b in policy.branches), "online", "chat")
    unit_choices = ([] if asked.units else [("", "The whole shop")]) + [(u, unit_name(u, policy)) for u in units]
    roles = [("", "Every role")] + [(r.id, r.title) for r in policy.roles]
    titles = {r.id: r.title for r in policy.roles}
    people = [("", "Everyone")] + [(str(i), f"{name} ({titles.get(role, role)})") for i, name, role in staff]
    scope = asked.scope
    return f"""<form method="get" action="{HOME}" class="search card" id="quality-filters">
<label>From <input type="date" name="from" value="{asked.period.first.isoformat()}" required></label>
<label>To <input type="date" name="to" value="{asked.period.last.isoformat()}" required></label>
<label>Branch or unit <select name="unit">{options(unit_choices, scope.unit or "")}</select></label>
<label>Role <select name="role">{options(roles, scope.role or "")}</select></label>
<label>Member of staff <select name="staff">{options(people, str(scope.staff_id or ""))}</select></label>
<button>Show</button>
<a href="{HOME}/report.csv?{esc(asked.query())}" id="report-csv" download>Download the figures (CSV)</a>
{'<a href="' + HOME + '/reports" id="weekly-reports">Weekly reports</a>' if asked.units is None else ""}</form>"""


def criteria_table(asked: Asked, verdicts: list[Verdict]) -> str:
    """Every criterion of the units shown: target, this period, the previous one, met or missed."""
    if not verdicts:
        return ('<section class="card" id="criteria"><h2>Performance criteria</h2><p>Criteria are set per branch, '
                "online and the chat: choose no role and no member of staff to see them.</p></section>")  # fmt: skip
    rows = []
    for v in verdicts:
        state = {True: "met", False: "missed", None: "nothing to measure"}[v.met]
        target = f"{'at least' if v.at_least else 'at most'} {v.target:.0%}"
        rows.append(
            f'<tr class="{state.split()[0]}" data-unit="{esc(v.unit)}" data-criterion="{esc(v.criterion)}">'
            f'<td data-label="Unit">{esc(v.unit_name)}</td><td data-label="Criterion">{esc(v.label)}</td>'
            f'<td data-label="Target">{esc(target)}</td>'
            f'<td data-label="This period">{number_link(asked, v.figure, v.actual, unit=v.unit)}</td>'
            f'<td data-label="Previous">{esc(shown(v.figure, v.previous))}</td>'
            f'<td data-label="State"><span class="state {state.split()[0]}">{esc(state)}</span></td></tr>'
        )
    return f"""<section class="card" id="criteria"><h2>Performance criteria</h2><table><thead><tr><th>Unit</th>
<th>Criterion</th><th>Target</th><th>This period</th><th>Previous period</th><th>State</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></section>"""


def figures_table(asked: Asked, report: Report) -> str:
    """Every figure beside the previous period's (those the scope says nothing about left out)."""
    rows = "".join(
        f'<tr data-figure="{esc(key)}"><th scope="row">{esc(label)}</th>'
        f'<td data-label="This period">{number_link(asked, key, report.current.numbers[key])}</td>'
        f'<td data-label="Previous">{esc(shown(key, report.previous.numbers[key]))}</td></tr>'
        for key, label in LABELS.items()
        if report.current.numbers[key] is not None or report.previous.numbers[key] is not None
    )
    return f"""<section class="card" id="figures"><h2>Figures</h2><table><thead><tr><th>Figure</th>
<th>This period</th><th>Previous period ({esc(report.period.previous().describe())})</th></tr></thead>
<tbody>{rows}</tbody></table></section>"""


def trends(weeks: list[Week]) -> str:
    """A chart per trend figure, week by week."""
    charts = "".join(
        line_chart(f"trend-{key}", LABELS[key],
                   [(f"{w.monday.day} {w.monday:%b}", None if w.numbers[key] is None else float(w.numbers[key] or 0))
                    for w in weeks],
                   lambda value, key=key: shown(key, value if key in SHARE_TRENDS else round(value or 0)),  # type: ignore[misc]
                   top=1.0 if key in SHARE_TRENDS else None)
        for key in TRENDS
        if any(w.numbers[key] is not None for w in weeks)
    )  # fmt: skip
    return f'<section id="trends"><h2>Week by week</h2><div class="charts">{charts}</div></section>'


def demand_map(asked: Asked, grid: list[list[int]]) -> str:
    """Conversations begun by weekday and hour, each count linked to its conversations."""
    if not any(any(row) for row in grid):
        return ""
    return '<section id="demand-section"><h2>When customers come</h2>' + heat_map(
        "demand", "Conversations begun, by weekday and hour (shop time)", WEEKDAYS,
        [f"{h:02d}" for h in range(24)], grid,
        lambda day, hour: asked.drill("conversations", by_hour=f"{day}-{hour}"),
    ) + "</section>"  # fmt: skip


def crosstab(asked: Asked, table_id: str, title: str, table: dict[str, dict[str, int]], column_kind: str) -> str:
    """Complaint categories (rows) against places or products (columns: ``column_kind``), each count linked."""
    if not table:
        return ""
    columns = sorted({c for counts in table.values() for c in counts})
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = "".join(
        f'<tr><th scope="row">{esc(category)}</th>'
        + "".join(
            f'<td data-label="{esc(c)}">'
            + (
                f'<a href="{esc(asked.drill("complaints", by_category=category, **{column_kind: c}))}">{counts[c]}</a>'
                if counts.get(c)
                else "0"
            )
            + "</td>"
            for c in columns
        )
        + "</tr>"
        for category, counts in table.items()
    )
    return (f'<div class="card"><table id="{esc(table_id)}"><caption>{esc(title)}</caption><thead><tr>'
            f"<th>Category</th>{head}</tr></thead><tbody>{body}</tbody></table></div>")  # fmt: skip


def reasons_list(asked: Asked, reasons: dict[str, list[Reason]]) -> str:
    """The words that recur in each category's complaints, each linked to its cases."""
    if not reasons:
        return ""
    items = "".join(
        f'<li><b>{esc(category)}</b>: '
        + ", ".join(f'<a href="{esc(asked.drill("reason", category=category, term=r.term))}">{esc(r.term)}</a> '
                    f"({r.cases} cases)" for r in found)
        + "</li>"
        for category, found in reasons.items() if found
    )  # fmt: skip
    if not items:
        return ""
    return f"""<section class="card" id="reasons"><h2>What complaints are about</h2><p><small>Words that recur in
at least two cases' descriptions and staff notes, personal data taken out first.</small></p><ul>{items}</ul>
</section>"""


BREAKDOWN_DRILLS = {"category": ("complaints", "by_category"), "product_type": ("complaints", "by_product_type"),
                    "brand": ("complaints", "by_brand"), "place": ("complaints", "by_place"),
                    "channel": ("complaints", "by_channel"), "role": ("complaints", "by_role"),
                    "remedy": ("settled", "by_remedy"), "remedy_hkd": ("settled", "by_remedy"),
                    "rating": ("ratings", "by_rating")}  # fmt: skip


def breakdowns(asked: Asked, report: Report) -> str:
    """The period's counts by kind, beside the previous period's; each of this period's linked to its records."""
    parts = []
    for key, title in BREAKDOWNS.items():
        counts, before = report.current.breakdowns.get(key, {}), report.previous.breakdowns.get(key, {})
        if not any(counts.values()) and not any(before.values()):
            continue
        figure, by = BREAKDOWN_DRILLS[key]

        def count(name: str, n: int, figure: str = figure, by: str = by) -> str:
            return f'<a href="{esc(asked.drill(figure, **{by: name}))}">{n:,}</a>' if n else "0"

        rows = "".join(f'<tr><th scope="row">{esc(name)}</th><td>{count(name, n)}</td>'
                       f"<td>{before.get(name, 0):,}</td></tr>" for name, n in counts.items())  # fmt: skip
        parts.append(
            f'<div class="card"><table id="by-{esc(key)}"><caption>{esc(title)}</caption><thead><tr>'
            f"<th>Kind</th><th>This period</th><th>Previous</th></tr></thead><tbody>{rows}</tbody></table></div>"
        )
    return (
        f'<section id="breakdowns"><h2>By kind</h2><div class="charts">{"".join(parts)}</div></section>'
        if parts
        else ""
    )


def dashboard_body(asked: Asked, board: Dashboard, policy: Policy) -> str:
    """The whole dashboard."""
    return (
        filters(asked, policy, board.staff)
        + f'<p id="period">{esc(day(asked.period.first))} to {esc(day(asked.period.last))}, beside '
        f"{esc(asked.period.previous().describe())}.</p>"
        + criteria_table(asked, board.report.verdicts)
        + figures_table(asked, board.report)
        + trends(board.weeks)
        + demand_map(asked, board.demand)
        + '<section id="complaints"><h2>Complaints by category</h2><div class="charts">'
        + crosstab(asked, "by-category-place", "Complaints by category and branch", board.by_place, "by_place")
        + crosstab(
            asked, "by-category-product", "Complaints by category and product", board.by_product, "by_product_type"
        )
        + "</div></section>"
        + reasons_list(asked, board.reasons)
        + needs_list(board.needs, asked, True)
        + breakdowns(asked, board.report)
    )


def drill_body(asked: Asked, drill: Drill, admin: bool, extra: Mapping[str, str]) -> str:
    """The records behind a figure, each linked to its case or conversation."""
    if not drill.rows:
        table = "<p>Nothing behind this figure for the period and filters chosen.</p>"
    else:
        head = "".join(f"<th>{esc(h)}</th>" for h in ("when", "case", "conversation", *drill.headings))
        body = "".join(
            f"<tr><td>{esc(row.at.isoformat(timespec='minutes'))}</td>"
            f"<td>{_case_link(row.case_reference)}</td><td>{_conversation_link(row.conversation_id, admin)}</td>"
            + "".join(f"<td>{esc(cell)}</td>" for cell in row.cells)
            + "</tr>"
            for row in drill.rows
        )
        more = "<p>Only the latest 500 are listed.</p>" if drill.more else ""
        table = f'<table id="drill"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'
    back = f'<a href="{HOME}?{esc(asked.query())}">Back to the dashboard</a>'
    csv = f'<a href="{HOME}/drill.csv?{esc(asked.query(figure=drill.figure, **extra))}" id="drill-csv" download>'
    csv += "Download (CSV)</a>"
    return f'<p>{back} · {csv}</p><section class="card">{table}</section>'


def _case_link(reference: str | None) -> str:
    return f'<a href="/staff/cases/{esc(quote(reference))}">{esc(reference)}</a>' if reference else ""


def _conversation_link(conversation: str | None, admin: bool) -> str:
    if not conversation:
        return ""
    where = "/staff/admin/conversations/" if admin else "/staff/chats/"
    return f'<a href="{where}{esc(quote(conversation))}">{esc(conversation[-12:])}</a>'


def needs_list(needs: list[Need], asked: Asked, links: bool) -> str:
    """The training needs the figures show."""
    if not needs:
        return ('<section class="card" id="needs"><h2>Training needs</h2><p>None stand out in this period.</p>'
                "</section>")  # fmt: skip
    items = []
    for need in needs:
        seen = esc(need.seen)
        if links and need.figure:
            where = Asked(asked.period, Scope(unit=need.unit, role=need.role, staff_id=need.staff_id), asked.units)
            seen = f'<a href="{esc(where.drill(need.figure))}">{seen}</a>'
        items.append(f'<li data-kind="{esc(need.kind)}"><b>{esc(need.for_whom)}</b>: {esc(need.what)}. '
                     f"<small>{seen}.</small></li>")  # fmt: skip
    return f'<section class="card" id="needs"><h2>Training needs</h2><ul>{"".join(items)}</ul></section>'


def report_list(made: Sequence[QualityReport]) -> str:
    """The weekly reports prepared, each with its criteria met and missed."""
    if not made:
        return ('<p id="no-reports">No weekly report yet: the first is prepared on the Monday after a whole week of '
                "service.</p>")  # fmt: skip
    rows = "".join(
        f'<tr><td><a href="{HOME}/reports/{r.id}">{esc(day(r.first_day))} to {esc(day(r.last_day))}</a></td>'
        f"<td>{r.criteria_met}</td><td>{r.criteria_missed}</td>"
        f'<td><a href="{HOME}/reports/{r.id}.csv" download>CSV</a></td></tr>'
        for r in made
    )
    return (f'<table id="reports"><thead><tr><th>Week</th><th>Criteria met</th><th>Criteria missed</th><th></th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")  # fmt: skip


STATES = {"yes": "met", "no": "missed"}


def report_page(made: QualityReport) -> str:
    """A weekly report as it was prepared: its criteria, figures and counts by kind, read from its CSV."""
    rows = list(csv.DictReader(io.StringIO(made.csv)))
    criteria = "".join(
        f'<tr class="{"met" if r["met"] == "yes" else "missed" if r["met"] == "no" else "nothing"}">'
        f"<td>{esc(r['name'])}</td><td>{esc(r['target'])}</td><td>{esc(r['this_period'])}</td>"
        f"<td>{esc(r['previous_period'])}</td><td>{esc(STATES.get(r['met'], 'nothing to measure'))}</td></tr>"
        for r in rows if r["section"] == "criterion"
    )  # fmt: skip
    figures = "".join(
        f"<tr><th scope=\"row\">{esc(r['section'] if r['section'] != 'figure' else '')} {esc(r['name'])}</th>"
        f"<td>{esc(r['this_period'])}</td><td>{esc(r['previous_period'])}</td></tr>"
        for r in rows if r["section"] != "criterion"
    )  # fmt: skip
    return f"""<p>Prepared {esc(made.made_at.isoformat(timespec="minutes"))}: {made.criteria_met} criteria met,
{made.criteria_missed} missed. <a href="{HOME}/reports/{made.id}.csv" id="weekly-csv" download>Download (CSV)</a> ·
<a href="{HOME}?from={made.first_day.isoformat()}&amp;to={made.last_day.isoformat()}">Open the week on the
dashboard</a></p>
<section class="card"><h2>Performance criteria</h2><table id="criteria"><thead><tr><th>Criterion</th><th>Target</th>
<th>This week</th><th>The week before</th><th>State</th></tr></thead><tbody>{criteria}</tbody></table></section>
<section class="card"><h2>Figures</h2><table id="figures"><thead><tr><th>Figure</th><th>This week</th>
<th>The week before</th></tr></thead><tbody>{figures}</tbody></table></section>"""
