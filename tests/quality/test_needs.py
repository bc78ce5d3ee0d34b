"""Training needs from a week's figures: each rule fires on what it says, and only then."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.cases.settlement import record_refusal, settle
from bot.context import Context
from bot.db.models import Case, HandoffRequest, InboxMessage, Rating
from bot.quality.needs import training_needs
from bot.quality.period import Period
from tests.quality.history import LATER
from tests.staffing import NOW, lodge, staff

WEEK = Period(dt.date(2026, 11, 23), dt.date(2026, 11, 29))


def _case(ctx: Context, reference: str) -> Case:
    with ctx.sessions() as s:
        return s.scalars(select(Case).where(Case.reference == reference)).one()


def test_each_rule_names_whom_and_why(context: Context) -> None:
    amy = staff(context, "amy", "customer_service_officer")
    mei = staff(context, "mei", "supervisor")
    # Mong Kok (lodge's branch): 5 complaints, all about the product; the officer takes none up in time.
    refs = [lodge(context, f"needs-{i}", phone=f"9100000{i}", outcome="repair", amount=None) for i in range(5)]
    with context.sessions() as s, s.begin():
        for reference in refs[:2]:  # refused twice above the officer's authority, settled once
            case = s.scalars(select(Case).where(Case.reference == reference)).one()
            record_refusal(s, case, amy, "refund", 900, policy=context.policy, now=NOW + dt.timedelta(hours=1))
        case = s.scalars(select(Case).where(Case.reference == refs[2])).one()
        settle(s, case, mei, "repair", 0, "Repaired", policy=context.policy, now=NOW + dt.timedelta(days=2))
        for i in range(3):  # three chats of Amy's rated 2
            s.add(HandoffRequest(conversation_id=f"rated-{i}", role="customer_service_officer", reason="asked",
                                 requested_at=NOW, status="closed", taken_by=amy.staff_id, taken_at=NOW))  # fmt: skip
            s.add(Rating(conversation_id=f"rated-{i}", staff_id=amy.staff_id, score=2, at=NOW))
        for i in range(3):  # the assistant unsure three times of what it took for store information
            s.add(InboxMessage(text="wen u open", group_key=f"g{i}", source="unsure", conversation_id=f"c{i}",
                               at=NOW, predicted_intent="ask_store_info", confidence=0.3))  # fmt: skip
    with context.sessions() as s:
        needs = {(n.kind, n.for_whom): n for n in training_needs(s, context.policy, WEEK, LATER)}
    branch = needs[("branch", "Mong Kok")]
    assert branch.seen == "5 of 5 complaints (100%) were about product quality or defect" and branch.unit == "mong_kok"
    authority = needs[("authority", "Staff who settle product quality or defect")]
    assert authority.seen.startswith("2 of 3 settlements tried (67%)")
    officers = needs[("role", "Customer Service Officer")]
    assert (
        officers.seen.startswith("kept 0 of 5 acknowledgement deadlines")
        and officers.role == "customer_service_officer"
    )
    assert needs[("person", "Amy (Customer Service Officer)")].staff_id == amy.staff_id
    assert "'ask_store_info'" in needs[("assistant", "The assistant")].what
    assert ("person", "Mei (Customer Service Supervisor)") not in needs
    with context.sessions() as s:  # a store manager of Central sees nothing of Mong Kok's
        assert training_needs(s, context.policy, WEEK, LATER, units=("central",)) == []
