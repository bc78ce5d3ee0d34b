"""Rasa's hot paths, made cheap, give the same answers: action server answers checked, event types, dialogue states."""

from __future__ import annotations

import warnings
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.rasa import hot_paths
from bot.settings import PROJECT_ROOT

REPLAY = Domain.states_for_tracker_history  # Rasa's own, taken before ``install`` replaces it
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Slot auto-fill has been removed", UserWarning)  # Rasa's own, expected
    DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))

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


def complaint_so_far(domain: Domain) -> DialogueStateTracker:
    """A tracker in the middle of a complaint form."""
    events = [ActionExecuted("action_listen"), UserUttered("I want to complain", {"name": "make_complaint"}),
              ActionExecuted("complaint_form"), ActiveLoop("complaint_form"), SlotSet("requested_slot", "product"),
              ActionExecuted("action_listen"), UserUttered("a gold bracelet", {"name": "inform"})]  # fmt: skip
    return DialogueStateTracker.from_events("c", events, domain.slots)


@pytest.mark.parametrize("omit_unset_slots", [False, True])
@pytest.mark.parametrize("rule_only_data", [None, {"slots": ["requested_slot"], "active_loops": []}])
def test_the_states_of_a_tracker_are_rasas_and_follow_new_events(
    action: RemoteAction, omit_unset_slots: bool, rule_only_data: dict[str, Any] | None
) -> None:
    domain = DOMAIN
    tracker = complaint_so_far(domain)
    arguments = {"omit_unset_slots": omit_unset_slots, "ignore_rule_only_turns": rule_only_data is not None,
                 "rule_only_data": rule_only_data}  # fmt: skip
    first = tracker.past_states(domain, **arguments)
    assert first == REPLAY(domain, tracker, **arguments)
    first[-1]["user"].clear()  # Rasa's featurizer deletes keys of the last state: the next caller is not affected
    before = tracker.past_states(domain, **arguments)
    assert before == REPLAY(domain, tracker, **arguments)
    tracker.update(SlotSet("product", "a gold bracelet"))
    tracker.update(ActionExecuted("complaint_form"))
    after = tracker.past_states(domain, **arguments)
    assert after == REPLAY(domain, tracker, **arguments)
    assert after != before  # not the states kept for the events before
