"""The weekly service-quality report: last week's figures and criteria, prepared once and kept as they were.

The gateway's timer calls ``prepare_weekly`` often; it does the work once a week, after the week ends (Monday in
the shop's zone), and queues a short announcement for ``notifications.weekly_report`` if the policy names one.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import QualityReport, WebhookDelivery
from bot.quality.period import Period
from bot.quality.report import as_csv, build_report
from bot.shop.policy import Policy

WEBHOOK_ROLE = "weekly_report"  # the outbox's name for the report's address (it is not a role of the policy)


def prepare_weekly(session: Session, policy: Policy, now: dt.datetime) -> QualityReport | None:
    """Last week's report, made now if it was not yet; None when it already was.

    Two gateways preparing it at the same moment make one: the week is unique.
    """
    week = Period.weeks_before(now.astimezone(policy.zone).date(), 1)
    if session.scalars(select(QualityReport.id).where(QualityReport.first_day == week.first)).first() is not None:
        return None
    report = build_report(session, policy, week, now)
    met = sum(1 for v in report.verdicts if v.met is True)
    missed = sum(1 for v in report.verdicts if v.met is False)
    made = QualityReport(first_day=week.first, last_day=week.last, made_at=now, criteria_met=met,
                         criteria_missed=missed, csv=as_csv(report))  # fmt: skip
    try:
        with session.begin_nested():
            session.add(made)
            session.flush()
    except IntegrityError:
        return None  # another gateway made it first
    url = policy.notifications.weekly_report
    if url:
        body = {"event": "weekly_report", "first_day": week.first.isoformat(), "last_day": week.last.isoformat(),
                "criteria_met": met, "criteria_missed": missed, "console_url": f"/staff/quality/reports/{made.id}",
                "at": now.isoformat()}  # fmt: skip
        session.add(WebhookDelivery(role=WEBHOOK_ROLE, url=url, body=json.dumps(body), next_attempt_at=now))
    return made


def reports(session: Session, limit: int = 52) -> list[QualityReport]:
    """The weekly reports made, newest first."""
    return list(session.scalars(select(QualityReport).order_by(QualityReport.first_day.desc()).limit(limit)))
