"""Days customers name in Chinese, for complaints ("琴日", "上星期六") and opening hours ("星期日")."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.shop.business_hours import format_moment
from bot.shop.dates import date_in, said_day, weekday_named
from bot.shop.hours import parse_span
from bot.shop.policy import Policy

MONDAY = dt.date(2026, 11, 23)
SUNDAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "today", "day"),
    [
        ("今日", MONDAY, MONDAY),
        ("今朝買嘅", MONDAY, MONDAY),
        ("琴日", MONDAY, dt.date(2026, 11, 22)),
        ("尋日下晝", MONDAY, dt.date(2026, 11, 22)),
        ("昨天", MONDAY, dt.date(2026, 11, 22)),
        ("琴晚", MONDAY, dt.date(2026, 11, 22)),
        ("前日", MONDAY, dt.date(2026, 11, 21)),
        ("大前日", MONDAY, dt.date(2026, 11, 20)),
        ("三日前", MONDAY, dt.date(2026, 11, 20)),
        ("5天前", MONDAY, dt.date(2026, 11, 18)),
        ("兩個星期前", MONDAY, dt.date(2026, 11, 9)),
        ("上星期六", MONDAY, dt.date(2026, 11, 21)),
        ("上星期六", SUNDAY, dt.date(2026, 11, 21)),  # last week's Saturday, not yesterday
        ("上個禮拜三", MONDAY, dt.date(2026, 11, 18)),
        ("上個禮拜日", SUNDAY, dt.date(2026, 11, 22)),
        ("上星期", MONDAY, dt.date(2026, 11, 16)),
        ("星期六", MONDAY, dt.date(2026, 11, 21)),
        ("禮拜日", MONDAY, dt.date(2026, 11, 22)),
        ("11月20號", MONDAY, dt.date(2026, 11, 20)),
        ("11月20日喺中環買", MONDAY, dt.date(2026, 11, 20)),
        ("12月3日", MONDAY, dt.date(2025, 12, 3)),  # not in the future: last year's
        ("2026年3月2日", MONDAY, dt.date(2026, 3, 2)),
        ("20/11", MONDAY, dt.date(2026, 11, 20)),
        ("唔記得", MONDAY, None),
        ("2月30號", MONDAY, None),
    ],
)
def test_chinese_day_words(text: str, today: dt.date, day: dt.date | None) -> None:
    assert date_in(text, today) == day


def test_chinese_weekdays_are_named() -> None:
    assert [weekday_named(w) for w in ("星期一", "禮拜二", "週三", "周四", "拜五", "星期六", "星期日", "禮拜天")] == [
        0, 1, 2, 3, 4, 5, 6, 6,
    ]  # fmt: skip
    assert weekday_named("今日") is None and weekday_named("生日") is None


def test_days_and_hours_as_the_assistant_writes_them(policy: Policy) -> None:
    assert said_day(MONDAY, "zh") == "11月23日（星期一）"
    assert said_day(MONDAY, "zh", weekday="", year=True) == "2026年11月23日"
    assert said_day(MONDAY, "en") == "Mon 23 Nov" and said_day(MONDAY, "en", weekday="long") == "Monday 23 Nov"
    assert parse_span("10:00-20:00").describe("zh") == "10:00至20:00"
    assert parse_span("closed").describe("zh") == "休息" and parse_span("closed").describe() == "closed"
    moment = dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.timezone.utc)
    assert format_moment(moment, policy, "zh") == "2026年11月24日（星期二）13:00"
