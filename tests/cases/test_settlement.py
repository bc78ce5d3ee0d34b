"""Staff settle within their authority or refer up; overdue cases climb by the SLA timer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
import yaml
from sqlalchemy import select

from bot.cases.handoff import accept, request_handoff
from bot.cases.notifications import MAX_ATTEMPTS, body_for, due, record_attempt
from bot.cases.settlement import add_note, case_for, escalate_overdue, record_refusal, refer_up, reopen, settle
from bot.context import Context, build_context
from bot.db.models import Case, HandoffRequest, SlaPledge, WebhookDelivery
from bot.errors import CannotReferUp, InvalidTransition, NotYourQueue, OutsideAuthority, Refused
from tests.staffing import NOW, lodge, staff


def events(ctx: Context, reference: str) -> list[tuple[str, str, dict[str, object]]]:
    with ctx.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        return [(e.kind, e.actor, json.loads(e.detail)) for e in case.events]


def test_a_settlement_within_authority_resolves_the_case(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, context.policy)
        add_note(s, case, mei, "action", "Checked the clasp: factory fault.", policy=context.policy, now=NOW)
        settle(s, case, mei, "refund", 1500, "Full refund to the card.", policy=context.policy, now=NOW)
    kinds = events(context, reference)
    assert [k for k, _, _ in kinds] == ["created", "action", "settled"]
    assert kinds[2][1] == "Mei (Customer Service Supervisor)"
    assert kinds[2][2] == {"remedy": "refund", "amount_hkd": 1500, "solution": "Full refund to the card.",
                           "authority": "Customer Service Supervisor"}  # fmt: skip
    with context.sessions() as s:
        case = s.scalars(select(Case)).one()
        assert (case.status, case.settled_remedy, case.settled_amount_hkd) == ("resolved", "refund", 1500)


def test_a_settled_case_reopens_with_a_reason_and_a_new_deadline(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")
    later = NOW + dt.timedelta(days=3)
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, context.policy)
        with pytest.raises(InvalidTransition, match="new cannot become reopened"):
            reopen(s, case, mei, "Came back", policy=context.policy, now=NOW)
        settle(s, case, mei, "refund", 1500, "Full refund to the card.", policy=context.policy, now=NOW)
        with pytest.raises(Refused, match="reason"):
            reopen(s, case, mei, "  ", policy=context.policy, now=later)
        reopen(s, case, mei, "The refund never reached the card", policy=context.policy, now=later)
    assert events(context, reference)[-1] == (
        "reopened", "Mei (Customer Service Supervisor)",
        {"reason": "The refund never reached the card", "settled_as": "refund"},
    )  # fmt: skip
    with context.sessions() as s:
        case = s.scalars(select(Case)).one()
        assert (case.status, case.settled_remedy, case.settled_amount_hkd) == ("reopened", None, None)
        assert case.resolve_by > later
        pledged = [(p.kind, p.closed_how) for p in s.scalars(select(SlaPledge).order_by(SlaPledge.id))]
    assert pledged == [("acknowledge", "met"), ("resolve", "met"), ("resolve", None)]


def test_above_authority_the_server_refuses_and_says_so_in_the_history(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    amy = staff(context, "amy", "customer_service_officer")
    reference = lodge(context, "c1", outcome="replacement", amount=None)  # an officer's case
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, amy, context.policy)
        with pytest.raises(OutsideAuthority, match="refund not at all"):
            settle(s, case, amy, "refund", 100, "Refund.", policy=context.policy, now=NOW)
        record_refusal(s, case, amy, "refund", 100, policy=context.policy, now=NOW)
        with pytest.raises(OutsideAuthority, match="up to HK\\$3,000"):
            settle(s, case_for(s, reference, mei, context.policy), mei, "compensation", 8000, "Cash.",
                   policy=context.policy, now=NOW)  # fmt: skip
        record_refusal(s, case, mei, "compensation", 8000, policy=context.policy, now=NOW)
    assert [k for k, _, _ in events(context, reference)] == ["created", "settlement_refused", "settlement_refused"]
    with context.sessions() as s:
        assert s.scalars(select(Case)).one().status == "new"


def test_bad_settlements_are_refused_clearly(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, context.policy)
        bad = [("cash", 1, "x", "remedy is one of"), ("refund", -5, "x", "negative"), ("refund", 5, " ", "agreed")]
        for remedy, amount, solution, message in bad:
            with pytest.raises(ValueError, match=message):
                settle(s, case, mei, remedy, amount, solution, policy=context.policy, now=NOW)
        with pytest.raises(ValueError, match="1 and 2,000"):
            add_note(s, case, mei, "note", "   ", policy=context.policy, now=NOW)


def test_staff_see_cases_of_their_role_and_below_only(context: Context) -> None:
    amy = staff(context, "amy", "customer_service_officer")
    dpo = staff(context, "dora", "data_protection_officer")
    reference = lodge(context, "c1")  # the supervisor's
    with context.sessions() as s:
        for who in (amy, dpo):
            with pytest.raises(NotYourQueue):
                case_for(s, reference, who, context.policy)


def test_referring_up_moves_the_case_and_the_live_chat_to_the_next_role(context: Context) -> None:
    mei, ken = staff(context, "mei", "supervisor"), staff(context, "ken", "store_manager")
    reference = lodge(context, "c1")
    with context.sessions() as s, s.begin():
        request_handoff(s, "c1", "customer asked for a person", policy=context.policy, now=NOW)
        accept(s, s.scalars(select(HandoffRequest.id)).one(), mei, policy=context.policy, now=NOW)
    with context.sessions() as s, s.begin():
        with pytest.raises(ValueError, match="reason"):
            refer_up(s, case_for(s, reference, mei, context.policy), mei, " ", policy=context.policy, now=NOW)
        moved = refer_up(s, case_for(s, reference, mei, context.policy), mei, "Customer wants HK$8,000 compensation",
                         policy=context.policy, now=NOW)  # fmt: skip
    assert (moved.role, moved.conversation_id) == ("store_manager", "c1")
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, ken, context.policy)
        assert (case.status, case.assigned_role) == ("escalated", "store_manager")
        with pytest.raises(NotYourQueue):
            case_for(s, reference, mei, context.policy)  # no longer the supervisor's
        handoffs = s.scalars(select(HandoffRequest).order_by(HandoffRequest.id)).all()
        assert [(h.status, h.role) for h in handoffs] == [("referred", "supervisor"), ("waiting", "store_manager")]
        accept(s, handoffs[1].id, ken, policy=context.policy, now=NOW)
        settle(s, case, ken, "compensation", 8000, "HK$8,000 goodwill.", policy=context.policy, now=NOW)
    assert [k for k, _, _ in events(context, reference)] == [
        "created", "handoff_requested", "accepted", "referred_up", "accepted", "settled"]  # fmt: skip
    assert events(context, reference)[3][2] == {"from": "supervisor", "to": "store_manager",
                                                "reason": "Customer wants HK$8,000 compensation"}  # fmt: skip


def test_the_top_of_the_ladder_cannot_refer_up(context: Context) -> None:
    boss = staff(context, "grace", "customer_service_manager")
    reference = lodge(context, "c1", description="I will call my lawyer about this.")
    with context.sessions() as s, s.begin(), pytest.raises(CannotReferUp):
        refer_up(s, case_for(s, reference, boss, context.policy), boss, "too big", policy=context.policy, now=NOW)


def test_a_case_not_acknowledged_in_time_climbs_one_level(context: Context) -> None:
    reference = lodge(context, "c1")  # supervisor: acknowledge within 4 business hours (by 15:00)
    with context.sessions() as s, s.begin():
        assert escalate_overdue(s, context.policy, NOW + dt.timedelta(hours=3)) == []
        (moved,) = escalate_overdue(s, context.policy, NOW + dt.timedelta(hours=4, minutes=1))
        assert (moved.reference, moved.role) == (reference, "store_manager")
        assert escalate_overdue(s, context.policy, NOW + dt.timedelta(hours=4, minutes=2)) == []  # fresh terms
    kind, who, detail = events(context, reference)[-1]
    assert (kind, who, detail) == ("sla_escalated", "SLA timer",
                                   {"from": "supervisor", "to": "store_manager", "missed": "acknowledge"})  # fmt: skip


def test_an_acknowledged_case_climbs_when_it_is_not_resolved_in_time(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")
    with context.sessions() as s, s.begin():
        add_note(s, case_for(s, reference, mei, context.policy), mei, "note", "Called the customer.",
                 policy=context.policy, now=NOW)  # fmt: skip
        assert escalate_overdue(s, context.policy, NOW + dt.timedelta(hours=5)) == []
        resolve_by = s.scalars(select(Case)).one().resolve_by
        (moved,) = escalate_overdue(s, context.policy, resolve_by + dt.timedelta(minutes=1))
    assert events(context, reference)[-1][2]["missed"] == "resolve"


def test_escalations_are_announced_to_the_roles_webhook_without_personal_data(context: Context) -> None:
    policy_file = context.settings.policy_path
    data = yaml.safe_load(policy_file.read_text())
    data["notifications"] = {"webhooks": {"supervisor": "http://127.0.0.1:9/hook"}}
    policy_file.write_text(yaml.safe_dump(data, allow_unicode=True))
    ctx = build_context(dataclasses.replace(context.settings, public_url="https://chat.example.hk"))
    reference = lodge(ctx, "c1")
    with ctx.sessions() as s, s.begin():
        request_handoff(s, "c1", "customer asked for a person", policy=ctx.policy, now=NOW)
        deliveries = due(s, NOW)
        bodies = [body_for(d, ctx.settings.public_url) for d in deliveries]
        assert [b["kind"] for b in bodies] == ["new_case", "chat_waiting"]
        assert bodies[0]["console_url"] == f"https://chat.example.hk/staff/cases/{reference}"
        text = json.dumps(bodies)
        for personal in ("Chan Tai Man", "91234567", "clasp", "bracelet"):
            assert personal not in text
        record_attempt(s, deliveries[0].id, "HTTP 500", NOW)
        record_attempt(s, deliveries[1].id, None, NOW)
        assert due(s, NOW + dt.timedelta(seconds=4)) == []
        assert [d.id for d in due(s, NOW + dt.timedelta(seconds=5))] == [deliveries[0].id]
        for attempt in range(MAX_ATTEMPTS - 1):
            record_attempt(s, deliveries[0].id, "HTTP 500", NOW)
        assert due(s, NOW + dt.timedelta(days=1)) == []  # given up after MAX_ATTEMPTS
        assert s.get(WebhookDelivery, deliveries[1].id).delivered_at is not None
