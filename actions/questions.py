"""Asking a form's questions: in the conversation's language, with quick replies, never a third time the same way.

After two answers the form could not read, the question is not asked again as before: a question with choices
comes with its buttons and a button for a person; a question without choices offers a person, or to stop for
now with the answers kept.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_in
from bot.context import get_context
from bot.shop.bilingual import Say
from bot.shop.language import Language
from bot.shop.policy import Policy

Buttons = list[dict[str, str]]
MISUNDERSTOOD = "misunderstood"  # the slot: "<slot>:<answers not understood in a row>"
PATIENCE = 2  # answers not understood before the question changes
A_PERSON, A_PERSON_SAID = Say("Talk to a person", "轉接職員"), Say("I want to talk to a person", "我想搵真人客服")
STOP_FOR_NOW, STOP_FOR_NOW_SAID = Say("Stop for now", "暫停"), Say("bye", "拜拜")
STILL_UNCLEAR = Say(
    "I'm sorry, I still can't make out your answer. One of our staff can finish this with you, or you can stop "
    "for now: I'll keep what you've told me for this chat.",
    "對不起，我仍然未能理解你的回覆。我可以請同事跟你完成，或者你可以先暫停：我會保留你在這次對話中提供的資料。",
)


def button(title: str, payload: str | None = None) -> dict[str, str]:
    """A quick reply; what it sends is its title unless said otherwise."""
    return {"title": title, "payload": payload or title}


def said_button(language: Language, title: Say, payload: Say) -> dict[str, str]:
    """A quick reply in ``language``: its title, and what it sends (which the form's parsers understand)."""
    return button(title(language), payload(language))


def misses(tracker: Tracker, slot: str) -> int:
    """How many answers in a row to ``slot`` the form could not read."""
    asked, _, count = str(tracker.get_slot(MISUNDERSTOOD) or "").partition(":")
    return int(count) if asked == slot and count.isdigit() else 0


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

    def events(self, tracker: Tracker) -> list[EventType]:
        """Events to return with the question (none unless a question says otherwise)."""
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask the question, or after answers not understood, offer buttons or a person."""
        language = language_in(tracker)
        text, buttons = self.question(get_context().policy.in_(language), tracker)
        if misses(tracker, self.name().removeprefix("action_ask_")) >= PATIENCE:
            if buttons:
                buttons = [*buttons, said_button(language, A_PERSON, A_PERSON_SAID)]
            else:
                text = STILL_UNCLEAR(language)
                buttons = [said_button(language, A_PERSON, A_PERSON_SAID),
                           said_button(language, STOP_FOR_NOW, STOP_FOR_NOW_SAID)]  # fmt: skip
        dispatcher.utter_message(text=text, buttons=buttons)
        return self.events(tracker)
