"""The service-quality figures of a known fortnight, number by number (``tests/quality/history.py`` tells it)."""

from __future__ import annotations

import pytest

from bot.context import Context
from bot.quality.criteria import verdicts
from bot.quality.drill import behind
from bot.quality.figures import Figures, measure
from bot.quality.period import Period
from bot.quality.records import Scope
from tests.quality.history import CURRENT, LATER, PREVIOUS, History, seed_history

WEEK = Period(*CURRENT)


@pytest.fixture
def history(context: Context) -> History:
    return seed_history(context)


def figures(ctx: Context, scope: Scope = Scope(), period: Period = WEEK) -> Figures:
    with ctx.sessions() as s:
        return measure(s, ctx.policy, period, scope, LATER)


def test_christmas_week_of_the_whole_shop(context: Context, history: History) -> None:
    n = figures(context).numbers
    # Conversations begun in the week: A, C, X, Y, Z, and Q late on Sunday night (B began the week before, R the
    # week after); C and Q never asked for a person. 11 customer lines (B's Monday line too), 2 of them fell back
    # (an "unsure" is not one).
    assert (n["conversations"], n["served_by_assistant_alone"], n["answered_by_assistant"]) == (6, 2, 2 / 6)
    assert (n["customer_messages"], n["fallbacks"], n["fallback_rate"]) == (11, 2, 2 / 11)
    # Handoffs: A, X (Boxing Day, a call back), Y, B, Z. Waits in business minutes 2, 10 (5 on Tuesday evening and
    # 5 on Wednesday morning), 10, 10 (Z asked before opening); first lines 3, 11, 10, 11.
    assert (n["handoffs"], n["handoffs_taken"], n["callbacks_promised"]) == (5, 4, 1)
    assert n["median_wait_minutes"] == 10
    assert (n["median_first_response_minutes"], n["p90_first_response_minutes"]) == (10.5, 11)
    assert n["first_response_in_target"] == 1 / 4  # within 3 minutes: A only
    # Complaints lodged in the week: A and C (B was lodged the week before); C is from A's customer.
    assert (n["complaints"], n["data_requests"], n["repeat_complaints"], n["repeat_complaints_share"]) == (2, 0, 1, 0.5)
    # Acknowledgements due in the week: A's (kept), B's with the supervisor (kept by Monday's note), B's with the
    # store manager (due Tuesday 12:05, met only by Wednesday's settlement), C's with the supervisor (missed: the
    # SLA timer moved it on Thursday) and C's with the store manager (never met).
    assert (n["acknowledge_kept"], n["acknowledge_missed"], n["acknowledged_in_sla"]) == (2, 3, 0.4)
    # Resolutions due in the week: A's by Thursday 10:00 (settled Wednesday), B's with the store manager by Thursday
    # 10:05 (settled Wednesday); B's earlier ones were renewed when it moved up, C's is due after Christmas.
    assert (n["resolve_kept"], n["resolve_missed"], n["resolved_in_sla"]) == (2, 0, 1.0)
    assert (n["reopened"], n["escalations"], n["referrals"], n["settlements_refused"]) == (1, 1, 1, 1)
    # Settled: A (repair, 20.0 business hours: Monday 8.5, Tuesday 9, Wednesday 2.5) and B (compensation HK$5,000,
    # 29.0: Friday 1.5, Saturday 4, Monday 9, Tuesday 9, Wednesday 5.5).
    assert (n["settled"], n["median_resolution_hours"], n["settled_hkd"]) == (2, 24.5, 5000)
    # Ratings 5 (A), 2 (Y), 4 (B), from the 4 customers a person served.
    assert (n["ratings"], n["satisfaction"], n["rating_response_rate"]) == (3, 2 / 3, 3 / 4)


def test_the_week_before_is_measured_the_same_way(context: Context, history: History) -> None:
    n = figures(context, period=Period(*PREVIOUS)).numbers
    assert (n["conversations"], n["served_by_assistant_alone"], n["customer_messages"], n["fallbacks"]) == (3, 2, 3, 1)
    assert (n["handoffs"], n["handoffs_taken"], n["median_wait_minutes"]) == (0, 0, None)
    assert (n["complaints"], n["repeat_complaints"]) == (2, 0)
    # E acknowledged at 11:00 (due 14:00); B's officer did not acknowledge by Saturday 12:30.
    assert (n["acknowledge_kept"], n["acknowledge_missed"], n["acknowledged_in_sla"]) == (1, 1, 0.5)
    assert (n["resolve_kept"], n["resolve_missed"]) == (1, 0)  # E's, due on Thursday 17th
    assert (n["escalations"], n["settled"], n["median_resolution_hours"], n["settled_hkd"]) == (1, 1, 5.0, 200)
    # E rated the assistant (no person had served them, so the rating is the chat's, not the case's).
    assert (n["ratings"], n["satisfaction"], n["rating_response_rate"]) == (1, 0.0, None)


def test_breakdowns_count_the_weeks_complaints_and_settlements(context: Context, history: History) -> None:
    b = figures(context).breakdowns
    assert b["category"] == {"Delivery": 1, "Product quality or defect": 1}
    assert b["product_type"] == {"bracelet": 1, "watch": 1}
    assert b["brand"] == {"Omega": 1, "no brand named": 1}
    assert b["place"] == {"Mong Kok": 1, "Online": 1}
    assert b["channel"] == {"the assistant": 2}
    assert b["role"] == {"Customer Service Officer": 1, "Store Manager": 1}  # C is with the store manager now
    assert (b["remedy"], b["remedy_hkd"]) == ({"compensation": 1, "repair": 1}, {"compensation": 5000, "repair": 0})
    assert b["rating"] == {"5": 1, "4": 1, "3": 0, "2": 1, "1": 0}


def test_a_scope_narrows_to_a_unit_or_a_role(context: Context, history: History) -> None:
    central = figures(context, Scope(unit="central")).numbers
    assert central["conversations"] is None and central["handoffs"] is None  # conversations belong to the chat
    assert (central["complaints"], central["acknowledge_kept"], central["acknowledge_missed"]) == (0, 1, 1)
    assert (central["settled"], central["settled_hkd"]) == (1, 5000)
    assert (central["ratings"], central["satisfaction"]) == (1, 1.0)
    chat = figures(context, Scope(unit="chat")).numbers
    assert (chat["conversations"], chat["ratings"], chat["satisfaction"]) == (6, 1, 0.0)  # Y's rating had no case
    assert chat["complaints"] is None
    managers = figures(context, Scope(role="store_manager")).numbers
    assert (managers["acknowledge_kept"], managers["acknowledge_missed"], managers["resolve_kept"]) == (0, 2, 1)
    assert (managers["complaints"], managers["conversations"]) == (1, None)
    officer = figures(context, Scope(staff_id=history.officer.staff_id)).numbers
    assert (officer["handoffs"], officer["handoffs_taken"], officer["median_wait_minutes"]) == (3, 3, 10)
    assert (officer["ratings"], officer["satisfaction"]) == (2, 0.5)
    assert (officer["settled"], officer["reopened"], officer["settlements_refused"]) == (1, 1, 0)  # A's steps
    assert officer["complaints"] is None and officer["acknowledged_in_sla"] is None  # cases are not a person's
    supervisor = figures(context, Scope(staff_id=history.supervisor.staff_id)).numbers
    assert (supervisor["settlements_refused"], supervisor["referrals"], supervisor["settled"]) == (1, 1, 0)


def test_each_units_criteria_are_met_missed_or_have_nothing_to_measure(context: Context, history: History) -> None:
    with context.sessions() as s:
        found = {(v.unit, v.criterion): (v.actual, v.met, v.previous) for v in verdicts(s, context.policy, WEEK, LATER)}
    assert found[("chat", "first_response")] == (0.25, False, None)
    assert found[("chat", "answered_by_assistant")] == (2 / 6, False, 2 / 3)
    assert found[("chat", "fallback_at_most")] == (2 / 11, False, 1 / 3)
    assert found[("chat", "satisfaction")] == (0.0, False, 0.0)
    assert found[("mong_kok", "acknowledged_in_sla")] == (1.0, True, None)
    assert found[("mong_kok", "satisfaction")] == (1.0, True, None)
    assert found[("mong_kok", "repeat_complaints_at_most")] == (0.0, True, None)
    assert found[("central", "acknowledged_in_sla")] == (0.5, False, 0.0)
    assert found[("central", "resolved_in_sla")] == (1.0, True, None)
    assert found[("central", "repeat_complaints_at_most")] == (None, None, 0.0)  # B was lodged the week before
    assert found[("online", "acknowledged_in_sla")] == (0.0, False, None)
    assert found[("online", "repeat_complaints_at_most")] == (1.0, False, None)
    assert found[("tsim_sha_tsui", "acknowledged_in_sla")] == (None, None, 1.0)
    assert found[("tsim_sha_tsui", "resolved_in_sla")] == (None, None, 1.0)
    assert found[("tsim_sha_tsui", "satisfaction")] == (None, None, None)
    assert len(found) == sum(len(c.targets()) for c in context.policy.performance_criteria.values())


def test_every_count_of_the_tables_drills_down_to_its_records(context: Context, history: History) -> None:
    def behind_it(figure: str, **where: str) -> list[str | None]:
        with context.sessions() as s:
            found = behind(s, context.policy, WEEK, Scope(), figure, LATER, where)
        return [row.case_reference or row.conversation_id for row in found.rows]

    assert behind_it("complaints", by_place="Online") == [history.parcel]
    assert behind_it("complaints", by_category="Product quality or defect", by_product_type="bracelet") == [
        history.bracelet
    ]
    assert behind_it("settled", by_remedy="compensation") == [history.rude]
    assert behind_it("ratings", by_rating="5") == [history.bracelet]
    assert behind_it("conversations", by_hour="6-23") == ["conv-q"]  # Sunday, 23:00 to 23:59
    assert behind_it("acknowledge_missed") == [history.parcel, history.parcel, history.rude]
