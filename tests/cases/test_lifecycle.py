"""The case lifecycle: every status, every allowed move, and the services moving cases only through it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.cases import lifecycle
from bot.cases.settlement import case_for, refer_up, settle
from bot.context import Context
from bot.db.models import Case
from bot.errors import InvalidTransition
from tests.staffing import NOW, lodge, staff


def test_every_status_has_its_moves_and_settled_cases_only_close_or_reopen() -> None:
    assert set(lifecycle.ALLOWED) == set(lifecycle.STATUSES)
    assert set(lifecycle.UNSETTLED) | set(lifecycle.SETTLED) == set(lifecycle.STATUSES)
    for status in lifecycle.UNSETTLED:
        assert lifecycle.advance(status, lifecycle.RESOLVED) == lifecycle.RESOLVED
        assert lifecycle.advance(status, lifecycle.ESCALATED) == lifecycle.ESCALATED
        assert lifecycle.is_open(status)
    assert lifecycle.advance(lifecycle.RESOLVED, lifecycle.CLOSED) == lifecycle.CLOSED
    assert lifecycle.advance(lifecycle.CLOSED, lifecycle.REOPENED) == lifecycle.REOPENED
    assert not lifecycle.is_open(lifecycle.RESOLVED)


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        ("resolved", "resolved", "already resolved"),
        ("closed", "escalated", "already closed"),
        ("new", "reopened", "a case that is new cannot become reopened"),
        ("new", "closed", "cannot become closed"),
        ("in_progress", "new", "cannot become new"),
        ("made_up", "resolved", "cannot become resolved"),
    ],
)
def test_a_move_the_lifecycle_does_not_allow_is_refused(current: str, target: str, message: str) -> None:
    with pytest.raises(InvalidTransition, match=message):
        lifecycle.advance(current, target)


def test_the_status_reads_in_words() -> None:
    assert lifecycle.words("in_progress") == "In progress"
    assert lifecycle.words("awaiting_customer") == "Awaiting customer"


def test_a_settled_case_cannot_be_settled_or_referred_again(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")
    with context.sessions() as s, s.begin():
        settle(s, case_for(s, reference, mei, context.policy), mei, "refund", 1500, "Refunded.",
               policy=context.policy, now=NOW)  # fmt: skip
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, context.policy)
        with pytest.raises(InvalidTransition, match="already resolved"):
            settle(s, case, mei, "refund", 100, "Again.", policy=context.policy, now=NOW)
        with pytest.raises(InvalidTransition, match="already resolved"):
            refer_up(s, case, mei, "Because.", policy=context.policy, now=NOW)
    with context.sessions() as s:
        assert s.scalars(select(Case.status)).one() == "resolved"
