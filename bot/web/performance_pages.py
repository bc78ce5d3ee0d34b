"""HTML of a member of staff's figures and their team's, against the shop's targets (``/staff/performance``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.quality.criteria import Verdict
from bot.quality.figures import LABELS, Number
from bot.quality.period import Period
from bot.quality.report import shown
from bot.shop.policy import Policy
from bot.web.pages import day, esc, options
from bot.web.quality_pages import Asked, number_link

PERSON_FIGURES = (
    "handoffs_taken", "median_wait_minutes", "median_first_response_minutes", "first_response_in_target", "ratings",
    "satisfaction", "settled", "settled_hkd", "settlements_refused", "referrals", "reopened",
)  # fmt: skip
TEAM_FIGURES = (
    "handoffs", "handoffs_taken", "median_first_response_minutes", "complaints", "acknowledged_in_sla",
    "resolved_in_sla", "escalations", "referrals", "settlements_refused", "ratings", "satisfaction",
)  # fmt: skip


@dataclass(frozen=True)
class Standing:
    """One person's or team's figures against the shop's targets."""

    title: str
    verdicts: list[Verdict]
    current: dict[str, Number]
    previous: dict[str, Number]
    keys: tuple[str, ...]


def _state(met: bool | None) -> str:
    return {True: "met", False: "missed", None: "nothing"}[met]


def standing(section_id: str, asked: Asked, shown_as: Standing, links: bool) -> str:
    """A person's or a team's criteria and figures; linked to their records for readers of the dashboard."""
    verdicts = "".join(
        f'<tr class="{_state(v.met)}" data-criterion="{esc(v.criterion)}">'
        f'<td data-label="Criterion">{esc(v.label)}</td>'
        f'<td data-label="Target">{"at least" if v.at_least else "at most"} {v.target:.0%}</td>'
        f'<td data-label="This period">{esc(shown(v.figure, v.actual))}</td>'
        f'<td data-label="Previous">{esc(shown(v.figure, v.previous))}</td>'
        f'<td data-label="State"><span class="state {_state(v.met)}">'
        f'{"nothing to measure" if v.met is None else _state(v.met)}</span></td></tr>'
        for v in shown_as.verdicts
    )

    def value(key: str) -> str:
        number = shown_as.current[key]
        return number_link(asked, key, number) if links else esc(shown(key, number))

    figures = "".join(
        f'<tr data-figure="{esc(key)}"><th scope="row">{esc(LABELS[key])}</th>'
        f'<td data-label="This period">{value(key)}</td>'
        f'<td data-label="Previous">{esc(shown(key, shown_as.previous[key]))}</td></tr>'
        for key in shown_as.keys
    )
    criteria = (
        '<table class="criteria"><thead><tr><th>Criterion</th><th>Target</th><th>This period</th>'
        f"<th>Previous</th><th>State</th></tr></thead><tbody>{verdicts}</tbody></table>"
        if verdicts
        else ""
    )
    return f"""<section class="card" id="{esc(section_id)}"><h2>{esc(shown_as.title)}</h2>{criteria}
<table><thead><tr><th>Figure</th><th>This period</th><th>Previous period</th></tr></thead><tbody>{figures}</tbody>
</table></section>"""


def period_filter(period: Period, extra: str = "") -> str:
    """The period form of the staff figures page (and, for readers, whose figures)."""
    return f"""<form method="get" action="/staff/performance" class="search card" id="performance-filters">
<label>From <input type="date" name="from" value="{period.first.isoformat()}" required></label>
<label>To <input type="date" name="to" value="{period.last.isoformat()}" required></label>{extra}
<button>Show</button></form><p id="period">{esc(day(period.first))} to {esc(day(period.last))}, beside
{esc(period.previous().describe())}.</p>"""


def performance_filters(period: Period, policy: Policy, people: Mapping[int, tuple[str, str]], person: int | None,
                        team: str) -> str:  # fmt: skip
    """For readers of the dashboard: the period, and whose or which team's figures."""
    titles = {r.id: r.title for r in policy.roles}
    staff = [("", "Nobody")] + [(str(i), f"{name} ({titles.get(role, role)})") for i, (name, role) in people.items()]
    teams = [("", "Their role")] + [(r.id, r.title) for r in policy.roles]
    return period_filter(
        period,
        f'<label>Member of staff <select name="staff">{options(staff, str(person or ""))}</select></label>'
        f'<label>Team <select name="role">{options(teams, team)}</select></label>',
    )
