"""The personal data request form: what the customer wants, the collection statement, who they are, submit."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_in, latest_message
from actions.complaints import AsksWhoYouAre, consent_answer
from actions.forms import apology
from actions.questions import AskAction, Buttons, button
from bot.cases import complaint_form
from bot.context import get_context
from bot.errors import ConciergeError, InvalidAnswer
from bot.privacy import data_requests
from bot.shop.bilingual import Say
from bot.shop.policy import Policy

log = logging.getLogger(__name__)
ASK_KIND = Say("Of course. What would you like us to do with your personal data?",
               "當然可以。你希望我們如何處理你的個人資料？")  # fmt: skip
KIND_BUTTONS = (  # each payload is read by ``data_requests.parse_kind``
    (Say("A copy of my data", "索取資料副本"), Say("I want a copy of my data", "我想索取我的個人資料副本")),
    (Say("Correct my data", "更正我的資料"), Say("I want to correct my data", "我想更正我的個人資料")),
    (Say("Delete my data", "刪除我的資料"), Say("I want my data deleted", "我想刪除我的個人資料")),
    (Say("Stop marketing", "停止推廣訊息"), Say("stop sending me marketing", "請停止向我發送推廣訊息")),
)
ASK_CORRECTION = Say("What is wrong in the data we hold, and what should it say instead?",
                     "我們持有的資料有哪裏不正確？應該更正為甚麼？")  # fmt: skip
ASK_DELETION = Say("Which of your data would you like us to delete (or say 'all of it')?",
                   "你希望我們刪除哪些資料？（也可以回覆「全部」）")  # fmt: skip


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
        language = language_in(tracker)
        return ASK_KIND(language), [button(title(language), payload(language)) for title, payload in KIND_BUTTONS]


class ActionAskDataRequestDetails(AskAction):
    """Asks what should be corrected, or deleted."""

    def name(self) -> str:
        return "action_ask_data_request_details"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """Worded for the kind of request."""
        asked = ASK_CORRECTION if tracker.get_slot("data_request_kind") == "data_correction" else ASK_DELETION
        return asked(language_in(tracker)), []


class ActionSubmitDataRequest(Action):
    """Opens the request's case (exactly once per intake) and tells the customer what happens, and by when."""

    def name(self) -> str:
        return "action_submit_data_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Lodge the request; an opt-out of marketing takes effect now."""
        ctx = get_context()
        language = language_in(tracker)
        if tracker.get_slot("privacy_consent") != complaint_form.CONSENT_ACCEPTED:
            dispatcher.utter_message(text=data_requests.declined_answer(ctx.policy, language=language))
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
            dispatcher.utter_message(text=apology(ctx, language))
            return []
        dispatcher.utter_message(text=data_requests.receipt_answer(request, receipt, ctx.policy, language=language))
        return _clear()
