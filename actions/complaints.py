"""The complaint form: its questions and answer checks, correction, cancel and submit."""

from __future__ import annotations

import logging
import uuid
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import SIDE_QUESTIONS
from actions.common import Message, language_in, latest_message
from actions.complaint_questions import CANCEL, CANCEL_SAID
from actions.forms import ValidatingForm, apology
from actions.questions import said_button
from bot.cases import complaint_form, intake, story
from bot.cases.amounts import amount_in
from bot.cases.purchase import items_ordered, price_paid
from bot.cases.service import open_case, record_consent
from bot.cases.yes_no import parse_yes_no
from bot.context import Context, get_context
from bot.errors import ConciergeError, InvalidAnswer
from bot.privacy import data_requests
from bot.shop.bilingual import Say

log = logging.getLogger(__name__)
WHICH_CHANGE = Say(
    "Which detail would you like to change (for example 'change my phone number')? "
    "Or say 'cancel' to stop without saving.",
    "請問你想修改哪一項資料（例如「改電話號碼」）？如想取消而不儲存，請說「取消」。",
)


def _consent(text: str, message: Message, ctx: Context) -> str:
    accepted = parse_yes_no(text, message.intent)
    return complaint_form.CONSENT_ACCEPTED if accepted else complaint_form.CONSENT_DECLINED


def _confirmation(text: str, message: Message, ctx: Context) -> str:
    if not parse_yes_no(text, message.intent):
        raise InvalidAnswer(WHICH_CHANGE)
    return "yes"


def consent_answer(form: ValidatingForm, dispatcher: CollectingDispatcher, tracker: Tracker,
                   intake_key_slot: str) -> dict[str, Any]:  # fmt: skip
    """Record the answer to the collection statement with its version; an acceptance starts a fresh intake key.

    An answer given before (a draft taken up again) was recorded then, and stands.
    """
    if tracker.get_slot("requested_slot") != "privacy_consent" and tracker.get_slot("privacy_consent") is not None:
        return {"privacy_consent": tracker.get_slot("privacy_consent")}
    result = form.check("privacy_consent", dispatcher, tracker, _consent)
    if result["privacy_consent"] is None:
        return result
    ctx = get_context()
    accepted = result["privacy_consent"] == complaint_form.CONSENT_ACCEPTED
    with ctx.sessions() as session, session.begin():
        record_consent(session, tracker.sender_id, ctx.policy.privacy.collection_statement.version, accepted)
    if accepted:
        result[intake_key_slot] = uuid.uuid4().hex
    return result


class AsksWhoYouAre(ValidatingForm, ABC):
    """A form that asks the customer's name and contact, after the collection statement."""

    @abstractmethod
    def name(self) -> str:
        """The validation action's name, ``validate_<form>``."""

    def validate_customer_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A person's name; a phone number or email given with it ("Amy Wong, 9123 4567") is the contact."""
        contact = intake.contact_in(latest_message(tracker).text)
        result = self.listen(
            "customer_name", value, dispatcher, tracker, lambda t, m, c: intake.parse_name(intake.without_contact(t))
        )
        if contact and tracker.get_slot("requested_slot") == "customer_name" and not tracker.get_slot("contact"):
            result["contact"] = contact.value
        return result

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A Hong Kong phone number or an email."""
        return self.listen("contact", value, dispatcher, tracker, lambda t, m, c: intake.parse_contact(t).value)


NOT_ANSWERS = ("cancel", "request_correction", "request_human", "goodbye", "thank", "EXTERNAL_quiet")


class ValidateComplaintForm(AsksWhoYouAre):
    """Validates the complaint form's answers, and fills what each message's story already says."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Read the message as a story first (the first message is the whole story), then check the answer."""
        heard = self.heard(tracker)
        notes = {slot: heard.pop(slot) for slot in ("category_guess", "place_not_ours") if slot in heard}
        tracker.add_slots([SlotSet(slot, value) for slot, value in heard.items()])
        events = await super().run(dispatcher, tracker, domain)
        return [*(SlotSet(slot, value) for slot, value in notes.items()), *events]

    def heard(self, tracker: Tracker) -> dict[str, str]:
        """What the latest message says besides the answer asked for, with "the full price" as its price."""
        message = latest_message(tracker)
        if message.intent in NOT_ANSWERS or tracker.get_slot("privacy_consent") == complaint_form.CONSENT_DECLINED:
            return {}
        if message.intent in SIDE_QUESTIONS and not story.went_wrong(message.text):
            return {}  # a question asked on the way ("what time does TST close on Friday?") is no story
        ctx = get_context()
        found = story.read_story(message.text, ctx.policy, ctx.today())
        answers = {slot: tracker.get_slot(slot) for slot in complaint_form.FIELDS}
        heard = complaint_form.heard(found, answers, tracker.get_slot("requested_slot"))
        order = heard.get("order_number") or answers.get("order_number")
        with ctx.sessions() as session:
            if order and not answers.get("product") and "product" not in heard:
                if (items := items_ordered(session, order)) is not None:
                    heard["product"] = items  # the order says what it holds
            if found.full_price and not answers.get("claim_amount"):
                price = price_paid(session, order, heard.get("product") or answers.get("product"))
                if price:
                    heard["claim_amount"] = str(price)
        return heard

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
        return consent_answer(self, dispatcher, tracker, "complaint_intake_key")

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes to the category the story sounds like, or one of the policy's categories; a bare no lists them."""
        guess = tracker.get_slot("category_guess")
        message = latest_message(tracker)
        if guess and tracker.get_slot("requested_slot") == "complaint_category":
            try:
                if parse_yes_no(message.text, message.intent):
                    return {"complaint_category": guess, "category_guess": None}
            except InvalidAnswer:
                pass  # a category named instead
            try:
                return {"complaint_category": intake.parse_category(message.text, get_context().policy),
                        "category_guess": None}  # fmt: skip
            except InvalidAnswer:
                return {"complaint_category": None, "category_guess": None}  # "no": ask with the list
        return self.listen("complaint_category", value, dispatcher, tracker,
                           lambda t, m, c: intake.parse_category(t, c.policy))  # fmt: skip

    def validate_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The product concerned, or none."""
        return self.listen("product", value, dispatcher, tracker, lambda t, m, c: intake.parse_product(t))

    def validate_incident_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """When it happened, not in the future."""
        return self.listen(
            "incident_date", value, dispatcher, tracker, lambda t, m, c: intake.parse_date(t, c.today()).isoformat()
        )

    def validate_incident_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A branch or online; a place where the shop has no branch is told so and asked again."""
        result = self.listen(
            "incident_place",
            value,
            dispatcher,
            tracker,
            lambda t, m, c: intake.parse_place(t, c.policy, m.entity("branch")),
        )
        if tracker.get_slot("place_not_ours"):
            result["place_not_ours"] = None  # the hint said it
        return result

    def validate_order_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A 5-digit order number."""
        return self.listen("order_number", value, dispatcher, tracker, lambda t, m, c: intake.parse_order_number(t))

    def validate_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """What happened, in a sentence or more."""
        return self.listen("description", value, dispatcher, tracker, lambda t, m, c: intake.parse_description(t))

    def validate_desired_outcome(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Apology, repair, replacement, refund or compensation."""
        return self.listen("desired_outcome", value, dispatcher, tracker, lambda t, m, c: intake.parse_outcome(t))

    def validate_claim_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """An amount in HKD; "the full price" is the order's total or the product's price."""

        def amount(text: str, message: Message, ctx: Context) -> str:
            if story.wants_full_price(text) and amount_in(text) is None:
                with ctx.sessions() as session:
                    price = price_paid(session, tracker.get_slot("order_number"), tracker.get_slot("product"))
                if price is None:
                    raise InvalidAnswer(ASK_PRICE_PAID)
                return str(price)
            return str(intake.parse_amount(text))

        return self.listen("claim_amount", value, dispatcher, tracker, amount)

    def validate_complaint_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes submits; naming a detail asks for it again."""
        message = latest_message(tracker)
        field = intake.field_named(message.text)
        if field and message.intent not in ("affirm",):
            return reset_events_for(field)
        return self.check("complaint_confirmed", dispatcher, tracker, _confirmation)


ASK_PRICE_PAID = Say(
    "I can't find what you paid. How much was it, in Hong Kong dollars (for example HK$1,200)?",
    "我找不到你付款的金額。請問是多少港幣（例如 HK$1,200）？",
)


def reset_events_for(field: str) -> dict[str, Any]:
    """Slot values that make the form ask ``field`` (and what depends on it) again."""
    values: dict[str, Any] = {field: None, "complaint_confirmed": None}
    for dependent in complaint_form.DEPENDENTS.get(field, ()):
        values[dependent] = None
    return values


NOTES = ("category_guess", "place_not_ours", "misunderstood")  # what the form keeps beside the answers


def _clear_form() -> list[EventType]:
    return [SlotSet(slot, None) for slot in (*complaint_form.FIELDS, "complaint_intake_key", *NOTES)]


class ActionSubmitComplaint(Action):
    """Creates the case (exactly once per intake) and tells the customer what happens next."""

    def name(self) -> str:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Open the case from the confirmed answers."""
        ctx, language = get_context(), language_in(tracker)
        if tracker.get_slot("privacy_consent") != complaint_form.CONSENT_ACCEPTED:
            dispatcher.utter_message(response="utter_consent_declined", hotline=ctx.policy.organization.hotline)
            return _clear_form()
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
            dispatcher.utter_message(text=apology(ctx, language))
            return []
        policy = ctx.policy.in_(language)
        said = complaint_form.receipt_message(
            receipt, complaint.customer_name, complaint.contact.kind, policy, language
        )
        dispatcher.utter_message(text=said)
        return _clear_form()


NOTHING_TO_CANCEL = Say(
    "There's nothing in progress to cancel. How can I help?", "目前沒有進行中的事項需要取消。請問有甚麼可以幫你？"
)


class ActionCancelComplaint(Action):
    """Stops the form in progress; nothing is saved."""

    def name(self) -> str:
        return "action_cancel_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Deactivate the form and forget its answers."""
        if tracker.active_loop_name:
            dispatcher.utter_message(response="utter_complaint_cancelled")
        else:
            dispatcher.utter_message(text=NOTHING_TO_CANCEL(language_in(tracker)))
        forgotten = dict.fromkeys(
            (
                "requested_slot",
                "awaiting",
                *complaint_form.FIELDS,
                "complaint_intake_key",
                *data_requests.SLOTS,
                "case_reference",
                "case_verification",
                "person_after_check",
                *NOTES,
            )
        )  # each slot once
        return [ActiveLoop(None), *(SlotSet(slot, None) for slot in forgotten)]


NOTHING_TO_CORRECT = Say(
    "There's nothing in progress to correct. How can I help?", "目前沒有進行中的事項需要修改。請問有甚麼可以幫你？"
)
WHICH_DETAIL = Say("Which detail would you like to change: {labels}?", "請問你想修改哪一項：{labels}？")
CORRECTING = Say("Sure, let's correct the {label}.", "好的，我們來更正{label}。")


class ActionResetComplaintField(Action):
    """Asks again for a detail the customer wants to correct."""

    def name(self) -> str:
        return "action_reset_complaint_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Clear the named field so the form asks it again."""
        language = language_in(tracker)
        if tracker.active_loop_name != "complaint_form":
            dispatcher.utter_message(text=NOTHING_TO_CORRECT(language))
            return []
        message = latest_message(tracker)
        field = intake.field_named(message.entity("complaint_field") or "") or intake.field_named(message.text)
        if field is None or tracker.get_slot("privacy_consent") is None:
            labels = [label(language) for label in complaint_form.LABELS.values()]
            dispatcher.utter_message(
                text=WHICH_DETAIL(language, labels=("、" if language == "zh" else ", ").join(labels))
            )
            return []
        dispatcher.utter_message(text=CORRECTING(language, label=complaint_form.LABELS[field](language)))
        return [SlotSet(slot, value) for slot, value in reset_events_for(field).items()]


PAUSED = Say(
    "No problem. Nothing has been sent: I'll keep what you've told me for the rest of this chat. To finish your "
    "complaint, just say 'continue my complaint'; to drop it, say 'cancel'.",
    "沒問題。暫時甚麼都沒有提交：你提供的資料會保留到這次對話結束。"
    "想繼續的話，說「繼續投訴」就可以；想放棄，請說「取消」。",
)
PAUSED_QUIET = Say(
    "I'll stop here for now, as I haven't heard from you. Nothing has been sent, and I've kept what you told me for "
    "this chat: to finish your complaint, just say 'continue my complaint'.",
    "你暫時未有回覆，我先停在這裏。暫時甚麼都沒有提交，你提供的資料會保留到這次對話結束：想繼續的話，說「繼續投訴」就可以。",
)
PAUSED_REQUEST = Say(
    "No problem. Nothing has been sent. Ask me again whenever you're ready.",
    "沒問題。暫時甚麼都沒有提交，準備好隨時再問我。",
)
CONTINUE, CONTINUE_SAID = Say("Continue my complaint", "繼續投訴"), Say("continue my complaint", "我想繼續投訴")


class ActionPauseForm(Action):
    """Stops asking when the customer says bye or thanks, or goes quiet.

    The answers stay for the session; nothing is submitted.
    """

    def name(self) -> str:
        return "action_pause_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Deactivate the form, keeping its answers as a draft."""
        language = language_in(tracker)
        if tracker.active_loop_name == "complaint_form":
            quiet = latest_message(tracker).intent == "EXTERNAL_quiet"
            buttons = [said_button(language, CONTINUE, CONTINUE_SAID), said_button(language, CANCEL, CANCEL_SAID)]
            dispatcher.utter_message(text=(PAUSED_QUIET if quiet else PAUSED)(language), buttons=buttons)
        else:
            dispatcher.utter_message(text=PAUSED_REQUEST(language))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("misunderstood", None)]
