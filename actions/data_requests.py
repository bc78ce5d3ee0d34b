"""The personal data request form: what the customer wants, the collection statement, who they are, submit."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_message
from actions.complaints import AskAction, AsksWhoYouAre, Buttons, button, consent_answer
from actions.forms import apology
from bot.cases import complaint_form
from bot.context import get_context
from bot.errors import ConciergeError, InvalidAnswer
from bot.privacy import data_requests
from bot.shop.business_hours import format_moment
from bot.shop.policy import Policy

log = logging.getLogger(__name__)


def _clear() -> list[EventType]:
    return [SlotSet(slot, None) for slot in data_requests.SLOTS]


class ActionStartDataRequest(Action):
    """Starts the request afresh, taking what the customer wants from their first words when they say it."""

    def name(self) -> str:
        return "action_start_data_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Forget an earlier request's answers; keep the kind if the message names one."""
        try:
            kind: str | None = data_requests.parse_kind(latest_message(tracker).text)
        except InvalidAnswer:
            kind = None
        return [*_clear(), SlotSet("data_request_kind", kind)]


class ValidateDataRequestForm(AsksWhoYouAre):
    """Validates the personal data request's answers one by one."""

    def name(self) -> str:
        return "validate_data_request_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The kind first, consent before any personal data, details only for a correction or a deletion."""
        answers = {slot: tracker.get_slot(slot) for slot in data_requests.FIELDS}
        return data_requests.questions(answers, complaint_form.CONSENT_DECLINED)

    def validate_data_request_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A copy, a correction, a deletion or an opt-out of direct marketing."""
        return self.check("data_request_kind", dispatcher, tracker, lambda t, m, c: data_requests.parse_kind(t))

    def validate_privacy_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Record the answer to the collection statement, with its version."""
        return consent_answer(self, dispatcher, tracker, "data_request_intake_key")

    def validate_data_request_details(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """What to correct or delete."""
        return self.check("data_request_details", dispatcher, tracker,
                          lambda t, m, c: data_requests.parse_details(t))  # fmt: skip


class ActionAskDataRequestKind(AskAction):
    """Asks what the customer would like done with their personal data."""

    def name(self) -> str:
        return "action_ask_data_request_kind"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The four requests the Ordinance gives the customer."""
        return "Of course. What would you like us to do with your personal data?", [
            button("A copy of my data", "I want a copy of my data"),
            button("Correct my data", "I want to correct my data"),
            button("Delete my data", "I want my data deleted"),
            button("Stop marketing", "stop sending me marketing"),
        ]


class ActionAskDataRequestDetails(AskAction):
    """Asks what should be corrected, or deleted."""

    def name(self) -> str:
        return "action_ask_data_request_details"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """Worded for the kind of request."""
        if tracker.get_slot("data_request_kind") == "data_correction":
            return "What is wrong in the data we hold, and what should it say instead?", []
        return "Which of your data would you like us to delete (or say 'all of it')?", []


class ActionSubmitDataRequest(Action):
    """Opens the request's case (exactly once per intake) and tells the customer what happens, and by when."""

    def name(self) -> str:
        return "action_submit_data_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Lodge the request; an opt-out of marketing takes effect now."""
        ctx = get_context()
        privacy = ctx.policy.privacy
        if tracker.get_slot("privacy_consent") != complaint_form.CONSENT_ACCEPTED:
            dispatcher.utter_message(text=(
                "Understood — I won't take any personal details, and nothing has been saved. Without them I "
                f"can't open a request in your name here, but you can write to our Data Protection Officer at "
                f"{privacy.dpo_contact}. I can still tell you how we use personal data, or help with anything else."
            ))  # fmt: skip
            return _clear()
        answers = {slot: tracker.get_slot(slot) for slot in data_requests.FIELDS}
        request = data_requests.to_request(answers)
        try:
            with ctx.sessions() as session, session.begin():
                receipt = data_requests.lodge_data_request(
                    session, request,
                    # set with the consent; if ever missing, a fresh key: a new case, never someone else's
                    intake_key=tracker.get_slot("data_request_intake_key") or uuid.uuid4().hex,
                    conversation_id=tracker.sender_id, policy=ctx.policy, vault=ctx.vault, now=ctx.now(),
                )  # fmt: skip
        except ConciergeError:
            log.exception("personal data request intake failed")
            dispatcher.utter_message(text=apology(ctx))
            return []
        if request.kind == "marketing_opt_out":
            text = (f"Done, {request.customer_name}: from now on we will not send direct marketing to "
                    f"{request.contact.value}. Your request is recorded as case {receipt.reference}.")  # fmt: skip
        else:
            text = (
                f"Thank you, {request.customer_name}. Your request for {data_requests.KINDS[request.kind]} is "
                f"recorded as case {receipt.reference}. Our {receipt.role_title} will contact you by "
                f"{format_moment(receipt.acknowledge_by, ctx.policy)} and will answer by "
                f"{format_moment(receipt.resolve_by, ctx.policy)}, within the {privacy.access_request_days} days "
                "the Privacy Ordinance allows. We may ask you to confirm who you are before we send any data."
            )
        dispatcher.utter_message(text=text)
        return _clear()
