"""A long Rasa session starts afresh between turns with its slots carried over, never in the middle of a form."""

from __future__ import annotations

import warnings

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.tracker_store import next_session
from bot.settings import PROJECT_ROOT, Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Slot auto-fill has been removed", UserWarning)  # Rasa's own, expected
    DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
LIMIT = Settings.from_env({}).session_events


def chat(turns: int, *extra: object) -> DialogueStateTracker:
    events: list[object] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for n in range(turns):
        events += [UserUttered(f"question {n}", {"name": "ask_store_info", "confidence": 0.9}),
                   ActionExecuted("action_store_info"), BotUttered(f"answer {n}"),
                   ActionExecuted("action_listen")]  # fmt: skip
    tracker = DialogueStateTracker.from_events("c1", [], DOMAIN.slots)
    for event in [*events[:-1], *extra, events[-1]]:
        tracker.update(event)  # type: ignore[arg-type]
    return tracker


def test_a_short_session_goes_on_as_it_is() -> None:
    assert next_session(chat(3), LIMIT) is None


def test_a_long_session_starts_afresh_between_turns_carrying_every_slot_set() -> None:
    tracker = chat(LIMIT // 4 + 1, SlotSet("case_reference", "CS-7Q4K-92XD"),
                   SlotSet("requested_slot", None))  # fmt: skip
    assert len(tracker.events) >= LIMIT
    events = next_session(tracker, LIMIT)
    assert events is not None
    assert [type(e).__name__ for e in events[:2]] == ["ActionExecuted", "SessionStarted"]
    assert events[-1] == ActionExecuted("action_listen")
    carried = {e.key: e.value for e in events if isinstance(e, SlotSet)}
    assert carried["case_reference"] == "CS-7Q4K-92XD" and "requested_slot" not in carried
    assert events[1].timestamp > events[0].timestamp  # the old session ends before the new one begins
    fresh = DialogueStateTracker.from_events("c1", events[1:], DOMAIN.slots)
    assert fresh.get_slot("case_reference") == "CS-7Q4K-92XD"


def test_a_session_in_the_middle_of_a_form_is_left_alone() -> None:
    tracker = chat(LIMIT, ActiveLoop("complaint_form"))
    assert next_session(tracker, LIMIT) is None


def test_a_limit_of_zero_never_rolls_over() -> None:
    assert next_session(chat(LIMIT), 0) is None


def test_a_session_right_after_a_misunderstood_message_is_left_alone() -> None:
    tracker = chat(LIMIT, UserUttered("blorp", {"name": "nlu_fallback", "confidence": 0.3}),
                   ActionExecuted("action_handle_fallback"))  # fmt: skip
    assert next_session(tracker, LIMIT) is None  # the next fallback must still count as the second in a row
