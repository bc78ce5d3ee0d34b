"""The complaint form: its questions, answer checks, side questions, correction, cancel and submit."""

from __future__ import annotations

import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import SIDE_QUESTIONS, answer
from actions.common import ENQUIRY_CONFIDENCE, Message, latest_message
from actions.enquiries import say
from bot import complaint_form, intake
from bot.business_hours import format_moment
from bot.cases import open_case, record_consent
from bot.context import Context, get_context
from bot.errors import ConciergeError, InvalidAnswer

Parser = Callable[[str, Message, Context], str]
log = logging.getLogger(__name__)


def apology(ctx: Context) -> str:
    """What the customer is told when a service fails: short, with a way to reach a person."""
    return (
        "Sorry, something went wrong on our side and I couldn't complete that. Please try again in a moment, "
        f"or call us on {ctx.policy.organization.hotline}."
    )


def is_side_question(message: Message, parsed: bool, free_text: bool) -> bool:
    """An enquiry asked instead of answering: answer it, then ask again."""
    if message.intent not in SIDE_QUESTIONS:
        return False
    if not parsed:
        return True
    # Free text parses whatever it says; only a real question ("?") is taken as a side question, so
    # "How could you sell me a fake" stays the customer's description.
    return free_text and message.confidence >= ENQUIRY_CONFIDENCE and ("?" in message.text or "？" in message.text)


def answer_side_question(dispatcher: CollectingDispatcher, message: Message, ctx: Context) -> None:
    """Answer an enquiry asked in the middle of a form."""
    assert message.intent is not None
    with ctx.sessions() as session, session.begin():
        say(dispatcher, answer(message.intent, ctx, session, message))


class ValidatingForm(FormValidationAction, ABC):
    """Checks each answer with a parser; answers side questions and asks again."""

    @abstractmethod
    def name(self) -> str:
        """The validation action's name, ``validate_<form>``."""

    def check(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, parse: Parser, free_text: bool = False
    ) -> dict[str, Any]:
        """Parse the latest message for ``slot``; re-prompt with a hint if it does not parse."""
        ctx = get_context()
        message = latest_message(tracker)
        try:
            value, hint = parse(message.text, message, ctx), None
        except InvalidAnswer as exc:
            value, hint = None, exc.hint
        if is_side_question(message, value is not None, free_text):
            answer_side_question(dispatcher, message, ctx)
            return {slot: None}
        if value is None:
            dispatcher.utter_message(text=hint)
        return {slot: value}


def _consent(text: str, message: Message, ctx: Context) -> str:
    accepted = intake.parse_yes_no(text, message.intent)
    return complaint_form.CONSENT_ACCEPTED if accepted else complaint_form.CONSENT_DECLINED


def _confirmation(text: str, message: Message, ctx: Context) -> str:
    if not intake.parse_yes_no(text, message.intent):
        raise InvalidAnswer(
            "Which detail would you like to change (for example 'change my phone number')? "
            "Or say 'cancel' to stop without saving."
        )
    return "yes"


class ValidateComplaintForm(ValidatingForm):
    """Validates the complaint form's answers one by one."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """Only the questions that apply: order number if online, amount if money is asked for."""
        answers = {slot: tracker.get_slot(slot) for slot in complaint_form.FIELDS}
        return complaint_form.questions(answers)

    def validate_privacy_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Record the answer to the collection statement, with its version."""
        result = self.check("privacy_consent", dispatcher, tracker, _consent)
        if result["privacy_consent"] is None:
            return result
        ctx = get_context()
        accepted = result["privacy_consent"] == complaint_form.CONSENT_ACCEPTED
        with ctx.sessions() as session, session.begin():
            record_consent(session, tracker.sender_id, ctx.policy.privacy.collection_statement.version, accepted)
        if accepted:
            result["complaint_intake_key"] = uuid.uuid4().hex
        return result

    def validate_customer_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A person's name."""
        return self.check("customer_name", dispatcher, tracker, lambda t, m, c: intake.parse_name(t), free_text=True)

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A Hong Kong phone number or an email."""
        return self.check("contact", dispatcher, tracker, lambda t, m, c: intake.parse_contact(t).value)

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """One of the policy's complaint categories."""
        return self.check("complaint_category", dispatcher, tracker, lambda t, m, c: intake.parse_category(t, c.policy))

    def validate_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The product concerned, or none."""
        return self.check("product", dispatcher, tracker, lambda t, m, c: intake.parse_product(t), free_text=True)

    def validate_incident_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """When it happened, not in the future."""
        return self.check(
            "incident_date", dispatcher, tracker, lambda t, m, c: intake.parse_date(t, c.today()).isoformat()
        )

    def validate_incident_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A branch or online."""
        return self.check(
            "incident_place", dispatcher, tracker, lambda t, m, c: intake.parse_place(t, c.policy, m.entity("branch"))
        )

    def validate_order_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A 5-digit order number."""
        return self.check("order_number", dispatcher, tracker, lambda t, m, c: intake.parse_order_number(t))

    def validate_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """What happened, in a sentence or more."""
        return self.check(
            "description", dispatcher, tracker, lambda t, m, c: intake.parse_description(t), free_text=True
        )

    def validate_desired_outcome(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Apology, repair, replacement, refund or compensation."""
        return self.check("desired_outcome", dispatcher, tracker, lambda t, m, c: intake.parse_outcome(t))

    def validate_claim_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """An amount in HKD."""
        return self.check("claim_amount", dispatcher, tracker, lambda t, m, c: str(intake.parse_amount(t)))

    def validate_complaint_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes submits; naming a detail asks for it again."""
        message = latest_message(tracker)
        field = intake.field_named(message.text)
        if field and message.intent not in ("affirm",):
            return reset_events_for(field)
        return self.check("complaint_confirmed", dispatcher, tracker, _confirmation)


def reset_events_for(field: str) -> dict[str, Any]:
    """Slot values that make the form ask ``field`` (and what depends on it) again."""
    values: dict[str, Any] = {field: None, "complaint_confirmed": None}
    for dependent in complaint_form.DEPENDENTS.get(field, ()):
        values[dependent] = None
    return values


class ActionAskPrivacyConsent(Action):
    """Shows the collection statement before any personal data is asked for."""

    def name(self) -> str:
        return "action_ask_privacy_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Say the statement of the policy, with its answers as buttons."""
        statement = get_context().policy.privacy.collection_statement
        dispatcher.utter_message(
            text=f"I'm sorry to hear that. I'll record your complaint so the right person can deal with it.\n"
            f"{statement.text}",
            buttons=[
                {"title": "I agree", "payload": "yes, I agree"},
                {"title": "No, thanks", "payload": "no, I don't agree"},
            ],
        )
        return []


class ActionAskComplaintCategory(Action):
    """Asks what the complaint is about, with the policy's categories as buttons."""

    def name(self) -> str:
        return "action_ask_complaint_category"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """List the categories."""
        categories = get_context().policy.complaint_categories
        dispatcher.utter_message(
            text="What is the complaint about?", buttons=[{"title": c.label, "payload": c.label} for c in categories]
        )
        return []


class ActionAskIncidentPlace(Action):
    """Asks where it happened, with the policy's branches and "online" as buttons."""

    def name(self) -> str:
        return "action_ask_incident_place"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """List the branches."""
        branches = get_context().policy.branches
        names = ", ".join(b.name for b in branches)
        dispatcher.utter_message(
            text=f"Where did it happen: at one of our shops ({names}) or online?",
            buttons=[
                *({"title": b.name, "payload": b.name} for b in branches),
                {"title": "Online", "payload": "online"},
            ],
        )
        return []


class ActionAskComplaintConfirmed(Action):
    """Shows the summary and asks to submit."""

    def name(self) -> str:
        return "action_ask_complaint_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The summary with submit, change and cancel buttons."""
        answers = {slot: tracker.get_slot(slot) for slot in complaint_form.FIELDS}
        dispatcher.utter_message(
            text=complaint_form.summary(answers, get_context().policy),
            buttons=[
                {"title": "Yes, submit", "payload": "yes"},
                {"title": "Change a detail", "payload": "I want to change a detail"},
                {"title": "Cancel", "payload": "cancel"},
            ],
        )
        return []


def _clear_form() -> list[EventType]:
    return [SlotSet(slot, None) for slot in (*complaint_form.FIELDS, "complaint_intake_key")]


class ActionSubmitComplaint(Action):
    """Creates the case (exactly once per intake) and tells the customer what happens next."""

    def name(self) -> str:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Open the case from the confirmed answers."""
        if tracker.get_slot("privacy_consent") != complaint_form.CONSENT_ACCEPTED:
            dispatcher.utter_message(response="utter_consent_declined")
            return _clear_form()
        ctx = get_context()
        answers = {slot: tracker.get_slot(slot) for slot in complaint_form.FIELDS}
        complaint = complaint_form.to_complaint(answers)
        try:
            with ctx.sessions() as session, session.begin():
                receipt = open_case(
                    session,
                    complaint,
                    # set with the consent; if ever missing, a fresh key: a new case, never someone else's
                    intake_key=tracker.get_slot("complaint_intake_key") or uuid.uuid4().hex,
                    conversation_id=tracker.sender_id,
                    policy=ctx.policy,
                    vault=ctx.vault,
                    now=ctx.now(),
                )
        except ConciergeError:
            log.exception("complaint intake failed")
            dispatcher.utter_message(text=apology(ctx))
            return []
        check_with = "the last 4 digits of your phone number" if complaint.contact.kind == "phone" else "your email"
        dispatcher.utter_message(
            text=(
                f"Thank you, {answers['customer_name']}. Your complaint is recorded as case {receipt.reference}. "
                f"It will be handled by our {receipt.role_title}, who will contact you by "
                f"{format_moment(receipt.acknowledge_by, ctx.policy)} and aims to resolve it by "
                f"{format_moment(receipt.resolve_by, ctx.policy)}. Please keep the reference: you can check the case "
                f"here with it and {check_with}."
            )
        )
        return _clear_form()


class ActionCancelComplaint(Action):
    """Stops the form in progress; nothing is saved."""

    def name(self) -> str:
        return "action_cancel_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Deactivate the form and forget its answers."""
        if tracker.active_loop_name:
            dispatcher.utter_message(response="utter_complaint_cancelled")
        else:
            dispatcher.utter_message(text="There's nothing in progress to cancel. How can I help?")
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("awaiting", None),
            *_clear_form(),
            SlotSet("case_reference", None),
            SlotSet("case_verification", None),
        ]


class ActionResetComplaintField(Action):
    """Asks again for a detail the customer wants to correct."""

    def name(self) -> str:
        return "action_reset_complaint_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Clear the named field so the form asks it again."""
        if tracker.active_loop_name != "complaint_form":
            dispatcher.utter_message(text="There's nothing in progress to correct. How can I help?")
            return []
        message = latest_message(tracker)
        field = intake.field_named(message.entity("complaint_field") or "") or intake.field_named(message.text)
        if field is None or tracker.get_slot("privacy_consent") is None:
            labels = ", ".join(complaint_form.LABELS.values())
            dispatcher.utter_message(text=f"Which detail would you like to change: {labels}?")
            return []
        dispatcher.utter_message(text=f"Sure, let's correct the {complaint_form.LABELS[field]}.")
        return [SlotSet(slot, value) for slot, value in reset_events_for(field).items()]
