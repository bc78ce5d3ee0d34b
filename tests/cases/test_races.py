"""Two processes changing one case at the same moment: the second change is refused, never applied twice.

Each "gateway" here is a thread with its own database session, as two gateway processes would have; both read
the case before either writes (a barrier in SQLAlchemy's ``before_flush`` holds each until the other has read).
On PostgreSQL, the multi-machine database, the second UPDATE finds the version it read gone and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.cases.settlement import case_for, escalate_overdue, settle
from bot.context import Context
from bot.db.models import Case, CaseEvent
from tests.staffing import NOW, lodge, staff

ON_POSTGRES = pytest.mark.parametrize("context", ["postgresql"], indirect=True)


def race(context: Context, work: Callable[[Session, int], object]) -> list[object]:
    """Run ``work(session, i)`` in two threads at once, each in a transaction of its own; what each gave or raised."""
    both_read = threading.Barrier(2, timeout=30)
    results: list[object] = [None, None]

    def hold_until_both_read(session: Session, *_: object) -> None:
        if not session.info.get("waited"):
            session.info["waited"] = True
            both_read.wait()

    def gateway(i: int) -> None:
        try:
            with context.sessions() as session:
                event.listen(session, "before_flush", hold_until_both_read)
                with session.begin():
                    results[i] = work(session, i)
        except Exception as exc:  # noqa: BLE001 - the test looks at what each raised
            results[i] = exc

    threads = [threading.Thread(target=gateway, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@ON_POSTGRES
def test_two_gateways_timers_escalate_an_overdue_case_once(context: Context) -> None:
    reference = lodge(context, "c1")  # supervisor: acknowledge within 4 business hours
    later = NOW + dt.timedelta(hours=4, minutes=1)
    results = race(context, lambda s, _: escalate_overdue(s, context.policy, later))
    assert sum(isinstance(r, list) and len(r) == 1 for r in results) == 1, results
    assert sum(isinstance(r, StaleDataError) for r in results) == 1, results
    with context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        kinds = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
        assert case.assigned_role == "store_manager"
        assert kinds.count("sla_escalated") == 1


@ON_POSTGRES
def test_two_members_of_staff_settling_one_case_at_once_settle_it_once(context: Context) -> None:
    mei, ann = staff(context, "mei", "supervisor"), staff(context, "ann", "supervisor")
    reference = lodge(context, "c1")

    def settle_as(session: Session, i: int) -> str:
        who = (mei, ann)[i]
        case = case_for(session, reference, who, context.policy)
        settle(session, case, who, "refund", 1500, f"Refund by {who.username}.", policy=context.policy, now=NOW)
        return who.username

    results = race(context, settle_as)
    assert sum(isinstance(r, StaleDataError) for r in results) == 1, results
    with context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        kinds = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
        assert (case.status, kinds.count("settled")) == ("resolved", 1)
