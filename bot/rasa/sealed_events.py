"""Rasa's events as the tracker store keeps them: personal data redacted in the clear, the original sealed.

A conversation needs the customer's words and form answers from one turn to the next, so the tracker
store cannot simply drop them. ``seal`` replaces them with redacted text (and ``[REDACTED]`` slot
values) and keeps the original only encrypted with the data key, under ``_sealed``; ``unseal`` restores
it when Rasa reads the conversation back. Anyone reading the table, a backup or an export sees no
name, phone number, email, identity card or card number; the retention purge deletes the rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cryptography.fernet import InvalidToken

from bot.privacy.crypto import DataVault
from bot.privacy.redaction import redact

SEALED = "_sealed"
REDACTED = "[REDACTED]"
# Slots that hold what the customer typed about themselves or in their own words.
PERSONAL_SLOTS = (
    "customer_name",
    "contact",
    "case_verification",
    "description",
    "rating_comment",
    "data_request_details",
)


def seal(event: dict[str, Any], vault: DataVault, known: Iterable[str] = ()) -> dict[str, Any]:
    """``event`` (Rasa's ``as_dict``) with personal data redacted and the original fields encrypted."""
    kind = event.get("event")
    if kind == "user" and event.get("text"):
        known = list(known)
        parse = event.get("parse_data") or {}
        original = {"text": event["text"], "parse_data": parse}
        text = redact(str(event["text"]), known)
        entities = [{**e, "value": redact(str(e.get("value")), known)} for e in parse.get("entities") or []]
        clear = {**event, "text": text, "parse_data": {**parse, "text": text, "entities": entities}}
    elif kind == "bot" and event.get("text"):
        original = {"text": event["text"]}
        clear = {**event, "text": redact(str(event["text"]), known)}
    elif kind == "slot" and event.get("name") in PERSONAL_SLOTS and event.get("value") is not None:
        original = {"value": event["value"]}
        clear = {**event, "value": REDACTED}
    else:
        return event
    clear[SEALED] = vault.encrypt(json.dumps(original, ensure_ascii=False))
    return clear


def unseal(event: dict[str, Any], vault: DataVault) -> dict[str, Any]:
    """The event as Rasa wrote it (or, if the key cannot open it, as redacted)."""
    sealed = event.pop(SEALED, None)
    if sealed is None:
        return event
    try:
        event.update(json.loads(vault.decrypt(sealed)))
    except (InvalidToken, ValueError):
        pass  # another key, or damaged: the redacted text is all there is
    return event
