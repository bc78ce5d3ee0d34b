"""The NLU inbox: what goes in (redacted), grouping, labelling and dismissing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cases.transcripts import add_line
from bot.context import Context
from bot.db.models import InboxMessage
from bot.errors import BadLabel
from bot.settings import PROJECT_ROOT
from bot.training import inbox
from bot.training.nlu_data import examples_in


def user(text: str, intent: str, confidence: float) -> dict[str, object]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}}


EVENTS = [
    user("hello", "greet", 0.99),
    user("wat abt the thingy", "nlu_fallback", 0.3),
    user("/affirm", "affirm", 1.0),
    {"event": "active_loop", "name": "complaint_form"},
    {"event": "slot", "name": "requested_slot", "value": "customer_name"},
    user("Chan Tai Man", "inform", 0.2),
    {"event": "active_loop", "name": None},
    user("is my watch fixed yet", "ask_repair_status", 0.5),
    user("", "EXTERNAL_handed_back", 1.0),
]


def test_customer_messages_mark_form_answers_and_skip_payloads() -> None:
    said = inbox.customer_messages(EVENTS)
    assert [(s.text, s.answering) for s in said] == [
        ("hello", None),
        ("wat abt the thingy", None),
        ("Chan Tai Man", "customer_name"),
        ("is my watch fixed yet", None),
    ]
    assert [s.text for s in inbox.customer_messages(EVENTS, start=4)] == ["Chan Tai Man", "is my watch fixed yet"]
    assert [s.text for s in said if inbox.is_unsure(s, 0.6)] == ["wat abt the thingy", "is my watch fixed yet"]


def test_unsure_messages_are_kept_redacted_and_grouped(context: Context) -> None:
    said = [inbox.Said("Call Chan Tai Man on 9123 4567, wat abt it", "nlu_fallback", 0.3, None)]
    again = [inbox.Said("call chan tai man on 6123 4567 wat abt it", "greet", 0.41, None)]
    with context.sessions() as session, session.begin():
        assert inbox.capture_unsure(session, said, "web-a", 0.6, context.now(), known=["Chan Tai Man"]) == 1
        assert inbox.capture_unsure(session, again, "web-b", 0.6, context.now(), known=["Chan Tai Man"]) == 1
        assert inbox.capture_low_rating(session, 3, again, "web-b", context.now(), [], below=0.6) == 0
    with context.sessions() as session:
        texts = [m.text for m in session.query(InboxMessage).all()]
        groups = inbox.open_groups(session)
    assert all("9123" not in t and "Tai Man" not in t.title() for t in texts)
    assert len(groups) == 1 and groups[0].count == 2
    assert groups[0].sources == ("fallback", "unsure") and set(groups[0].conversations) == {"web-a", "web-b"}


def test_a_low_rating_sends_only_the_unsure_lines_each_once_and_staff_can_flag_a_line(context: Context) -> None:
    said = [inbox.Said("hello", "greet", 0.98, None),
            inbox.Said("where are your shops", "ask_store_info", 0.93, None),
            inbox.Said("the bot kept asking me things", "deny", 0.41, None),
            inbox.Said("zorblat", "nlu_fallback", 0.2, None),
            inbox.Said("Chan Tai Man", "inform", 0.2, "customer_name")]  # fmt: skip
    with context.sessions() as session, session.begin():
        # "zorblat" was kept when it was said; staff flagged a line of the chat.
        assert inbox.capture_unsure(session, said[3:4], "web-c", 0.6, context.now(), []) == 1
        line = add_line(session, "web-c", "customer", "I said the CLASP not the strap")
        inbox.flag_line(session, line.id, "web-c", inbox.Said("x", "ask_warranty", 0.7, None), context.now())
        with pytest.raises(BadLabel):
            inbox.flag_line(session, line.id, "web-other", None, context.now())
        flagged_again = [*said, inbox.Said("I said the CLASP not the strap", "ask_warranty", 0.7, None)]
        assert inbox.capture_low_rating(session, 2, flagged_again, "web-c", context.now(), ["Chan Tai Man"],
                                        below=0.6) == 1  # fmt: skip
        assert inbox.capture_low_rating(session, 1, said, "web-c", context.now(), [], below=0.6) == 0  # once
        assert inbox.capture_low_rating(session, 3, said, "web-d", context.now(), [], below=0.6) == 0
    with context.sessions() as session:
        groups = {g.text: g for g in inbox.open_groups(session)}
    assert set(groups) == {"the bot kept asking me things", "zorblat", "I said the CLASP not the strap"}
    assert groups["the bot kept asking me things"].sources == ("low_rating",)
    assert groups["zorblat"].count == 1 and groups["zorblat"].sources == ("fallback",)
    assert groups["I said the CLASP not the strap"].sources == ("flagged",)
    assert groups["I said the CLASP not the strap"].predicted_intent == "ask_warranty"


def test_labelling_writes_the_example_and_closes_the_group(context: Context, tmp_path: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    shutil.copy(PROJECT_ROOT / "domain.yml", tmp_path / "domain.yml")
    with context.sessions() as session, session.begin():
        for text in ("wen u guys open tmr", "Wen u guys open tmr?", "asdfgh"):
            inbox.capture(session, inbox.Said(text, "nlu_fallback", 0.2, None), "fallback", "web-d", context.now())
    with context.sessions() as session:
        keys = {"open": inbox.open_groups(session)[0].key, "junk": "asdfgh"}
    with context.sessions() as session, session.begin():
        written = inbox.label(
            session, keys["open"], "ask_store_info", "wen u guys open tmr", "Ada", context.now(),
            data_dir=tmp_path / "nlu", domain_path=tmp_path / "domain.yml", held_out=None,
        )  # fmt: skip
        assert inbox.dismiss(session, keys["junk"], "Ada", context.now()) == 1
    assert written.added and ("wen u guys open tmr", "ask_store_info") in examples_in(tmp_path / "nlu")
    with context.sessions() as session:
        assert inbox.open_groups(session) == []
        assert {m.status for m in session.query(InboxMessage).all()} == {"labelled", "dismissed"}
        with pytest.raises(BadLabel, match="labelled or dismissed already"):
            inbox.dismiss(session, keys["junk"], "Ada", context.now())
