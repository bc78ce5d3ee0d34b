"""What a verified customer is told of their case, in English and in Hong Kong Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases.follow_up import status_answer
from bot.cases.service import CaseStatus
from bot.shop.policy import Policy

UPDATED = dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.timezone.utc)  # Tuesday 13:00 in Hong Kong
DUE = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.timezone.utc)  # Thursday 10:00


def status(policy: Policy, state: str, step: str) -> CaseStatus:
    return CaseStatus("CS-7Q4K-92XD", state, policy.role("supervisor").title, UPDATED, step, DUE)


def test_an_open_case_in_english_as_before(policy: Policy) -> None:
    assert status_answer(status(policy, "escalated", "referred_up"), policy) == (
        "Case CS-7Q4K-92XD is referred to a senior colleague, with our Customer Service Supervisor. Last update: "
        "referred to a senior colleague on Tue 24 Nov 2026, 13:00. We aim to resolve it by Thu 3 Dec 2026, 10:00."
    )


def test_an_open_case_in_chinese(policy: Policy) -> None:
    zh = policy.in_("zh")
    assert status_answer(status(zh, "escalated", "referred_up"), zh, language="zh") == (
        "個案CS-7Q4K-92XD已轉交資深同事處理，由本店客戶服務主管負責。最新進展：於2026年11月24日（星期二）13:00"
        "轉交資深同事。我們預計於2026年12月3日（星期四）10:00前解決。"
    )


def test_a_settled_case_in_chinese_promises_no_date(policy: Policy) -> None:
    zh = policy.in_("zh")
    assert status_answer(status(zh, "resolved", "settled"), zh, language="zh") == (
        "個案CS-7Q4K-92XD已解決，最新進展：於2026年11月24日（星期二）13:00達成解決方案。如仍有不妥，請在這裏告訴我，"
        f"或致電{policy.organization.hotline}，並提供個案編號CS-7Q4K-92XD。"
    )


@pytest.mark.parametrize("state", ["new", "acknowledged", "in_progress", "awaiting_customer", "reopened", "odd"])
@pytest.mark.parametrize("step", ["created", "note", "handoff_accepted", "callback_promised", "chat_passed_on"])
def test_every_status_and_step_is_said_in_chinese(policy: Policy, state: str, step: str) -> None:
    zh = policy.in_("zh")
    said = status_answer(status(zh, state, step), zh, language="zh")
    assert said.startswith("個案CS-7Q4K-92XD") and "2026年12月3日（星期四）10:00" in said
    assert not any(ch.isascii() and ch.isalpha() for ch in said.replace("CS-7Q4K-92XD", "")), said
