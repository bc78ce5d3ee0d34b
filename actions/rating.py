"""After a person hands the chat back: the assistant resumes and asks the customer to rate the service."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_in
from actions.forms import ValidatingForm
from bot.cases.ratings import NO_COMMENT, SKIP, answer_to, follow_up, parse_comment, parse_rating, record_rating
from bot.context import get_context
from bot.errors import ConciergeError
from bot.shop.bilingual import Say
from bot.training.inbox import capture_low_rating, customer_messages, known_values

log = logging.getLogger(__name__)
NO_RATING = Say("No problem. Is there anything else I can help with?", "沒問題。還有其他可以協助你的地方嗎？")


class ActionResumeAfterHandoff(Action):
    """Whatever the assistant was doing before the person took over is dropped; the rating comes next."""

    def name(self) -> str:
        return "action_resume_after_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Stop any form; the rating slots are empty already (the rating's submit clears them)."""
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ValidateRatingForm(ValidatingForm):
    """A score from 1 to 5 (or skip), then a comment (or none)."""

    def name(self) -> str:
        return "validate_rating_form"

    def validate_service_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Skipping the score skips the comment too."""
        checked = self.check("service_rating", dispatcher, tracker, lambda t, m, c: parse_rating(t))
        if checked["service_rating"] == SKIP:
            checked["rating_comment"] = SKIP
        return checked

    def validate_rating_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Any comment will do; "no" is none."""
        if value is None:
            return {"rating_comment": None}
        return {"rating_comment": parse_comment(str(value)) or NO_COMMENT}


class ActionSubmitRating(Action):
    """Stores the rating and thanks the customer."""

    def name(self) -> str:
        return "action_submit_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Keep the score and the comment with the chat's last handoff."""
        score = tracker.get_slot("service_rating")
        language = language_in(tracker)
        reset: list[EventType] = [SlotSet("service_rating", None), SlotSet("rating_comment", None)]
        if not score or score == SKIP:
            dispatcher.utter_message(text=NO_RATING(language))
            return reset
        ctx = get_context()
        try:
            with ctx.sessions() as session, session.begin():
                comment = tracker.get_slot("rating_comment") or ""
                rating = record_rating(session, tracker.sender_id, int(score),
                                       "" if comment in (NO_COMMENT, SKIP) else comment, ctx.now())  # fmt: skip
                follow_up(session, rating, ctx.now())  # a poor score: the case's handler looks at it again
                # A poor score sends the lines the assistant was unsure of to the NLU inbox (redacted).
                capture_low_rating(session, int(score), customer_messages(tracker.events), tracker.sender_id,
                                   ctx.now(), known_values(tracker.current_slot_values()),
                                   below=ctx.policy.training.inbox_below)  # fmt: skip
        except (ConciergeError, ValueError):
            log.exception("storing a rating failed")
        text, buttons = answer_to(int(score), language=language)
        dispatcher.utter_message(text=text, buttons=buttons)
        return reset
