"""The complaint form's questions.

The collection statement, the category the story sounds like, where, the remedy, the summary, and the free-text
questions whose words are the domain's responses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_in
from actions.questions import (
    A_PERSON,
    A_PERSON_SAID,
    PATIENCE,
    STILL_UNCLEAR,
    STOP_FOR_NOW,
    STOP_FOR_NOW_SAID,
    AskAction,
    Buttons,
    button,
    misses,
    said_button,
)
from bot.cases import complaint_form, intake
from bot.shop.bilingual import Say
from bot.shop.policy import Policy

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
SOUNDS_LIKE = Say("It sounds like a complaint about {label}. Is that right?", "聽起來是關於「{label}」的投訴，對嗎？")
YES, YES_SAID = Say("Yes", "係"), Say("yes", "係")


class ActionAskComplaintCategory(AskAction):
    """Confirms the category the story sounds like with one yes/no, or asks with the policy's categories."""

    def name(self) -> str:
        return "action_ask_complaint_category"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The guess and yes, then the other categories; or the categories."""
        language = language_in(tracker)
        guess = next((c for c in policy.complaint_categories if c.id == tracker.get_slot("category_guess")), None)
        if guess is None:
            return ASK_CATEGORY(language), [button(c.label) for c in policy.complaint_categories]
        others = [button(c.label) for c in policy.complaint_categories if c is not guess]
        return SOUNDS_LIKE(language, label=guess.label.lower() if language == "en" else guess.label), [
            said_button(language, YES, YES_SAID),
            *others,
        ]


ONLINE, ONLINE_SAID = Say("Online", "網上"), Say("online", "網上")


class ActionAskIncidentPlace(AskAction):
    """Asks where it happened, with the policy's branches and "online" as buttons.

    If the customer named a place where the shop has no branch, the question says so first.
    """

    def name(self) -> str:
        return "action_ask_incident_place"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The branches, and online."""
        language = language_in(tracker)
        names = [b.name for b in policy.branches]
        text = intake.ASK_PLACE(language, names=", ".join(names), names_zh="、".join(names))
        if tracker.get_slot("place_not_ours"):
            text = f"{intake.NOT_OUR_PLACE(language, place=tracker.get_slot('place_not_ours'))} {text}"
        return text, [*(button(name) for name in names), said_button(language, ONLINE, ONLINE_SAID)]

    def events(self, tracker: Tracker) -> list[EventType]:
        """The place is said once."""
        return [SlotSet("place_not_ours", None)] if tracker.get_slot("place_not_ours") else []


ASK_OUTCOME = Say("What would put this right for you?", "你希望我們怎樣為你解決這個問題？")


class ActionAskDesiredOutcome(AskAction):
    """Asks what would put it right, with the remedies as buttons."""

    def name(self) -> str:
        return "action_ask_desired_outcome"

    def question(self, policy: Policy, tracker: Tracker) -> tuple[str, Buttons]:
        """The five remedies."""
        language = language_in(tracker)
        return ASK_OUTCOME(language), [button(said(language)) for said in complaint_form.OUTCOMES.values()]


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


class ResponseAsk(Action, ABC):
    """Asks with the domain's ``utter_ask_<slot>``; after answers not understood, offers a person instead."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot asked for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The question, or the offer."""
        if misses(tracker, self.slot) < PATIENCE:
            dispatcher.utter_message(response=f"utter_ask_{self.slot}")
            return []
        language = language_in(tracker)
        dispatcher.utter_message(
            text=STILL_UNCLEAR(language),
            buttons=[
                said_button(language, A_PERSON, A_PERSON_SAID),
                said_button(language, STOP_FOR_NOW, STOP_FOR_NOW_SAID),
            ],  # fmt: skip
        )
        return []


class ActionAskCustomerName(ResponseAsk):
    """Asks the name (and the contact with it)."""

    slot = "customer_name"


class ActionAskContact(ResponseAsk):
    """Asks a phone number or email."""

    slot = "contact"


class ActionAskProduct(ResponseAsk):
    """Asks which product."""

    slot = "product"


class ActionAskIncidentDate(ResponseAsk):
    """Asks when it happened."""

    slot = "incident_date"


class ActionAskOrderNumber(ResponseAsk):
    """Asks the online order's number."""

    slot = "order_number"


class ActionAskDescription(ResponseAsk):
    """Asks what happened."""

    slot = "description"


class ActionAskClaimAmount(ResponseAsk):
    """Asks how much."""

    slot = "claim_amount"
