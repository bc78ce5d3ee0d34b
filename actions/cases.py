"""Checking a case from the chat, and asking for a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_in, latest_message
from actions.forms import ValidatingForm
from bot.cases.follow_up import status_answer
from bot.cases.handoff import case_of, outlook_message, request_handoff
from bot.cases.intake import clean_text
from bot.cases.references import find_reference
from bot.cases.service import case_status
from bot.context import get_context
from bot.errors import InvalidAnswer, TooManyLookups
from bot.privacy.lookups import looks_like_proof
from bot.shop.bilingual import Say, joined

ASK_REFERENCE = Say(
    "A case reference looks like CS-7Q4K-92XD; it was given to you when the complaint was recorded.",
    "個案編號的格式例如CS-7Q4K-92XD，會在登記投訴時提供給你。",
)
ASK_PROOF = Say(
    "Please give the last 4 digits of the phone number on the case, or the email address you gave.",
    "請提供個案所登記電話號碼的最後4位數字，或你提供的電郵地址。",
)
TOO_MANY = Say(
    "There have been too many unsuccessful attempts. Please try again in an hour, or call us on {hotline}.",
    "錯誤嘗試的次數太多，請於一小時後再試，或致電{hotline}與我們聯絡。",
)
MATCHED = Say("Thank you, that matches.", "謝謝，資料吻合。")
NOT_MATCHED = Say("Sorry, I couldn't match those details to the case.", "抱歉，你提供的資料與個案不符。")
NOT_FOUND = Say(
    "Sorry, I couldn't find a case matching that reference and those details. "
    "Please check both and try again (you can also give the whole phone number), or ask for a person.",
    "抱歉，找不到與這個個案編號及資料相符的個案。請核對兩者後再試（你亦可提供完整的電話號碼），或要求轉接職員。",
)
CHECK_FIRST = Say(
    "Of course. So that a colleague can go through case {reference} with you, I'll first check that it is yours.",
    "當然可以。為了讓同事與你跟進個案{reference}，我會先核實這是你的個案。",
)
OF_COURSE = Say("Of course.", "當然可以。")
FINISH_COMPLAINT = Say(
    "Meanwhile, let's finish recording your complaint so they have the details.",
    "同時，我們先完成登記你的投訴，讓同事掌握詳情。",
)


def _reference(text: str) -> str:
    reference = find_reference(text)
    if reference is None:
        raise InvalidAnswer(ASK_REFERENCE)
    return reference


def _verification(text: str) -> str:
    """The proof as given ("5432", "尾四位係5432", "電郵係chan@example.com"): the throttled look-up finds it in it."""
    value = clean_text(text, 120)
    if looks_like_proof(value):
        return value
    raise InvalidAnswer(ASK_PROOF)


class ValidateCaseStatusForm(ValidatingForm):
    """Validates the case reference and the verification."""

    def name(self) -> str:
        return "validate_case_status_form"

    def validate_case_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A well-formed reference (not yet whether it exists: that would help guessing)."""
        return self.check(
            "case_reference", dispatcher, tracker, lambda t, m, c: _reference(m.entity("case_reference") or t)
        )

    def validate_case_verification(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Last 4 digits of the phone, or the email."""
        return self.check("case_verification", dispatcher, tracker, lambda t, m, c: _verification(t))


class ActionCheckCaseStatus(Action):
    """Reports the status of a verified case; a wrong pair reveals nothing."""

    def name(self) -> str:
        return "action_check_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Look the case up with its reference and verification."""
        ctx = get_context()
        language = language_in(tracker)
        policy = ctx.policy.in_(language)  # the role's title in the customer's language
        reference = tracker.get_slot("case_reference") or ""
        wants_person = bool(tracker.get_slot("person_after_check"))  # asked for a person about this case
        reset: list[EventType] = [SlotSet("case_reference", None), SlotSet("case_verification", None),
                                  SlotSet("person_after_check", None)]  # fmt: skip
        try:
            with ctx.sessions() as session, session.begin():
                status = case_status(
                    session,
                    reference,
                    tracker.get_slot("case_verification") or "",
                    asker=latest_message(tracker).asker,
                    policy=policy,
                    vault=ctx.vault,
                    now=ctx.now(),
                )
                if wants_person:  # the case joins the chat only once the customer has proved it is theirs
                    outlook = request_handoff(session, tracker.sender_id, "customer asked for a person about a case",
                                              policy=ctx.policy, now=ctx.now(),
                                              reference=status.reference if status else None)  # fmt: skip
        except TooManyLookups:
            dispatcher.utter_message(text=TOO_MANY(language, hotline=policy.organization.hotline))
            return reset
        if wants_person:
            said = (MATCHED if status else NOT_MATCHED)(language)
            dispatcher.utter_message(text=joined(language, [said, outlook_message(outlook, ctx.policy, language)]))
        elif status is None:
            dispatcher.utter_message(text=NOT_FOUND(language))
        else:
            dispatcher.utter_message(text=status_answer(status, policy, language=language))
        return reset


def _reason(tracker: Tracker) -> str:
    """Why the chat goes to a person: asked for one, after the assistant failed to understand, or upset."""
    intents = [((e.get("parse_data") or {}).get("intent") or {}).get("name") for e in tracker.events
               if e.get("event") == "user"][-4:]  # fmt: skip
    if intents.count("nlu_fallback") >= 2:
        return "the assistant did not understand the customer"
    return "customer asked for a person"


class ActionRequestHuman(Action):
    """Records a handoff request and tells the customer who will take over."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Queue the conversation for the role in charge of its case (or the front line)."""
        ctx = get_context()
        message = latest_message(tracker)
        reference = find_reference(message.text)  # "… about my complaint CS-…", "我想搵人跟進CS-…"
        with ctx.sessions() as session, session.begin():
            if reference and tracker.active_loop_name is None and case_of(session, tracker.sender_id) is None:
                dispatcher.utter_message(text=CHECK_FIRST(message.language, reference=reference))
                return [SlotSet("case_reference", reference), SlotSet("person_after_check", True),
                        FollowupAction("case_status_form")]  # fmt: skip
            outlook = request_handoff(session, tracker.sender_id, _reason(tracker), policy=ctx.policy, now=ctx.now())
        said = [OF_COURSE(message.language), outlook_message(outlook, ctx.policy, message.language)]
        if tracker.active_loop_name == "complaint_form":
            said.append(FINISH_COMPLAINT(message.language))
        dispatcher.utter_message(text=joined(message.language, said))
        return []


class ActionHandleFallback(Action):
    """Asks to rephrase; after two misunderstandings in a row, offers a person."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Count the consecutive misunderstood messages."""
        misunderstood = 0
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != "nlu_fallback":
                    break
                misunderstood += 1
        dispatcher.utter_message(response="utter_offer_human" if misunderstood >= 2 else "utter_default")
        return []
