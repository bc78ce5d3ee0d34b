"""Rasa's hot paths, made cheap, give the same answers: the action server's answers checked, event types found."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.rasa import hot_paths

VALID = {
    "events": [
        {"event": "slot", "name": "customer_name", "value": "Chan Tai Man", "timestamp": None},
        {"event": "active_loop", "name": "complaint_form", "timestamp": None},
    ],
    "responses": [{"text": "What phone number or email can we reach you on?", "response": "utter_ask_contact"}],
}
INVALID = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot", "name": 7}], "responses": []},
    {"events": [], "responses": "not a list"},
]


def stock_verdict(result: dict[str, Any]) -> str | None:
    """What Rasa's own ``jsonschema.validate`` says of ``result``: None, or the error's message."""
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return str(error.message)
    return None


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    hot_paths.install()
    return RemoteAction("action_submit_complaint", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_a_valid_answer_passes(action: RemoteAction) -> None:
    assert stock_verdict(VALID) is None
    assert action._validate_action_result(VALID) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_answer_raises_the_error_rasa_raises(action: RemoteAction, result: dict[str, Any]) -> None:
    stock = stock_verdict(result)
    assert stock is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        action._validate_action_result(result)
    assert raised.value.message.startswith(stock + ". Failed to validate Action server response")


def test_every_event_type_resolves_to_the_class_rasa_finds(action: RemoteAction) -> None:
    classes = all_subclasses(Event)
    assert len(classes) > 20
    for cls in classes:
        first = next(c for c in classes if c.type_name == cls.type_name)  # Rasa's own walk: the first match
        assert Event.resolve_by_type(cls.type_name) is first


def test_events_read_back_as_rasa_wrote_them(action: RemoteAction) -> None:
    events = [UserUttered("my clasp broke", {"name": "make_complaint", "confidence": 0.9}),
              SlotSet("product", "an 18K gold bracelet"), ActionExecuted("complaint_form")]  # fmt: skip
    assert [Event.from_parameters(e.as_dict()) for e in events] == events


def test_an_unknown_event_type_is_refused_or_defaulted_as_before(action: RemoteAction) -> None:
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
