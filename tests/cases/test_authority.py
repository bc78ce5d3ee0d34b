"""Every routing rule of the demo policy, and its boundaries."""

from __future__ import annotations

import pytest

from bot.cases.authority import CaseFacts, authority_for, can_settle, severity_signals
from bot.shop.policy import Policy

F = frozenset


@pytest.mark.parametrize(
    ("facts", "role", "reason_part"),
    [
        # Remedies within the front line's authority.
        (CaseFacts("product", "apology"), "customer_service_officer", "within the authority"),
        (CaseFacts("service", "repair"), "customer_service_officer", "within the authority"),
        (CaseFacts("product", "replacement", 500), "customer_service_officer", "within the authority"),
        # The officer may not refund or compensate at all, and may not exceed HK$500.
        (CaseFacts("product", "replacement", 501), "supervisor", "replacement of HK$501"),
        (CaseFacts("product", "refund", 1), "supervisor", "refund of HK$1"),
        (CaseFacts("delivery", "compensation", 3000), "supervisor", "compensation of HK$3,000"),
        (CaseFacts("delivery", "compensation", 3001), "store_manager", "needs the authority of a Store Manager"),
        (CaseFacts("price", "refund", 20000), "store_manager", "refund of HK$20,000"),
        (CaseFacts("price", "refund", 20001), "customer_service_manager", "Customer Service Manager"),
        (CaseFacts("price", "refund", 100000), "customer_service_manager", "refund of HK$100,000"),
        # Above everyone's limit: the top of the ladder still has to take it.
        (CaseFacts("price", "refund", 250000), "customer_service_manager", "refund of HK$250,000"),
        # Privacy has its own role whatever the amount.
        (CaseFacts("privacy", "compensation", 50000), "data_protection_officer", "privacy cases"),
        (CaseFacts("privacy", "apology", 0, F({"legal"})), "data_protection_officer", "privacy cases"),
        # VIP: at least a store manager.
        (CaseFacts("service", "apology", vip=True), "store_manager", "VIP customer"),
        (CaseFacts("price", "refund", 30000, vip=True), "customer_service_manager", "refund of HK$30,000"),
        # Repeat complainants: two earlier cases in the window raise one level; one does not.
        (CaseFacts("product", "apology", prior_cases=1), "customer_service_officer", "within the authority"),
        (CaseFacts("product", "apology", prior_cases=2), "supervisor", "repeat complaint (2 earlier cases"),
        (CaseFacts("product", "refund", 5000, prior_cases=3), "customer_service_manager", "repeat complaint"),
        (CaseFacts("product", "refund", 50000, prior_cases=5), "customer_service_manager", "refund of HK$50,000"),
        # Severity signals go to the customer service manager.
        (CaseFacts("product", "apology", 0, F({"legal"})), "customer_service_manager", "severity: legal"),
        (CaseFacts("service", "apology", 0, F({"consumer_council"})), "customer_service_manager", "consumer council"),
        (CaseFacts("service", "apology", 0, F({"media"})), "customer_service_manager", "severity: media"),
        (CaseFacts("product", "compensation", 100, F({"injury"})), "customer_service_manager", "severity: injury"),
    ],
)
def test_authority_for_routes_each_rule(policy: Policy, facts: CaseFacts, role: str, reason_part: str) -> None:
    assignment = authority_for(facts, policy)
    assert assignment.role.id == role
    assert any(reason_part in reason for reason in assignment.reasons), assignment.reasons


@pytest.mark.parametrize(
    ("text", "signals"),
    [
        ("The clasp broke", set()),
        ("I will talk to my lawyer about this", {"legal"}),
        ("I'll take you to the small claims tribunal", {"legal"}),
        ("I am reporting you to the Consumer Council", {"consumer_council"}),
        ("我會去消委會投訴", {"consumer_council"}),
        ("I'll post this on social media and tell the newspaper", {"media"}),
        ("the ring cut my finger and I was bleeding", {"injury"}),
        ("got a rash, allergic to the bracelet; my solicitor will call", {"injury", "legal"}),
        ("the staff showed no courtesy", set()),  # whole words only: not "court"
        ("the suede strap came apart", set()),
        ("stop sending me your newsletter", set()),
        ("報告話係假貨", set()),  # "report" is not "告你"
        ("I'm suing you", {"legal"}),
    ],
)
def test_severity_signals_are_found_in_the_customers_words(policy: Policy, text: str, signals: set[str]) -> None:
    assert severity_signals(text, policy) == signals


def test_a_role_settles_only_its_remedies_within_its_limit(policy: Policy) -> None:
    officer, supervisor = policy.role("customer_service_officer"), policy.role("supervisor")
    assert can_settle(officer, "replacement", 500)
    assert not can_settle(officer, "replacement", 501)
    assert not can_settle(officer, "refund", 1)
    assert can_settle(supervisor, "refund", 3000)
    assert not can_settle(supervisor, "refund", 3001)
