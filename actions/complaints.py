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

from actions.common import Message, language_in, latest_message
from actions.forms import ValidatingForm, apology
from bot.cases import complaint_form, intake
from bot.cases.service import open_case, record_consent
from bot.cases.yes_no import parse_yes_no
from bot.context import Context, get_context
from bot.errors import ConciergeError, InvalidAnswer
from bot.privacy import data_requests
from bot.shop.bilingual import Say
from bot.shop.language import Language
from bot.shop.policy import Policy

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
    """Record the answer to the collection statement with its version; an acceptance starts a fresh intake key."""
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
        """A person's name."""
        return self.check("customer_name", dispatcher, tracker, lambda t, m, c: intake.parse_name(t))

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A Hong Kong phone number or an email."""
        return self.check("contact", dispatcher, tracker, lambda t, m, c: intake.parse_contact(t).value)


class ValidateComplaintForm(AsksWhoYouAre):
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
        return consent_answer(self, dispatcher, tracker, "complaint_intake_key")

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """One of the policy's complaint categories."""
        return self.check("complaint_category", dispatcher, tracker, lambda t, m, c: intake.parse_category(t, c.policy))

    def validate_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The product concerned, or none."""
        return self.check("product", dispatcher, tracker, lambda t, m, c: intake.parse_product(t))

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
        return self.check("description", dispatcher, tracker, lambda t, m, c: intake.parse_description(t))

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


Buttons = list[dict[str, str]]


def button(title: str, payload: str | None = None) -> dict[str, str]:
    """A quick reply; what it sends is its title unless said otherwise."""
    return {"title": title, "payload": payload or title}


def said_button(language: Language, title: Say, payload: Say) -> dict[str, str]:
    """A quick reply in ``language``: its title, and what it sends (which the form's parsers understand)."""
    return button(title(language), payload(language))


class AskAction(Action, ABC):
    """Asks a form question whose words and buttons come from the policy or the answers so far."""

    @abstractmethod
    def name(self) -> str:
        """``action_ask_<slot>``."""

    @abstractmethod
    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The question and its quick replies, in the conversation's language (``language_in(tracker)``).

        ``policy`` is already in that language (``Policy.in_``).
        """

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask the question."""
        text, buttons = self.question(get_context().policy.in_(language_in(tracker)), tracker)
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


DATA_REQUEST_INTRO = Say(
    "I'll pass your request to our Data Protection Officer.", "我會把你的要求轉交本店的保障資料主任。"
)
COMPLAINT_INTRO = Say(
    "I'm sorry to hear that. I'll record your complaint so the right person can deal with it.",
    "很抱歉令你有這樣的經歷。我會記錄你的投訴，交由合適的同事跟進。",
)
AGREE, AGREE_SAID = Say("I agree", "我同意"), Say("yes, I agree", "我同意")
DECLINE, DECLINE_SAID = Say("No, thanks", "不同意"), Say("no, I don't agree", "我不同意")


class ActionAskPrivacyConsent(AskAction):
    """Shows the collection statement before any personal data is asked for."""

    def name(self) -> str:
        return "action_ask_privacy_consent"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The policy's statement, accepted or declined."""
        language = language_in(tracker)
        intro = DATA_REQUEST_INTRO if tracker.active_loop_name == "data_request_form" else COMPLAINT_INTRO
        text = f"{intro(language)}\n{policy.privacy.collection_statement.text}"
        return text, [said_button(language, AGREE, AGREE_SAID), said_button(language, DECLINE, DECLINE_SAID)]


ASK_CATEGORY = Say("What is the complaint about?", "請問你的投訴是關於哪方面？")


class ActionAskComplaintCategory(AskAction):
    """Asks what the complaint is about, with the policy's categories as buttons."""

    def name(self) -> str:
        return "action_ask_complaint_category"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The categories."""
        return ASK_CATEGORY(language_in(tracker)), [button(c.label) for c in policy.complaint_categories]


ONLINE, ONLINE_SAID = Say("Online", "網上"), Say("online", "網上")


class ActionAskIncidentPlace(AskAction):
    """Asks where it happened, with the policy's branches and "online" as buttons."""

    def name(self) -> str:
        return "action_ask_incident_place"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The branches, and online."""
        language = language_in(tracker)
        names = [b.name for b in policy.branches]
        text = intake.ASK_PLACE(language, names=", ".join(names), names_zh="、".join(names))
        return text, [*(button(name) for name in names), said_button(language, ONLINE, ONLINE_SAID)]


SUBMIT, SUBMIT_SAID = Say("Yes, submit", "確認提交"), Say("yes", "確認")
CHANGE, CHANGE_SAID = Say("Change a detail", "修改資料"), Say("I want to change a detail", "我想修改資料")
CANCEL, CANCEL_SAID = Say("Cancel", "取消"), Say("cancel", "取消")


class ActionAskComplaintConfirmed(AskAction):
    """Shows the summary and asks to submit."""

    def name(self) -> str:
        return "action_ask_complaint_confirmed"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The summary, with submit, change and cancel."""
        language = language_in(tracker)
        answers = {slot: tracker.get_slot(slot) for slot in complaint_form.FIELDS}
        return complaint_form.summary(answers, policy, language), [
            said_button(language, SUBMIT, SUBMIT_SAID),
            said_button(language, CHANGE, CHANGE_SAID),
            said_button(language, CANCEL, CANCEL_SAID),
        ]


def _clear_form() -> list[EventType]:
    return [SlotSet(slot, None) for slot in (*complaint_form.FIELDS, "complaint_intake_key")]


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
