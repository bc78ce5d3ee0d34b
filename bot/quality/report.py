"""A period's service-quality report, as text for the command line and as CSV rows.

The criteria met or missed, every figure beside the previous period's, and the breakdowns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.quality.criteria import Verdict, verdicts
from bot.quality.figures import BREAKDOWNS, LABELS, SHARES, Figures, Number, measure
from bot.quality.period import Period
from bot.quality.records import Scope
from bot.shop.policy import Policy


@dataclass(frozen=True)
class Report:
    """What ``python -m bot report`` prints and the weekly report holds."""

    period: Period
    scope: Scope
    current: Figures
    previous: Figures
    verdicts: list[Verdict]


def build_report(session: Session, policy: Policy, period: Period, now: dt.datetime, scope: Scope = Scope()) -> Report:
    """The figures of ``period`` and of the one before it for ``scope``, and the criteria of its units."""
    units = None if scope.unit is None else (scope.unit,)
    return Report(
        period,
        scope,
        measure(session, policy, period, scope, now),
        measure(session, policy, period.previous(), scope, now),
        verdicts(session, policy, period, now, units=units) if scope.role is None and scope.staff_id is None else [],
    )


def shown(key: str, value: Number) -> str:
    """A figure as people read it: a share as a percentage, a time to one decimal, "—" for nothing to measure."""
    if value is None:
        return "—"
    if key in SHARES:
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def _target(verdict: Verdict) -> str:
    return f"{'at least' if verdict.at_least else 'at most'} {verdict.target:.0%}"


def as_text(report: Report) -> str:
    """The report for a terminal: criteria first, then every figure, then the breakdowns."""
    lines = [f"Service quality, {report.period.describe()} (previous: {report.period.previous().describe()})", ""]
    if report.verdicts:
        lines.append("Performance criteria")
        for v in report.verdicts:
            state = {True: "MET   ", False: "MISSED", None: "n/a   "}[v.met]
            lines.append(
                f"  {state} {v.unit_name:<14} {v.label:<42} {shown(v.figure, v.actual):>7} ({_target(v)}; "
                f"previous {shown(v.figure, v.previous)})"
            )
        lines.append("")
    lines.append(f"{'Figure':<56} {'this period':>12} {'previous':>12}")
    for key, label in LABELS.items():
        now, before = report.current.numbers.get(key), report.previous.numbers.get(key)
        if now is None and before is None:
            continue
        lines.append(f"  {label:<54} {shown(key, now):>12} {shown(key, before):>12}")
    for key, title in BREAKDOWNS.items():
        counts = report.current.breakdowns.get(key)
        if not counts or not any(counts.values()):
            continue
        earlier = report.previous.breakdowns.get(key, {})
        lines += ["", title]
        lines += [f"  {name:<54} {count:>12,} {earlier.get(name, 0):>12,}" for name, count in counts.items()]
    return "\n".join(lines) + "\n"


def as_csv(report: Report) -> str:
    """The report as CSV: section, name, this period, previous period (criteria: target and met too)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "name", "this_period", "previous_period", "target", "met"])
    for v in report.verdicts:
        writer.writerow(
            ["criterion", f"{v.unit_name}: {v.label}", _raw(v.actual), _raw(v.previous), _target(v),
             {True: "yes", False: "no", None: ""}[v.met]]
        )  # fmt: skip
    for key, label in LABELS.items():
        writer.writerow(["figure", label, _raw(report.current.numbers.get(key)),
                         _raw(report.previous.numbers.get(key)), "", ""])  # fmt: skip
    for key, title in BREAKDOWNS.items():
        earlier = report.previous.breakdowns.get(key, {})
        for name, count in report.current.breakdowns.get(key, {}).items():
            writer.writerow([title, name, count, earlier.get(name, 0), "", ""])
    return out.getvalue()


def _raw(value: Number) -> str:
    if value is None:
        return ""
    return f"{value:.4f}" if isinstance(value, float) else str(value)
