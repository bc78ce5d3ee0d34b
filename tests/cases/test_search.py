"""Staff find cases by reference, status, branch, date and their own work, only in the queues they see."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from bot.cases.search import CaseQuery, find_cases, query_from
from bot.cases.settlement import add_note, case_for
from bot.context import Context
from bot.errors import Refused
from tests.staffing import NOW, lodge, staff


def references(context: Context, query: CaseQuery, role: str = "customer_service_manager") -> set[str]:
    who = staff(context, f"{role[:8]}-{secrets.token_hex(4)}", role)
    with context.sessions() as s:
        return {c.reference for c in find_cases(s, query, who, context.policy)}


def test_a_search_form_is_read_or_refused_with_the_reason(context: Context) -> None:
    policy = context.policy
    assert query_from({"reference": "cs 7k2m-q9", "status": "open", "branch": "central", "since": "2026-12-01",
                       "mine": "yes"}, policy) == CaseQuery("CS7K2MQ9", "open", "central", dt.date(2026, 12, 1),
                                                           None, True)  # fmt: skip
    for form, reason in (({"status": "lost"}, "no status 'lost'"), ({"branch": "paris"}, "no branch 'paris'"),
                         ({"since": "yesterday"}, "from date is a date"),
                         ({"since": "2026-12-03", "until": "2026-12-01"}, "after the to date")):  # fmt: skip
        with pytest.raises(Refused, match=reason):
            query_from(form, policy)


def test_cases_are_found_by_reference_status_branch_date_and_own_work(context: Context) -> None:
    first = lodge(context, "c1", phone="91000001")
    second = lodge(context, "c2", phone="91000002", now=NOW + dt.timedelta(days=2))
    assert references(context, CaseQuery()) == {first, second}
    assert references(context, CaseQuery(reference=first[3:7])) == {first}  # a part of it
    assert references(context, CaseQuery(reference=first.replace("-", ""))) == {first}
    assert references(context, CaseQuery(status="settled")) == set()
    assert references(context, CaseQuery(status="new")) == {first, second}
    assert references(context, CaseQuery(branch="central")) == set()
    assert references(context, CaseQuery(branch="mong_kok")) == {first, second}
    day_one = NOW.astimezone(context.policy.zone).date()
    assert references(context, CaseQuery(since=day_one, until=day_one)) == {first}
    assert references(context, CaseQuery(since=day_one + dt.timedelta(days=1))) == {second}
    mei = staff(context, "mei", "customer_service_manager")
    with context.sessions() as s, s.begin():
        add_note(s, case_for(s, second, mei, context.policy), mei, "note", "Called the customer.",
                 policy=context.policy, now=NOW)  # fmt: skip
    with context.sessions() as s:
        assert [c.reference for c in find_cases(s, CaseQuery(mine=True), mei, context.policy)] == [second]


def test_a_search_never_lists_a_case_of_a_queue_the_member_of_staff_does_not_see(context: Context) -> None:
    officer_case = lodge(context, "c3", outcome="apology", amount=None, phone="91000003")
    manager_case = lodge(context, "c4", amount=20000, phone="91000004")  # above a supervisor's authority
    assert references(context, CaseQuery(), "customer_service_manager") == {officer_case, manager_case}
    assert manager_case not in references(context, CaseQuery(), "customer_service_officer")
