"""Three of Rasa's hot paths, made cheap without changing what they do (``install``, in the Rasa server only).

Profiling a complaint intake turn (``py-spy`` on the Rasa server; docs/benchmarks.md, "Cost per message")
found three costs that serve nobody:

- Rasa validates every answer of the action server with ``jsonschema.validate``, which checks the schema
  itself against the meta-schema and builds a new validator at every call: about 2 ms of every remote action.
  The same validation with one validator built at start-up costs about 0.5 ms; an answer that does not fit
  the schema raises the same error as before.
- Rasa finds the class of every event it reads (the tracker store's rows, the action server's answers) by
  walking the whole tree of ``Event``'s subclasses: about 60 µs an event, 3 ms for the 120 events of a
  complaint conversation, at every message, growing with the conversation. A table built from the same walk,
  first match first as before, answers at once; a name it lacks goes to Rasa's own look-up.
- Rasa's RulePolicy and MemoizationPolicy each replay the whole session into a list of states
  (``Domain.states_for_tracker_history``) several times per message: with and without the customer's text, at
  every prediction step. It costs about 0.6 ms at 120 events, so a form turn deep into a conversation cost more
  than an early one. The states are now kept on the tracker for as long as its events are the same (their
  number and the last one), per set of arguments, and each caller gets its own copy of them (Rasa's featurizer
  deletes keys of the last state).
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses


def install() -> None:
    """Make Rasa validate answers with a validator built once, look event types up, and keep a tracker's states."""
    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)

    def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
        error: ValidationError | None = best_match(validator.iter_errors(result))  # what jsonschema.validate raises
        if error is not None:
            error.message += (
                f". Failed to validate Action server response from API, make sure your response from the Action "
                f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    walk = Event.resolve_by_type
    by_name: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        found = by_name.get(type_name)
        if found is None:
            for cls in all_subclasses(Event):  # Rasa's order: the first class with the name wins, as in its loop
                by_name.setdefault(cls.type_name, cls)
            found = by_name.get(type_name)
        return found if found is not None else walk(type_name, default)

    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)
    Domain.states_for_tracker_history = _remembering(Domain.states_for_tracker_history)


_STATES = "_concierge_states"  # on a tracker: (its events' version, {arguments: states})


def _remembering(replay: Any) -> Any:
    """``Domain.states_for_tracker_history`` that replays a tracker's events once per version of them."""

    def states_for_tracker_history(domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool = False,
                                   ignore_rule_only_turns: bool = False,
                                   rule_only_data: dict[str, Any] | None = None) -> list[State]:  # fmt: skip
        events = tracker.events
        version = (len(events), id(events[-1]) if events else None)  # events are only ever appended
        kept = tracker.__dict__.get(_STATES)
        if kept is None or kept[0] != version:
            kept = tracker.__dict__[_STATES] = (version, {})
        key = (id(domain), omit_unset_slots, ignore_rule_only_turns, json.dumps(rule_only_data, sort_keys=True))
        states = kept[1].get(key)
        if states is None:
            states = kept[1][key] = replay(domain, tracker, omit_unset_slots=omit_unset_slots,
                                           ignore_rule_only_turns=ignore_rule_only_turns,
                                           rule_only_data=rule_only_data)  # fmt: skip
        return [{name: dict(part) if isinstance(part, dict) else part for name, part in state.items()}
                for state in states]  # fmt: skip

    return states_for_tracker_history
