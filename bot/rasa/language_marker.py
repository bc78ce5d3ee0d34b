"""A Rasa component that marks each message with the language to answer it in.

It adds the entity ``language`` ("en" or "zh", from ``bot.shop.language.answer_language``) to every message
that decides it; the slot ``language`` is filled from that entity, so the domain's responses pick their
Chinese variation and the actions read it from the tracker. A line that decides nothing (a number, a
reference, one word) adds no entity: the conversation keeps its language. It runs in Rasa's own process,
so knowing the language costs no call to the action server.

In the pipeline, after the entity extractors: ``- name: bot.rasa.language_marker.LanguageMarker``.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.shop.language import answer_language

ENTITY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageMarker(GraphComponent):  # type: ignore[misc]  # Rasa is untyped
    """Adds the entity ``language`` to a message whose text decides the language to answer in."""

    @classmethod
    def create(
        cls, config: dict[str, Any], storage: ModelStorage, resource: Resource, context: ExecutionContext
    ) -> LanguageMarker:
        """As Rasa makes every component; this one has no state."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark each message with its language, where its text decides one."""
        for message in messages:
            text = message.get(TEXT)
            language = answer_language(text) if isinstance(text, str) else None
            if language is None:
                continue
            entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITY]
            entities.append({"entity": ENTITY, "value": language, "start": 0, "end": len(text),
                             "confidence": 1.0, "extractor": type(self).__name__})  # fmt: skip
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
