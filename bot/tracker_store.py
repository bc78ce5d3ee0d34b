"""The tracker store Rasa runs with (``endpoints.yml``): Rasa's SQL store, plus the NLU inbox.

When Rasa stores a conversation's new events, the customer messages among them that it was unsure
of (below the policy's ``training.inbox_below``, or the fallback) are kept, redacted, in the NLU inbox
of the application database. Rasa's own prediction is used: nothing is parsed twice. A failure here
is logged and never stops the conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.context import get_context
from bot.inbox import capture_unsure, customer_messages, known_values

log = logging.getLogger(__name__)


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


class ConciergeTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """Rasa's SQL tracker store that also fills the NLU inbox."""

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        new = list(super()._additional_events(session, tracker))
        if any(isinstance(event, UserUttered) for event in new):
            self._to_inbox(tracker, len(tracker.events) - len(new))
        return iter(new)

    @staticmethod
    def _to_inbox(tracker: DialogueStateTracker, start: int) -> None:
        try:
            said = customer_messages(_outline(tracker.events), start)
            if not said:
                return
            ctx = get_context()
            known = known_values(tracker.current_slot_values())
            with ctx.sessions() as session, session.begin():
                capture_unsure(session, said, tracker.sender_id, ctx.policy.training.inbox_below, ctx.now(), known)
        except Exception:  # the inbox must never cost a customer their answer
            log.exception("could not keep an unsure message in the NLU inbox")
