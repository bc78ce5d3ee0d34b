"""Two of Rasa's hot paths, made cheap without changing what they do (``install``, in the Rasa server only).

Profiling a complaint intake turn (``py-spy`` on the Rasa server; docs/benchmarks.md, "Cost per message")
found two costs that serve nobody:

- Rasa validates every answer of the action server with ``jsonschema.validate``, which checks the schema
  itself against the meta-schema and builds a new validator at every call: about 2 ms of every remote action.
  The same validation with one validator built at start-up costs about 0.5 ms; an answer that does not fit
  the schema raises the same error as before.
- Rasa finds the class of every event it reads (the tracker store's rows, the action server's answers) by
  walking the whole tree of ``Event``'s subclasses: about 60 µs an event, 3 ms for the 120 events of a
  complaint conversation, at every message, growing with the conversation. A table built from the same walk,
  first match first as before, answers at once; a name it lacks goes to Rasa's own look-up.
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


def install() -> None:
    """Make Rasa validate the action server's answers with a validator built once, and look event types up."""
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
