"""Forms that check each answer with a parser, answer side questions, and ask again."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.answers import SIDE_QUESTIONS, answer
from actions.common import ENQUIRY_CONFIDENCE, Message, latest_message
from actions.enquiries import say
from actions.questions import MISUNDERSTOOD, PATIENCE, misses
from bot.context import Context, get_context
from bot.errors import InvalidAnswer
from bot.shop.bilingual import Say
from bot.shop.language import Language

Parser = Callable[[str, Message, Context], str]
APOLOGY = Say(
    "Sorry, something went wrong on our side and I couldn't complete that. Please try again in a moment, "
    "or call us on {hotline}.",
    "對不起，我們的系統出了問題，未能完成你的要求。請稍後再試，或致電{hotline}聯絡我們。",
)


def apology(ctx: Context, language: Language) -> str:
    """What the customer is told when a service fails, in ``language``: short, with a way to reach a person."""
    return APOLOGY(language, hotline=ctx.policy.organization.hotline)


def is_side_question(message: Message, parsed: bool) -> bool:
    """An enquiry asked instead of answering: answer it, then ask again.

    An answer that does not parse and reads as an enquiry is one; so is a clear question ("?") that
    happens to parse, like "what time does TST close?" when asked where it happened. A statement that
    parses stays an answer, so "How could you sell me a fake" remains the customer's description.
    """
    if message.intent not in SIDE_QUESTIONS:
        return False
    if not parsed:
        return True
    return message.confidence >= ENQUIRY_CONFIDENCE and ("?" in message.text or "？" in message.text)


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

    def check(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, parse: Parser) -> dict[str, Any]:
        """Parse the latest message for ``slot``; re-prompt with a hint if it does not parse."""
        ctx = get_context()
        message = latest_message(tracker)
        try:
            value, hint = parse(message.text, message, ctx), None
        except InvalidAnswer as exc:
            value, hint = None, exc.hint_in(message.language)
        if is_side_question(message, value is not None):
            answer_side_question(dispatcher, message, ctx)
            return {slot: None}
        if value is None:
            missed = misses(tracker, slot) + 1
            if missed < PATIENCE:  # after that, the question itself changes (``actions.questions``)
                dispatcher.utter_message(text=hint)
            return {slot: None, MISUNDERSTOOD: f"{slot}:{missed}"}
        return {slot: value, MISUNDERSTOOD: None} if misses(tracker, slot) else {slot: value}

    def listen(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
               parse: Parser) -> dict[str, Any]:  # fmt: skip
        """The answer to the question asked, parsed; a value given otherwise stands as it is.

        A value not asked for was heard in a story, or kept in a draft taken up again: it is already clean.
        """
        if tracker.get_slot("requested_slot") != slot and value is not None:
            return {slot: value}
        return self.check(slot, dispatcher, tracker, parse)
