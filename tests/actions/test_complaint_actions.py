"""The complaint form's actions, run in-process with the real domain and a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.complaints import (
    ActionCancelComplaint,
    ActionResetComplaintField,
    ActionSubmitComplaint,
    ValidateComplaintForm,
)
from actions.enquiries import ActionContinueEnquiry
from bot.cases import complaint_form
from bot.context import Context
from bot.db.models import Case, LookupAttempt
from bot.settings import PROJECT_ROOT
from tests.actions.chat import shop

DOMAIN: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
FILLED = {
    "privacy_consent": "accepted",
    "customer_name": "Chan Tai Man",
    "contact": "91234567",
    "complaint_category": "product",
    "product": "18K gold ring",
    "incident_date": "2026-11-20",
    "incident_place": "central",
    "order_number": None,
    "description": "The stone fell out after two days.",
    "desired_outcome": "replacement",
    "claim_amount": None,
    "complaint_confirmed": "yes",
    "complaint_intake_key": "abc",
}


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


def tracker(
    text: str,
    intent: str,
    slots: dict[str, Any],
    requested: str | None = None,
    confidence: float = 0.95,
    sender: str = "conv-1",
) -> Tracker:
    """A tracker as Rasa sends it; the form's slot candidate (the requested slot) is the last event."""
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    events: list[dict[str, Any]] = [{"event": "user", "text": text, "parse_data": parse}]
    if requested:
        events.append({"event": "slot", "name": requested, "value": text})
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": {**slots, "requested_slot": requested},
            "latest_message": parse,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": "complaint_form"},
            "latest_action_name": "action_listen",
        }
    )


async def test_only_the_questions_that_apply_are_asked(ctx: Context) -> None:
    form = ValidateComplaintForm()
    asked = await form.required_slots([], CollectingDispatcher(), tracker("x", "inform", {}), DOMAIN)
    assert "order_number" not in asked and "claim_amount" not in asked
    online = await form.required_slots(
        [],
        CollectingDispatcher(),
        tracker("x", "inform", {"incident_place": "online", "desired_outcome": "refund"}),
        DOMAIN,
    )
    assert "order_number" in online and "claim_amount" in online
    declined = await form.required_slots(
        [], CollectingDispatcher(), tracker("x", "deny", {"privacy_consent": "declined"}), DOMAIN
    )
    assert declined == ["privacy_consent"]


async def test_a_side_question_is_answered_and_the_slot_asked_again(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateComplaintForm().run(
        dispatcher,
        tracker(
            "how much is a Seiko battery change?",
            "ask_repair_service",
            {"customer_name": "how much is a Seiko battery change?"},
            requested="customer_name",
        ),
        DOMAIN,
    )
    assert events == [SlotSet("customer_name", None), SlotSet("requested_slot", "privacy_consent")]
    assert "Watch battery replacement for a Seiko: HK$180" in dispatcher.messages[0]["text"]


async def test_a_valid_answer_is_kept_in_its_clean_form(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateComplaintForm().run(
        dispatcher, tracker("+852 9123-4567", "inform", {"contact": "+852 9123-4567"}, requested="contact"), DOMAIN
    )
    assert events == [SlotSet("contact", "91234567"), SlotSet("requested_slot", "privacy_consent")]
    assert dispatcher.messages == []


async def test_consent_is_recorded_with_a_fresh_intake_key(ctx: Context) -> None:
    events = await ValidateComplaintForm().run(
        CollectingDispatcher(),
        tracker("yes, I agree", "affirm", {"privacy_consent": "yes, I agree"}, requested="privacy_consent"),
        DOMAIN,
    )
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert len(slots["complaint_intake_key"]) == 32
    key = slots["complaint_intake_key"]
    assert events == [SlotSet("privacy_consent", "accepted"), SlotSet("complaint_intake_key", key),
                      SlotSet("requested_slot", "customer_name")]  # fmt: skip


async def test_submitting_twice_makes_one_case(ctx: Context) -> None:
    await ValidateComplaintForm().run(
        CollectingDispatcher(),
        tracker("yes", "affirm", {"privacy_consent": "yes"}, requested="privacy_consent"),
        DOMAIN,
    )
    replies = []
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        events = await ActionSubmitComplaint().run(dispatcher, tracker("yes", "affirm", FILLED), DOMAIN)
        replies.append(dispatcher.messages[0]["text"])
        cleared = (*complaint_form.FIELDS, "complaint_intake_key", "category_guess", "place_not_ours", "misunderstood")
        assert events == [SlotSet(slot, None) for slot in cleared]
    assert replies[0] == replies[1] and "Customer Service Officer" in replies[0]
    with ctx.sessions() as s:
        assert len(s.query(Case).all()) == 1


async def test_cancel_deactivates_the_form_and_forgets_the_answers(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionCancelComplaint().run(dispatcher, tracker("cancel", "cancel", FILLED), DOMAIN)
    forgotten = ["requested_slot", "awaiting", *complaint_form.FIELDS, "complaint_intake_key", "data_request_kind",
                 "data_request_details", "data_request_intake_key", "case_reference", "case_verification",
                 "person_after_check", "category_guess", "place_not_ours", "misunderstood"]  # fmt: skip
    assert events == [ActiveLoop(None), *(SlotSet(slot, None) for slot in forgotten)]
    assert dispatcher.messages[0]["response"] == "utter_complaint_cancelled"


async def test_a_correction_resets_the_field_and_what_depends_on_it(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResetComplaintField().run(
        dispatcher, tracker("actually it was a different branch", "request_correction", FILLED), DOMAIN
    )
    assert events == [SlotSet("incident_place", None), SlotSet("complaint_confirmed", None),
                      SlotSet("order_number", None)]  # fmt: skip
    assert dispatcher.messages[0]["text"] == "Sure, let's correct the place."


def bare(text: str, awaiting: str | None, entities: list[dict[str, str]] | None = None) -> Tracker:
    """A tracker whose latest message is ``text`` understood as a bare answer (inform)."""
    return Tracker.from_dict({
        "sender_id": "c", "slots": {"awaiting": awaiting}, "paused": False, "followup_action": None,
        "events": [{"event": "user", "text": text, "metadata": {"address": "digest-of-an-address"}}],
        "active_loop": {}, "latest_action_name": "action_listen",
        "latest_message": {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": entities or []},
    })  # fmt: skip


async def test_a_bare_number_with_nothing_pending_is_taken_as_an_enquiry_that_asks_for_proof(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    number = [{"entity": "order_number", "value": "10021"}]
    asked = await ActionContinueEnquiry().run(dispatcher, bare("10021", None, number), DOMAIN)
    assert asked == [SlotSet("awaiting", "verify:ask_order_status:10021")]
    assert "last 4 digits of the phone number given with order 10021" in dispatcher.messages[0]["text"]
    wrong = await ActionContinueEnquiry().run(dispatcher, bare("1234", "verify:ask_order_status:10021"), DOMAIN)
    assert wrong == [SlotSet("awaiting", "verify:ask_order_status:10021")]  # asked again, nothing told
    assert dispatcher.messages[1]["text"].startswith("Sorry, those details don't match order 10021")
    proved = await ActionContinueEnquiry().run(dispatcher, bare("5432", "verify:ask_order_status:10021"), DOMAIN)
    assert proved == [SlotSet("awaiting", None)]
    assert dispatcher.messages[2]["text"].startswith("Order 10021 (18K rose gold heart necklace) is being prepared")
    with ctx.sessions() as s:
        attempts = [(a.conversation_id, a.reference, a.address, a.succeeded) for a in s.scalars(select(LookupAttempt))]
    assert attempts == [("c", "order:10021", "digest-of-an-address", False),
                        ("c", "order:10021", "digest-of-an-address", True)]  # fmt: skip


async def test_a_question_that_names_a_branch_is_answered_not_taken_as_the_place(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    question = "what time does TST close on Friday?"
    events = await ValidateComplaintForm().run(
        dispatcher, tracker(question, "ask_store_info", {}, requested="incident_place"), DOMAIN
    )
    assert events == [SlotSet("incident_place", None), SlotSet("requested_slot", "privacy_consent")]
    answer = dispatcher.messages[0]["text"]  # "on Friday", or "tomorrow (Friday 4 Dec)" on a Thursday
    assert answer.startswith("Tsim Sha Tsui is open 10:30 to 22:00 ") and "Friday" in answer.split(".")[0]


async def test_a_statement_that_parses_stays_the_answer(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    text = "How could you sell me a fake, the certificate is wrong"
    events = await ValidateComplaintForm().run(
        dispatcher, tracker(text, "ask_certificate", {}, requested="description"), DOMAIN
    )
    assert events == [SlotSet("category_guess", "product"), SlotSet("description", text),
                      SlotSet("requested_slot", "privacy_consent")]  # fmt: skip
    assert dispatcher.messages == []
