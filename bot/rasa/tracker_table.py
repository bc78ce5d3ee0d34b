"""Rasa's tracker store table read from outside Rasa: for the retention purge, and for what to redact.

It is the ``events`` table Rasa's SQL tracker store (and so ours, ``bot.rasa.tracker_store``) writes; its
personal slots are sealed (``bot.rasa.sealed_events``), so reading them back needs the data key.
"""

from __future__ import annotations

import json

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select

from bot.privacy.crypto import DataVault
from bot.rasa.sealed_events import PERSONAL_SLOTS, unseal

_tracker = MetaData()
RASA_EVENTS = Table(
    "events", _tracker, Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
    Column("type_name", String(255)), Column("timestamp", Float), Column("data", Text),
)  # fmt: skip
# Of the personal slots, those that hold a value the customer gave about themselves (not their own words).
IDENTIFYING_SLOTS = ("customer_name", "contact", "case_verification")


def personal_values(tracker_url: str, conversation_id: str, vault: DataVault) -> list[str]:
    """Every name, phone, email or verification the customer gave in a form of the conversation, longest first.

    What the customer types as a form answer ("Cheung Wing Yee") has no pattern to redact it by; these are the
    values to take out of anything shown of the conversation to someone who may not see personal data.
    """
    assert set(IDENTIFYING_SLOTS) <= set(PERSONAL_SLOTS)
    engine = create_engine(tracker_url, future=True)
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return []
            rows = connection.scalars(select(RASA_EVENTS.c.data).where(RASA_EVENTS.c.sender_id == conversation_id,
                                                                       RASA_EVENTS.c.type_name == "slot"))  # fmt: skip
            values = {str(event.get("value")) for event in (unseal(json.loads(row), vault) for row in rows)
                      if event.get("name") in IDENTIFYING_SLOTS and event.get("value")}  # fmt: skip
    finally:
        engine.dispose()
    return sorted(values, key=len, reverse=True)
