"""The dashboard benchmark's year of service is what the figures count, and its pages all answer."""

from __future__ import annotations

import asyncio
import datetime as dt

from benchmarks import quality
from bot.context import Context
from bot.quality.figures import measure
from bot.quality.period import Period
from bot.quality.records import Scope


def test_a_small_year_is_counted_as_written_and_every_page_answers(context: Context) -> None:
    now = context.now()
    written = quality.year_of_service(context, now, conversations=400, cases=40)
    assert (written["conversations"], written["cases"], written["sla_pledges"]) == (400, 40, 80)
    year = Period(now.astimezone(context.policy.zone).date() - dt.timedelta(days=366),
                  now.astimezone(context.policy.zone).date())  # fmt: skip
    with context.sessions() as s:
        numbers = measure(s, context.policy, year, Scope(), now).numbers
    assert (numbers["conversations"], numbers["complaints"]) == (400, 40)
    assert numbers["customer_messages"] == written["transcript_lines"] - numbers["handoffs_taken"]  # staff lines aside
    timings = asyncio.run(quality.time_pages(context, quality.pages_of(context.today()), "test"))
    assert [t.page for t in timings] == list(quality.pages_of(context.today()))
    assert "The dashboard as it opens" in quality.section(written, timings, "today")
