"""The demo shop's history: months of service through the real case services, so the dashboard is alive at once."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.context import Context
from bot.db.models import Case, HandoffRequest, InboxMessage, SlaPledge
from bot.quality.demo import seed_demo_history
from bot.quality.needs import training_needs
from bot.quality.period import Period
from bot.quality.report import build_report
from bot.staff.accounts import seed_demo_staff


def test_the_demo_history_fills_every_part_of_the_dashboard(context: Context) -> None:
    now = context.now()
    with context.sessions() as s, s.begin():
        seed_demo_staff(s, context.policy, context.settings.var_dir)
        conversations = seed_demo_history(s, context.policy, context.vault, now)
    assert conversations > 3000
    month = Period.weeks_before(context.today(), 4)
    with context.sessions() as s:
        report = build_report(s, context.policy, month, now)
        numbers = report.current.numbers
        assert numbers["conversations"] > 800 and numbers["complaints"] > 20 and numbers["ratings"] > 20
        assert numbers["settled"] and numbers["reopened"] is not None and numbers["settlements_refused"]
        assert numbers["acknowledge_kept"] and numbers["acknowledge_missed"]  # some deadlines kept, some missed
        assert report.previous.numbers["conversations"]  # the month before too, for the comparison
        states = {v.met for v in report.verdicts}
        assert {True, False} <= states  # green and red
        assert training_needs(s, context.policy, month, now)
        # Nothing left for today's staff: no one waiting for a person, no inbox to label; every case has deadlines.
        assert s.scalar(select(func.count()).where(HandoffRequest.status == "waiting")) == 0
        assert s.scalar(select(func.count()).where(InboxMessage.status == "open")) == 0
        cases = s.scalar(select(func.count()).select_from(Case))
        assert s.scalar(select(func.count(func.distinct(SlaPledge.case_id)))) == cases
