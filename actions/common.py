"""Reading the tracker: the latest message, its intent and entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker

from bot.cases.intake import clean_text
from bot.privacy.lookups import Asker
from bot.shop.language import Language

ENQUIRY_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Message:
    """The customer's latest message as the NLU understood it."""

    text: str
    intent: str | None
    confidence: float
    entities: dict[str, str]
    asker: Asker = Asker("")  # who asks: the conversation, and the digest of the address the gateway saw
    language: Language = "en"  # the language to answer in (the slot filled by bot.rasa.language_marker)

    def entity(self, name: str) -> str | None:
        """The first value of entity ``name``, if any."""
        return self.entities.get(name)


def latest_message(tracker: Tracker) -> Message:
    """The latest user message, cleaned and limited in length."""
    raw: dict[str, Any] = tracker.latest_message or {}
    intent = raw.get("intent") or {}
    entities: dict[str, str] = {}
    for entity in raw.get("entities") or []:
        if entity.get("entity") and entity.get("value") is not None:
            entities.setdefault(str(entity["entity"]), str(entity["value"]))
    said = [e for e in tracker.events if e.get("event") == "user"]
    address = ((said[-1].get("metadata") or {}) if said else {}).get("address")
    asker = Asker(tracker.sender_id or "", address if isinstance(address, str) and address else None)
    return Message(clean_text(raw.get("text")), intent.get("name"), float(intent.get("confidence") or 0.0), entities,
                   asker, language_in(tracker))  # fmt: skip


def language_in(tracker: Tracker) -> Language:
    """The language the conversation is answered in now."""
    return "zh" if tracker.get_slot("language") == "zh" else "en"
