"""The weekly report: prepared once after the week ends, kept as it was, announced where the policy says."""

from __future__ import annotations

import csv
import io
import json

import yaml
from sqlalchemy import select

from bot.context import Context
from bot.db.models import QualityReport, WebhookDelivery
from bot.quality.weekly import prepare_weekly
from tests.quality.history import hk, seed_history


def test_last_weeks_report_is_made_once_and_announced(context: Context) -> None:
    seed_history(context)
    data = yaml.safe_load(context.settings.policy_path.read_text())
    data["notifications"]["weekly_report"] = "https://hooks.example.com/managers"
    context.settings.policy_path.write_text(yaml.safe_dump(data, allow_unicode=True))
    monday = hk(28, 0, 5)  # just after Christmas week ends
    with context.sessions() as s, s.begin():
        made = prepare_weekly(s, context.policy, monday)
        assert made is not None
        assert (made.first_day.isoformat(), made.last_day.isoformat()) == ("2026-12-21", "2026-12-27")
        assert prepare_weekly(s, context.policy, hk(28, 9)) is None  # once a week
    with context.sessions() as s:
        report = s.scalars(select(QualityReport)).one()
        rows = {row["name"]: row for row in csv.DictReader(io.StringIO(report.csv))}
        begun = rows["Conversations begun"]
        assert (begun["this_period"], begun["previous_period"]) == ("6", "3")
        assert rows["Mong Kok: Acknowledged within the SLA"]["met"] == "yes"
        assert (report.criteria_met, report.criteria_missed) == (
            sum(1 for r in rows.values() if r["met"] == "yes"),
            sum(1 for r in rows.values() if r["met"] == "no"),
        )
        told = json.loads(s.scalars(select(WebhookDelivery)).one().body)
    assert told == {"event": "weekly_report", "first_day": "2026-12-21", "last_day": "2026-12-27",
                    "criteria_met": report.criteria_met, "criteria_missed": report.criteria_missed,
                    "console_url": f"/staff/quality/reports/{report.id}", "at": monday.isoformat()}  # fmt: skip
