"""The fault run's arithmetic: what counts as lost, and how long past a part's return a customer waited."""

from __future__ import annotations

from benchmarks.faults import Message, Outage, Tally
from bot.web.assistant import answer_in


def test_a_wait_through_an_outage_is_measured_from_the_parts_return() -> None:
    rasa = Outage("rasa", killed=100.0, back=140.0)
    tally = Tally(messages=[
        Message(typed=90.0, answered=91.0, apologised=False),  # before the outage
        Message(typed=105.0, answered=150.0, apologised=True),  # waited through it: 10 s after Rasa was back
        Message(typed=145.0, answered=147.0, apologised=False),  # after it
    ])  # fmt: skip
    assert tally.longest_after_return([rasa]) == 10.0
    assert tally.longest_wait == 45.0
    assert (tally.sent, tally.answered, tally.apologised, tally.lost) == (3, 3, 1, 0)


def test_an_unanswered_message_and_a_line_missing_from_the_transcript_are_both_lost() -> None:
    tally = Tally(messages=[Message(typed=1.0, answered=None, apologised=True),
                            Message(typed=2.0, answered=3.0, apologised=False)], missing=1)  # fmt: skip
    assert tally.lost == 2


def test_the_answer_rasa_gave_a_line_is_found_by_its_transcript_id() -> None:
    events = [
        {"event": "user", "text": "hi", "metadata": {"line": 7}},
        {"event": "bot", "text": "Hello!"},
        {"event": "user", "text": "I want to complain", "metadata": {"line": 9}},
        {"event": "action", "name": "utter_consent"},
        {"event": "bot", "text": "Do you agree?", "data": {"buttons": [{"title": "I agree", "payload": "/affirm"}]}},
        {"event": "action", "name": "action_listen"},
    ]
    assert answer_in(events, 7) == [{"text": "Hello!"}]
    assert answer_in(events, 9) == [{"text": "Do you agree?", "buttons": [{"title": "I agree", "payload": "/affirm"}]}]
    assert answer_in(events, 8) is None  # Rasa never had it: send it
    silent = [{"event": "user", "text": "Chan Tai Man", "metadata": {"line": 3}}, {"event": "action", "name": "x"}]
    assert answer_in(silent, 3) is None  # had it but said nothing (its action server was down): send it again
