"""SLA deadlines in business hours, and opening hours on holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.shop.business_hours import add_business_hours, business_time_between, hours_on, is_open
from bot.shop.policy import WEEKDAYS, Policy, WeekHours, parse_span

HKT = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (dt.datetime(2026, 11, 23, 10, 0, tzinfo=HKT), 4, dt.datetime(2026, 11, 23, 14, 0, tzinfo=HKT)),  # Monday
        (dt.datetime(2026, 11, 23, 17, 30, tzinfo=HKT), 2, dt.datetime(2026, 11, 24, 10, 30, tzinfo=HKT)),  # overnight
        (
            dt.datetime(2026, 11, 23, 7, 0, tzinfo=HKT),
            1,
            dt.datetime(2026, 11, 23, 10, 30, tzinfo=HKT),
        ),  # before opening
        (
            dt.datetime(2026, 11, 21, 13, 0, tzinfo=HKT),
            4,
            dt.datetime(2026, 11, 23, 12, 30, tzinfo=HKT),
        ),  # Sat half day, Sun shut
        (
            dt.datetime(2026, 12, 24, 18, 0, tzinfo=HKT),
            1,
            dt.datetime(2026, 12, 28, 10, 0, tzinfo=HKT),
        ),  # Christmas, Sunday
        (dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc), 0.5, dt.datetime(2026, 11, 23, 10, 30, tzinfo=HKT)),
    ],
)
def test_business_hours_skip_nights_sundays_and_holidays(
    policy: Policy, start: dt.datetime, hours: float, expected: dt.datetime
) -> None:
    assert add_business_hours(start, hours, policy.service_hours, policy) == expected
    assert business_time_between(start, expected, policy.service_hours, policy) == dt.timedelta(hours=hours)


def test_business_time_between_counts_only_opening_hours(policy: Policy) -> None:
    week = policy.service_hours
    friday_evening = dt.datetime(2026, 12, 4, 18, 0, tzinfo=HKT)  # 30 minutes before closing
    monday_morning = dt.datetime(2026, 12, 7, 10, 0, tzinfo=HKT)  # 30 minutes after opening
    # Friday's last half hour, Saturday 10:00-14:00, Sunday closed, Monday's first half hour
    assert business_time_between(friday_evening, monday_morning, week, policy) == dt.timedelta(hours=5)
    assert business_time_between(monday_morning, friday_evening, week, policy) == dt.timedelta(0)
    sunday = dt.datetime(2026, 12, 6, 12, 0, tzinfo=HKT)
    assert business_time_between(sunday, sunday + dt.timedelta(hours=3), week, policy) == dt.timedelta(0)
    christmas_eve = dt.datetime(2026, 12, 24, 18, 0, tzinfo=HKT)  # Christmas and the day after are holidays
    assert business_time_between(christmas_eve, christmas_eve + dt.timedelta(days=3, hours=16), week, policy) == (
        dt.timedelta(minutes=30 + 30)  # Thursday's last half hour and Monday 28th 09:30-10:00
    )


def test_a_branch_keeps_holiday_hours_and_a_closed_holiday_shuts_everyone(policy: Policy) -> None:
    mong_kok, central = policy.branch("mong_kok"), policy.branch("central")
    christmas, lunar_new_year = dt.date(2026, 12, 25), dt.date(2027, 2, 6)
    assert hours_on(mong_kok.hours, christmas, policy).describe() == "11:00 to 21:00"
    assert hours_on(central.hours, christmas, policy).closed
    assert hours_on(mong_kok.hours, lunar_new_year, policy).closed
    assert hours_on(mong_kok.hours, dt.date(2026, 11, 29), policy).describe() == "11:00 to 22:00"  # a plain Sunday


def test_a_day_open_until_24_00_is_open_in_its_last_minute(policy: Policy) -> None:
    always = WeekHours(**{day: parse_span("00:00-24:00") for day in WEEKDAYS}, holiday=parse_span("00:00-24:00"))
    assert is_open(always, dt.datetime(2026, 12, 3, 23, 59, 30, tzinfo=HKT), policy)
    assert is_open(always, dt.datetime(2026, 12, 4, 0, 0, tzinfo=HKT), policy)
