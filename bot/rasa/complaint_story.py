"""A Rasa component that takes a story of something gone wrong, told with what the customer wants, as a complaint.

"The ring I bought in Central has a certificate that does not match the stone. I want compensation" names a
certificate, and the classifier alone may call it a certificate question; told with a remedy wanted, it is a
complaint whatever its topic words (``bot.cases.story.sounds_like_complaint``). Statuses, corrections, consent
answers and requests for a person keep their intent.

In the pipeline, last: ``- name: bot.rasa.complaint_story.ComplaintStory``. It learns nothing, so changing it
needs no training.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.cases.story import sounds_like_complaint

COMPLAINT = "make_complaint"
# Intents a story does not override: they are already a complaint, or ask something a story does not change.
KEPT = frozenset({
    COMPLAINT, "cancel", "request_correction", "request_human", "affirm", "deny", "check_case_status",
    "request_personal_data", "ask_refund_status", "ask_privacy",
    "request_refund",  # a request of its own; its action takes a story of something gone wrong to the complaint form
})  # fmt: skip


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ComplaintStory(GraphComponent):  # type: ignore[misc]  # Rasa is untyped
    """Sets the intent ``make_complaint`` on a message that tells what went wrong and what the customer wants."""

    @classmethod
    def create(
        cls, config: dict[str, Any], storage: ModelStorage, resource: Resource, context: ExecutionContext
    ) -> ComplaintStory:
        """As Rasa makes every component; this one has no state."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark each complaint told as a story as a complaint."""
        for message in messages:
            text, intent = message.get(TEXT), message.get(INTENT) or {}
            if not isinstance(text, str) or intent.get(INTENT_NAME_KEY) in KEPT or not sounds_like_complaint(text):
                continue
            confidence = max(float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0), 0.9)
            message.set(INTENT, {INTENT_NAME_KEY: COMPLAINT, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
        return messages
