"""A member of staff holding a chat without a case opens one, with the intake form's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.cases.handoff import accept, pass_to_case_role, request_handoff
from bot.cases.staff_intake import open_from_chat, prefill
from bot.cases.transcripts import add_line, history
from bot.context import Context
from bot.db.models import Case, HandoffRequest
from bot.errors import NotYourQueue, Refused
from bot.staff.accounts import SignedIn
from tests.staffing import NOW, staff

FORM = {"consent": "yes", "intake": "k1", "name": "wong siu ming", "contact": "9123 4567", "category": "product",
        "product": "18K gold bracelet", "when": "2026-11-20", "place": "central", "order": "",
        "description": "The clasp broke after a week of wearing it.", "outcome": "repair", "amount": ""}  # fmt: skip


def held_chat(context: Context, conversation: str, role: str = "store_manager") -> SignedIn:
    mei = staff(context, f"mei-{conversation}", role)
    with context.sessions() as s, s.begin():
        add_line(s, conversation, "customer", "the clasp of my bracelet from your Central shop broke")
        add_line(s, conversation, "customer", "yes")
        add_line(s, conversation, "customer", "call me on +852 6123 4567 about order 10023 please")
        request_handoff(s, conversation, "customer asked for a person", policy=context.policy, now=NOW)
        handoff_id = s.scalars(select(HandoffRequest.id).where(HandoffRequest.conversation_id == conversation)).one()
        accept(s, handoff_id, mei, policy=context.policy, now=NOW)
    return mei


def test_the_form_is_prefilled_from_what_the_customer_said(context: Context) -> None:
    held_chat(context, "chat-p")
    with context.sessions() as s:
        known = prefill(history(s, "chat-p"), context.policy)
    assert (known.contact, known.place, known.order) == ("61234567", "central", "10023")
    assert known.description.startswith("the clasp of my bracelet from your Central shop broke")
    assert " yes " not in f" {known.description} "  # one-word answers are not the story


def test_the_case_joins_the_chat_once_with_the_intake_forms_rules(context: Context) -> None:
    mei = held_chat(context, "chat-o")
    today = dt.date(2026, 11, 23)
    with context.sessions() as s, s.begin():
        for change, reason in (({"consent": ""}, "collection statement first"),
                               ({"contact": "tomorrow"}, "Contact: I need a Hong Kong phone number"),
                               ({"when": "2026-12-25"}, "When: that date is in the future"),
                               ({"outcome": "a hug"}, "What would put it right")):  # fmt: skip
            with pytest.raises(Refused, match=reason):
                open_from_chat(s, "chat-o", mei, {**FORM, **change}, policy=context.policy, vault=context.vault,
                               now=NOW, today=today)  # fmt: skip
        receipt = open_from_chat(s, "chat-o", mei, FORM, policy=context.policy, vault=context.vault, now=NOW,
                                 today=today)  # fmt: skip
        with pytest.raises(Refused, match="has a case already"):  # a second form on the same chat
            open_from_chat(s, "chat-o", mei, {**FORM, "intake": "k2"}, policy=context.policy, vault=context.vault,
                           now=NOW, today=today)  # fmt: skip
    with context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == receipt.reference)).one()
        handoff = s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == "chat-o")).one()
        assert handoff.case_id == case.id and case.conversation_id == "chat-o"
        assert (case.category, case.incident_place, case.desired_outcome) == ("product", "central", "repair")
        assert context.vault.read(case.customer_name_encrypted) == "Wong Siu Ming"
        assert [e.kind for e in case.events][-1] == "opened_from_chat"


def test_only_the_person_holding_the_chat_opens_its_case(context: Context) -> None:
    held_chat(context, "chat-h")
    other = staff(context, "someone-else", "store_manager")
    with context.sessions() as s, s.begin(), pytest.raises(NotYourQueue):
        open_from_chat(s, "chat-h", other, FORM, policy=context.policy, vault=context.vault, now=NOW,
                       today=dt.date(2026, 11, 23))  # fmt: skip


def test_a_case_routed_above_the_holder_is_passed_on_with_the_chat(context: Context) -> None:
    officer = held_chat(context, "chat-up", role="customer_service_officer")
    big = {**FORM, "outcome": "compensation", "amount": "HK$20,000"}  # above an officer's authority
    with context.sessions() as s, s.begin():
        receipt = open_from_chat(s, "chat-up", officer, big, policy=context.policy, vault=context.vault, now=NOW,
                                 today=dt.date(2026, 11, 23))  # fmt: skip
        case = s.scalars(select(Case).where(Case.reference == receipt.reference)).one()
        assert case.assigned_role not in context.policy.roles_seen_by("customer_service_officer")
        assert pass_to_case_role(s, "chat-up", officer, policy=context.policy, now=NOW).id == receipt.role
    with context.sessions() as s:
        rows = s.scalars(select(HandoffRequest).where(HandoffRequest.conversation_id == "chat-up")
                         .order_by(HandoffRequest.id)).all()  # fmt: skip
        assert [(h.status, h.role, h.case_id) for h in rows] == [
            ("referred", "customer_service_officer", case.id),
            ("waiting", case.assigned_role, case.id),
        ]
    manager = held_chat(context, "chat-mine")
    with context.sessions() as s, s.begin():
        open_from_chat(s, "chat-mine", manager, FORM, policy=context.policy, vault=context.vault, now=NOW,
                       today=dt.date(2026, 11, 23))  # fmt: skip
        with pytest.raises(Refused, match="yours to handle"):
            pass_to_case_role(s, "chat-mine", manager, policy=context.policy, now=NOW)
