"""Sealing Rasa's events: personal data redacted in the clear, the original back when the key opens it."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet

from bot.privacy.crypto import DataVault
from bot.rasa.sealed_events import REDACTED, SEALED, seal, unseal

VAULT = DataVault(Fernet.generate_key())
USER = {"event": "user", "text": "I'm Chan Tai Man, call 9123 4567", "timestamp": 1.0,
        "parse_data": {"text": "I'm Chan Tai Man, call 9123 4567", "intent": {"name": "inform", "confidence": 0.9},
                       "entities": [{"entity": "amount", "value": "9123 4567"}]}}  # fmt: skip


def test_a_customer_message_is_redacted_in_the_clear_and_restored_with_the_key() -> None:
    sealed = seal(json.loads(json.dumps(USER)), VAULT, known=["Chan Tai Man"])
    stored = json.dumps(sealed)
    assert "Chan" not in stored and "9123" not in stored
    assert sealed["text"] == "I'm [NAME], call [PHONE]" and sealed["parse_data"]["intent"]["name"] == "inform"
    assert unseal(json.loads(stored), VAULT) == USER


def test_personal_slots_and_bot_replies_are_sealed_other_events_left_alone() -> None:
    slot = {"event": "slot", "name": "contact", "value": "ka.yan@example.com"}
    assert seal(dict(slot), VAULT)["value"] == REDACTED
    assert unseal(seal(dict(slot), VAULT), VAULT) == slot
    reply = {"event": "bot", "text": "Name: Wong Ka Yan, contact ka.yan@example.com", "data": {}}
    assert seal(dict(reply), VAULT, ["Wong Ka Yan"])["text"] == "Name: [NAME], contact [EMAIL]"
    others = [
        {"event": "slot", "name": "product", "value": "gold bracelet"},
        {"event": "slot", "name": "contact", "value": None},
        {"event": "action", "name": "utter_greet"},
    ]
    for other in others:
        assert seal(dict(other), VAULT) == other and SEALED not in seal(dict(other), VAULT)


def test_without_the_right_key_only_the_redacted_text_remains() -> None:
    sealed = seal(json.loads(json.dumps(USER)), VAULT, known=["Chan Tai Man"])
    opened = unseal(sealed, DataVault(Fernet.generate_key()))
    assert opened["text"] == "I'm [NAME], call [PHONE]" and SEALED not in opened
