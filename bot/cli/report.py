"""``python -m bot report``: the service-quality figures of a period, as on the dashboard."""

from __future__ import annotations

import argparse
import sys

from bot.context import Context
from bot.errors import Refused
from bot.quality.period import Period
from bot.quality.records import Scope
from bot.quality.report import as_csv, as_text, build_report
from bot.shop.criteria import CHAT, ONLINE


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``report`` command."""
    report = commands.add_parser(
        "report",
        help="service quality of a period: the criteria met or missed, every figure beside the previous period's",
    )
    report.add_argument("--from", dest="first", help="first day, YYYY-MM-DD (default: Monday of last week)")
    report.add_argument(
        "--to", dest="last", help="last day, YYYY-MM-DD, included (default: the Sunday after --from's week)"
    )
    report.add_argument("--unit", help=f"a branch id, {ONLINE} or {CHAT} (default: the whole shop)")
    report.add_argument("--role", help="a role id: that role's cases, deadlines and handoffs")
    report.add_argument("--csv", action="store_true", help="print CSV instead of text")


def run_report(context: Context, args: argparse.Namespace) -> int:
    """Print the report; a bad date, unit or role is refused with the fix."""
    policy = context.policy
    try:
        if args.first or args.last:
            if not (args.first and args.last):
                raise Refused("give both --from and --to")
            period = Period.parse(args.first, args.last)
        else:
            period = Period.weeks_before(context.today())
    except Refused as exc:
        print(f"Not reported: {exc}.", file=sys.stderr)
        return 2
    units = {b.id for b in policy.branches} | {ONLINE, CHAT}
    if args.unit is not None and args.unit not in units:
        print(f"Not reported: --unit is one of {', '.join(sorted(units))}.", file=sys.stderr)
        return 2
    if args.role is not None and args.role not in {r.id for r in policy.roles}:
        print(f"Not reported: --role is one of {', '.join(r.id for r in policy.roles)}.", file=sys.stderr)
        return 2
    with context.sessions() as session:
        report = build_report(session, policy, period, context.now(), Scope(unit=args.unit, role=args.role))
    sys.stdout.write(as_csv(report) if args.csv else as_text(report))
    return 0
