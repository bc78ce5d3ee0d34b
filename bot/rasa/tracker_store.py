"""The tracker store Rasa runs with (``endpoints.yml``): Rasa's SQL store, with personal data sealed, plus the inbox.

Events are written as Rasa writes them, except that the customer's words, the bot's replies and the
personal slots are redacted in the clear and kept whole only encrypted (``bot.rasa.sealed_events``); Rasa
reads them back unsealed, so conversations carry on as before. A long session is rolled over into a
fresh one between turns, its slots carried over (``next_session``): Rasa replays, featurizes and sends to
the action server the whole session at every message, so without it a message late in a long chat costs
more than an early one. When new events arrive, the customer
messages Rasa was unsure of (below the policy's ``training.inbox_below``, or the fallback) are kept,
redacted, in the NLU inbox: Rasa's own prediction is used, nothing is parsed twice. A failure of the
inbox is logged and never stops the conversation; the retention purge deletes expired conversations
from this store's table (``bot.privacy.retention.forget_conversations``).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME, REQUESTED_SLOT
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.expression import Insert, Select

from bot.context import get_context
from bot.rasa.sealed_events import seal, unseal
from bot.training.inbox import PERSONAL_SLOTS, capture_unsure, customer_messages

log = logging.getLogger(__name__)

_STORED = "_concierge_stored"  # on a tracker read from this store: how many of its events are in the table


def _outline(events: Iterable[Event]) -> Iterator[dict[str, Any]]:
    """The events ``customer_messages`` reads, as dicts (the rest as empty ones, so indexes stay aligned)."""
    for event in events:
        if isinstance(event, UserUttered):
            yield {"event": "user", "text": event.text, "parse_data": event.parse_data}
        elif isinstance(event, ActiveLoop):
            yield {"event": "active_loop", "name": event.name}
        elif isinstance(event, SlotSet) and event.key == "requested_slot":
            yield {"event": "slot", "name": "requested_slot", "value": event.value}
        else:
            yield {}


def next_session(tracker: DialogueStateTracker, limit: int) -> list[Event] | None:
    """The events that start a fresh session carrying the state over, once ``tracker``'s session has ``limit`` events.

    Only between turns (the assistant listening, no form active, the last message understood): the same
    events Rasa's own ``action_session_start`` writes, with every slot that is set carried over, so the
    conversation goes on as it was while Rasa reads, featurizes and sends to the action server only the
    fresh session.
    """
    if not limit or len(tracker.events) < limit or tracker.active_loop_name or tracker.is_paused():
        return None
    last = tracker.events[-1]
    if not isinstance(last, ActionExecuted) or last.action_name != ACTION_LISTEN_NAME:
        return None
    said = tracker.latest_message
    if said is not None and (said.intent or {}).get("name") == "nlu_fallback":
        return None  # the next misunderstanding is counted with this one (a person is offered after two)
    ended, at = time.time(), time.time() + 0.001  # Rasa reads a session from its SessionStarted's timestamp on
    carried = [SlotSet(name, slot.value, timestamp=at) for name, slot in tracker.slots.items()
               if slot.value is not None and slot.value != slot.initial_value and name != REQUESTED_SLOT]  # fmt: skip
    return [ActionExecuted(ACTION_SESSION_START_NAME, timestamp=ended), SessionStarted(timestamp=at), *carried,
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=at)]  # fmt: skip


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer; one sync per commit
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _statements(events: sqlalchemy.Table) -> tuple[Insert, Select]:
    """The insert of event rows and the query of the latest session's ``data`` (as Rasa's ``_event_query``)."""
    sender = sqlalchemy.bindparam("sender")
    started = (sqlalchemy.select(sqlalchemy.func.max(events.c.timestamp))
               .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
               .scalar_subquery())  # fmt: skip
    latest = (sqlalchemy.select(events.c.data)
              .where(events.c.sender_id == sender, sqlalchemy.or_(events.c.timestamp >= started, started.is_(None)))
              .order_by(events.c.id))  # fmt: skip
    return events.insert(), latest


class ConciergeTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """Rasa's SQL tracker store that seals personal data, fills the NLU inbox and keeps sessions short."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Rasa's store; on SQLite with a pool of connections in WAL mode instead of a new connection per message.

        On PostgreSQL each pooled connection is checked before use, so a restart of the database costs no message.
        """
        super().__init__(*args, **kwargs)
        rasas: sqlalchemy.engine.Engine = self.engine  # type: ignore[has-type]
        if rasas.dialect.name == "sqlite":
            rasas.dispose()
            pooled = sqlalchemy.create_engine(rasas.url, poolclass=QueuePool, pool_size=5, max_overflow=10,
                                              connect_args={"check_same_thread": False, "timeout": 30})  # fmt: skip
            sqlalchemy.event.listen(pooled, "connect", _sqlite_wal)
            self.engine, self.sessionmaker = pooled, sessionmaker(bind=pooled)
        else:  # PostgreSQL: a connection that died with a restart of the server is replaced, not used once more
            rasas.dispose()
            pinged = sqlalchemy.create_engine(rasas.url, pool_pre_ping=True, pool_size=5, max_overflow=10)
            self.engine, self.sessionmaker = pinged, sessionmaker(bind=pinged)
        self._insert, self._latest_session = _statements(self.SQLEvent.__table__)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the conversation's new events, sealed (Rasa's ``save`` with ``seal`` in the middle).

        The rows go in with one ``INSERT`` of many rows, not one ORM object each; which events are new is known
        from how many were read (``_retrieve``), without counting the session's rows again.
        """
        await self.stream_events(tracker)
        context = get_context()
        vault = context.vault
        # Everything the customer ever gave in a personal slot: a reply may repeat it after the slot is cleared.
        known = sorted({str(e.value) for e in tracker.events
                        if isinstance(e, SlotSet) and e.key in PERSONAL_SLOTS and e.value})  # fmt: skip
        with self.session_scope() as session:
            stored = getattr(tracker, _STORED, None)
            new = list(
                self._additional_events(session, tracker) if stored is None else islice(tracker.events, stored, None)
            )
            rows = []
            for event in [*new, *(next_session(tracker, context.settings.session_events) or [])]:
                data = event.as_dict()
                intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
                rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                             "timestamp": data.get("timestamp"), "intent_name": intent, "action_name": data.get("name"),
                             "data": json.dumps(seal(data, vault, known))})  # fmt: skip
            if rows:
                session.execute(self._insert, rows)
            session.commit()
        setattr(tracker, _STORED, len(tracker.events))
        if any(isinstance(event, UserUttered) for event in new):
            self._to_inbox(tracker, len(tracker.events) - len(new), known)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        vault = get_context().vault
        with self.session_scope() as session:
            if fetch_events_from_all_sessions:
                datas = [row.data for row in self._event_query(session, sender_id, True)]
            else:
                datas = list(session.execute(self._latest_session, {"sender": sender_id}).scalars())
        events = [unseal(json.loads(data), vault) for data in datas]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, _STORED, len(events))  # what ``save`` need not write again
        return tracker

    @staticmethod
    def _to_inbox(tracker: DialogueStateTracker, start: int, known: list[str]) -> None:
        try:
            said = customer_messages(_outline(tracker.events), start)
            if not said:
                return
            ctx = get_context()
            with ctx.sessions() as session, session.begin():
                capture_unsure(session, said, tracker.sender_id, ctx.policy.training.inbox_below, ctx.now(), known)
        except Exception:  # the inbox must never cost a customer their answer
            log.exception("could not keep an unsure message in the NLU inbox")
