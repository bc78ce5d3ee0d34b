"""Live handoff: who is told what, first to accept wins, callbacks when nobody comes, hand back."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from bot.cases.handoff import (
    accept,
    hand_back,
    outlook_message,
    person_in_charge,
    promise_callbacks,
    queue,
    request_handoff,
    sounds_upset,
)
from bot.context import Context
from bot.db.models import Case, HandoffRequest, WebhookDelivery
from bot.errors import AlreadyTaken, NotYourQueue
from tests.staffing import NOW, lodge, staff

SUNDAY_NIGHT = dt.datetime(2026, 11, 22, 15, 0, tzinfo=dt.timezone.utc)  # 23:00 in Hong Kong


def ask(ctx: Context, conversation: str, now: dt.datetime = NOW) -> str:
    with ctx.sessions() as s, s.begin():
        return outlook_message(request_handoff(s, conversation, "customer asked for a person", policy=ctx.policy,
                                               now=now), ctx.policy)  # fmt: skip


def test_with_someone_online_the_customer_is_told_who_and_how_long(context: Context) -> None:
    staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")  # a HK$1,500 refund: the supervisor's
    said = ask(context, "c1")
    assert "Customer Service Supervisor" in said and "about 5 minutes" in said
    assert ask(context, "c1") == said  # asking twice queues once
    with context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(HandoffRequest)) == 1
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert [e.kind for e in case.events] == ["created", "handoff_requested"]


def test_a_higher_role_online_counts_for_a_lower_queue(context: Context) -> None:
    staff(context, "ken", "store_manager")
    lodge(context, "c1")
    assert "about 5 minutes" in ask(context, "c1")


def test_with_nobody_online_the_customer_gets_the_reference_and_a_callback_time(context: Context) -> None:
    staff(context, "amy", "customer_service_officer")  # online, but below the case's role
    reference = lodge(context, "c1")
    said = ask(context, "c1")
    assert reference in said and "call you back by Mon 23 Nov 2026, 15:00" in said


def test_outside_opening_hours_the_customer_gets_a_callback_time(context: Context) -> None:
    staff(context, "mei", "supervisor", now=SUNDAY_NIGHT)
    lodge(context, "c1", now=SUNDAY_NIGHT)
    said = ask(context, "c1", SUNDAY_NIGHT)
    assert "isn't available right now" in said and "by Mon 23 Nov 2026" in said


def test_a_chat_without_a_case_waits_for_the_front_line(context: Context) -> None:
    said = ask(context, "c9")
    assert "Customer Service Officer" in said and "answer here by" in said
    with context.sessions() as s:
        assert s.scalars(select(HandoffRequest)).one().role == "customer_service_officer"


def test_when_nobody_accepts_within_the_limit_a_callback_is_promised_once(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    reference = lodge(context, "c1")
    ask(context, "c1")
    with context.sessions() as s, s.begin():
        assert promise_callbacks(s, context.policy, NOW + dt.timedelta(minutes=4)) == []
        told = promise_callbacks(s, context.policy, NOW + dt.timedelta(minutes=5))
        assert [c for c, _ in told] == ["c1"] and reference in told[0][1] and "call you back by" in told[0][1]
        assert promise_callbacks(s, context.policy, NOW + dt.timedelta(minutes=9)) == []
    with context.sessions() as s:
        (entry,) = queue(s, mei, context.policy, NOW + dt.timedelta(minutes=6))
        assert entry.case_reference == reference and entry.callback_by is not None and entry.waited_minutes == 6


def test_two_staff_accepting_at_once_exactly_one_wins(context: Context) -> None:
    mei, ken = staff(context, "mei", "supervisor"), staff(context, "ken", "store_manager")
    lodge(context, "c1")
    ask(context, "c1")
    with context.sessions() as s:
        handoff_id = s.scalars(select(HandoffRequest.id)).one()
    start, results = threading.Barrier(2), {}

    def take(who: object) -> None:
        start.wait()
        try:
            with context.sessions() as s, s.begin():
                results[who] = accept(s, handoff_id, who, policy=context.policy, now=NOW)  # type: ignore[arg-type]
        except AlreadyTaken as exc:
            results[who] = exc

    threads = [threading.Thread(target=take, args=(who,)) for who in (mei, ken)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [who for who, r in results.items() if r == "c1"]
    losers = [r for r in results.values() if isinstance(r, AlreadyTaken)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].taken_by == winners[0].display_name  # type: ignore[attr-defined]
    with context.sessions() as s:
        row = s.scalars(select(HandoffRequest)).one()
        assert (row.status, row.taken_by) == ("taken", winners[0].staff_id)  # type: ignore[attr-defined]
        assert [e.kind for e in row.case.events].count("accepted") == 1
        assert row.case.status == "in_progress" and row.case.acknowledged_at is not None


def test_staff_cannot_take_a_chat_above_their_role(context: Context) -> None:
    amy = staff(context, "amy", "customer_service_officer")
    lodge(context, "c1")
    ask(context, "c1")
    with context.sessions() as s, s.begin():
        handoff_id = s.scalars(select(HandoffRequest.id)).one()
        assert queue(s, amy, context.policy, NOW) == []
        with pytest.raises(NotYourQueue):
            accept(s, handoff_id, amy, policy=context.policy, now=NOW)


def test_while_a_person_has_the_chat_the_assistant_is_silent_until_handed_back(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    lodge(context, "c1")
    ask(context, "c1")
    with context.sessions() as s, s.begin():
        assert not person_in_charge(s, "c1")
        accept(s, s.scalars(select(HandoffRequest.id)).one(), mei, policy=context.policy, now=NOW)
    with context.sessions() as s, s.begin():
        assert person_in_charge(s, "c1")
        hand_back(s, "c1", mei, policy=context.policy, now=NOW)
    with context.sessions() as s:
        assert not person_in_charge(s, "c1")
        assert s.scalars(select(HandoffRequest)).one().status == "closed"
        assert s.scalars(select(Case)).one().events[-1].kind == "handed_back"
        assert s.scalars(select(Case)).one().events[-1].actor == "Mei (Customer Service Supervisor)"


def test_no_webhook_is_queued_unless_the_policy_names_one(context: Context) -> None:
    lodge(context, "c1")
    ask(context, "c1")
    with context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


@pytest.mark.parametrize(
    ("said", "upset"),
    [("This is RIDICULOUS", True), ("I'm furious about the repair", True), ("WHERE IS MY ORDER I PAID WEEKS AGO", True),
     ("still nothing!!!", True), ("I will call my lawyer", True), ("你哋真係離譜", True),
     ("where is my order?", False), ("Is the Rolex GMT in stock", False), ("OK", False), ("angrybirds plush?", False)],
)  # fmt: skip
def test_an_upset_customer_is_recognised(context: Context, said: str, upset: bool) -> None:
    assert sounds_upset(said, context.policy) is upset
