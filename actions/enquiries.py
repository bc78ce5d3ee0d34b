"""One action per enquiry intent; each asks ``actions.answers`` for the reply."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import Reply, answer
from actions.common import Message, latest_message
from bot.cases.feedback import store_feedback
from bot.cases.story import sounds_like_complaint
from bot.context import get_context
from bot.enquiries import proof
from bot.privacy.lookups import looks_like_proof
from bot.shop.bilingual import Say

ANYTHING_ELSE = Say("No problem. What else can I help you with?", "沒問題。還有甚麼可以幫你？")
WHAT_CAN_I_DO = Say("Great. What can I help you with?", "好的。有甚麼可以幫你？")


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send a reply: a domain response or a text."""
    if reply.response:
        dispatcher.utter_message(response=reply.response)
    if reply.text:
        dispatcher.utter_message(text=reply.text)


class EnquiryAction(Action, ABC):
    """Answers the enquiry of one intent from the shop's data."""

    @property
    @abstractmethod
    def intent(self) -> str:
        """The intent this action answers."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the latest message as an enquiry of ``self.intent``."""
        ctx = get_context()
        message = latest_message(tracker)
        awaiting = tracker.get_slot("awaiting")
        # The proof asked for, even when the NLU took the digits for this enquiry ("5432 for order 10023").
        asked = awaiting if proof.pending(awaiting) and looks_like_proof(message.text) else self.intent
        with ctx.sessions() as session, session.begin():
            reply = answer(asked, ctx, session, message)
        say(dispatcher, reply)
        return [SlotSet("awaiting", reply.awaiting)]


def _enquiry(action_name: str, intent_name: str) -> type[EnquiryAction]:
    return type(
        f"Action_{intent_name}",
        (EnquiryAction,),
        {"name": lambda self: action_name, "intent": intent_name, "__doc__": f"Answers {intent_name}."},
    )


ActionStoreInfo = _enquiry("action_store_info", "ask_store_info")
ActionProductInfo = _enquiry("action_product_info", "ask_product_info")
ActionGoldPrice = _enquiry("action_gold_price", "ask_gold_price")
ActionCertificate = _enquiry("action_certificate", "ask_certificate")
ActionWarranty = _enquiry("action_warranty", "ask_warranty")
ActionRepairService = _enquiry("action_repair_service", "ask_repair_service")
ActionRepairStatus = _enquiry("action_repair_status", "ask_repair_status")
ActionBuyback = _enquiry("action_buyback", "ask_buyback")
ActionReturnPolicy = _enquiry("action_return_policy", "ask_return_policy")
ActionRefundStatus = _enquiry("action_refund_status", "ask_refund_status")
ActionOrderStatus = _enquiry("action_order_status", "ask_order_status")
ActionOrderChange = _enquiry("action_order_change", "request_order_change")
ActionDeliveryOptions = _enquiry("action_delivery_options", "ask_delivery_options")
ActionPaymentMethods = _enquiry("action_payment_methods", "ask_payment_methods")
ActionInvoice = _enquiry("action_invoice", "ask_invoice")
ActionMembership = _enquiry("action_membership", "ask_membership")
ActionPrivacy = _enquiry("action_privacy", "ask_privacy")


class ActionRequestRefund(EnquiryAction):
    """Tells how refunds work; a refund asked for something gone wrong goes to the complaint form.

    "It arrived broken, I want my money back" is a complaint, not a question about the rules.
    """

    intent = "request_refund"

    def name(self) -> str:
        return "action_request_refund"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """The complaint form for a story, the refund rules otherwise."""
        if sounds_like_complaint(latest_message(tracker).text):
            return [FollowupAction("complaint_form")]
        return await super().run(dispatcher, tracker, domain)


class ActionGiveFeedback(Action):
    """Keeps the customer's feedback and thanks them."""

    def name(self) -> str:
        return "action_give_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Store the feedback text for the service quality records."""
        ctx = get_context()
        message = latest_message(tracker)
        with ctx.sessions() as session, session.begin():
            store_feedback(session, tracker.sender_id, message.text)
        dispatcher.utter_message(response="utter_feedback_thanks")
        return []


# A bare answer with no question pending: what it names says what the customer wants to know.
ENQUIRY_FOR_ENTITY = (
    ("order_number", "ask_order_status"),
    ("repair_job", "ask_repair_status"),
    ("branch", "ask_store_info"),
    ("brand", "ask_product_info"),
    ("product_type", "ask_product_info"),
    ("material", "ask_product_info"),
)


def enquiry_named_by(message: Message) -> str | None:
    """The enquiry a bare answer implies ("10023" → order status, "Mong Kok" → store info)."""
    if message.intent != "inform":
        return None
    return next((intent for entity, intent in ENQUIRY_FOR_ENTITY if message.entity(entity)), None)


class ActionContinueEnquiry(Action):
    """A bare answer (an order or job number, yes, no) continues the enquiry that asked for it."""

    def name(self) -> str:
        return "action_continue_enquiry"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Re-answer the awaiting enquiry with this message, or say what can be done."""
        message = latest_message(tracker)
        awaiting = tracker.get_slot("awaiting") or enquiry_named_by(message)
        if not awaiting:
            if message.intent == "deny":
                dispatcher.utter_message(text=ANYTHING_ELSE(message.language))
            elif message.intent == "affirm":
                dispatcher.utter_message(text=WHAT_CAN_I_DO(message.language))
            else:
                dispatcher.utter_message(response="utter_default")
            return []
        ctx = get_context()
        with ctx.sessions() as session, session.begin():
            reply = answer(awaiting, ctx, session, message)
        if reply.awaiting and message.intent in ("deny", "cancel"):
            dispatcher.utter_message(text=ANYTHING_ELSE(message.language))
            return [SlotSet("awaiting", None)]
        say(dispatcher, reply)
        return [SlotSet("awaiting", reply.awaiting)]
