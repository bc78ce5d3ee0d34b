"""The complaint form listens: the story fills what it says, an answer may carry several fields, the category is
confirmed with one yes/no, "the full price" is the price paid, no question is asked a third time, and bye keeps
the draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint_questions import ActionAskComplaintCategory, ActionAskIncidentDate, ActionAskIncidentPlace
from actions.complaints import ActionPauseForm, ValidateComplaintForm
from bot.context import Context
from tests.actions.chat import DOMAIN, shop, tracker

AGREED = {"privacy_consent": "accepted", "complaint_intake_key": "k"}


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


async def validate(text: str, intent: str, slots: dict[str, Any], requested: str | None,
                   language: str = "en") -> tuple[dict[str, Any], list[str]]:  # fmt: skip
    """Run the form's validation on ``text``; the slots it sets and what it said."""
    dispatcher = CollectingDispatcher()
    filled = {**slots, requested: text} if requested else slots
    events = await ValidateComplaintForm().run(
        dispatcher,
        tracker(text, intent, filled, requested=requested, loop="complaint_form", language=language),
        DOMAIN,
    )
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, [m["text"] for m in dispatcher.messages]


def last_saturday(ctx: Context) -> dt.date:
    """The latest Saturday before today."""
    today = ctx.today()
    return today - dt.timedelta(days=(today.weekday() - 5) % 7 or 7)


def saturday_of_last_week(ctx: Context) -> dt.date:
    """上個禮拜六: the Saturday of the week (Monday to Sunday) before this one."""
    today = ctx.today()
    return today - dt.timedelta(days=today.weekday() + 2)


async def test_the_first_message_fills_what_it_says(ctx: Context) -> None:
    story = (
        "The diamond ring I bought last Saturday in Central has a GIA certificate that does not match the stone. "
        "I want compensation of HK$5000"
    )
    slots, said = await validate(story, "make_complaint", {}, None)
    assert {k: slots.get(k) for k in ("product", "incident_date", "incident_place", "desired_outcome",
                                      "claim_amount", "category_guess")} == {
        "product": "diamond ring",
        "incident_date": last_saturday(ctx).isoformat(),
        "incident_place": "central",
        "desired_outcome": "compensation",
        "claim_amount": "5000",
        "category_guess": "product",
    }  # fmt: skip
    assert slots["description"] == story and slots["requested_slot"] == "privacy_consent"
    assert said == []


async def test_an_answer_carries_several_fields_and_a_place_not_ours_is_told(ctx: Context) -> None:
    slots, said = await validate("last saturday at the causeway bay branch", "inform", AGREED, "incident_date")
    assert slots["incident_date"] == saturday_of_last_week(ctx).isoformat()
    assert slots["place_not_ours"] == "Causeway Bay" and "incident_place" not in slots
    asked = CollectingDispatcher()
    events = await ActionAskIncidentPlace().run(
        asked, tracker("", "inform", {"place_not_ours": "Causeway Bay"}, language="en"), DOMAIN
    )
    text = asked.messages[0]["text"]
    assert text.startswith("We don't have a shop in Causeway Bay. Where did it happen") and "Mong Kok" in text
    assert events == [SlotSet("place_not_ours", None)]  # said once


async def test_the_category_is_confirmed_with_one_yes(ctx: Context) -> None:
    asked = CollectingDispatcher()
    await ActionAskComplaintCategory().run(asked, tracker("", "inform", {"category_guess": "product"},
                                                         language="en"), DOMAIN)  # fmt: skip
    assert asked.messages[0]["text"] == "It sounds like a complaint about product quality or defect. Is that right?"
    assert [b["title"] for b in asked.messages[0]["buttons"]][:2] == ["Yes", "Staff service"]
    guessed = {**AGREED, "category_guess": "product"}
    slots, said = await validate("yes that's correct", "affirm", guessed, "complaint_category")
    assert (slots["complaint_category"], slots["category_guess"], said) == ("product", None, [])
    slots, said = await validate("no, it's about the delivery", "deny", guessed, "complaint_category")
    assert (slots["complaint_category"], slots["category_guess"]) == ("delivery", None)
    slots, said = await validate("no", "deny", guessed, "complaint_category")
    assert (slots["complaint_category"], slots["category_guess"], said) == (None, None, [])  # the list comes next


async def test_the_full_price_of_a_known_order_is_its_total(ctx: Context) -> None:
    online = {**AGREED, "incident_place": "online", "order_number": "10023", "desired_outcome": "refund"}
    slots, said = await validate("the full price", "inform", online, "claim_amount")
    assert (slots["claim_amount"], said) == ("3980", [])
    unknown = {**AGREED, "incident_place": "central", "product": "a ring", "desired_outcome": "refund"}
    slots, said = await validate("the full price", "inform", unknown, "claim_amount")
    assert slots["claim_amount"] is None and said == ["I can't find what you paid. How much was it, in Hong Kong "
                                                      "dollars (for example HK$1,200)?"]  # fmt: skip


async def test_the_name_and_the_contact_in_one_answer(ctx: Context) -> None:
    slots, said = await validate("Amy Wong, 9123 4567", "inform", AGREED, "customer_name")
    assert (slots["customer_name"], slots["contact"], said) == ("Amy Wong", "91234567", [])


async def test_no_question_is_asked_a_third_time(ctx: Context) -> None:
    first, said = await validate("dunno", "inform", AGREED, "incident_date")
    assert first["misunderstood"] == "incident_date:1" and said and said[0].startswith("When did it happen?")
    second, said = await validate("dunno", "inform", {**AGREED, **first}, "incident_date")
    assert second["misunderstood"] == "incident_date:2" and said == []  # no hint: the question changes instead
    asked = CollectingDispatcher()
    await ActionAskIncidentDate().run(asked, tracker("dunno", "inform", {**AGREED, **second}, language="en"), DOMAIN)
    [offer] = asked.messages
    assert "When did it happen" not in (offer["text"] or "") and "staff" in offer["text"]
    assert [b["title"] for b in offer["buttons"]] == ["Talk to a person", "Stop for now"]
    choices = CollectingDispatcher()
    await ActionAskComplaintCategory().run(
        choices, tracker("?", "inform", {"misunderstood": "complaint_category:2"}, language="en"), DOMAIN
    )
    assert choices.messages[0]["buttons"][-1]["title"] == "Talk to a person"  # buttons, and a person
    understood, _ = await validate("yesterday", "inform", {**AGREED, **second}, "incident_date")
    assert understood["misunderstood"] is None


async def test_bye_keeps_the_draft_and_submits_nothing(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    draft = {**AGREED, "customer_name": "Amy Wong", "product": "a ring"}
    events = await ActionPauseForm().run(
        dispatcher, tracker("bye", "goodbye", draft, loop="complaint_form", language="en"), DOMAIN
    )
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("misunderstood", None)]
    assert "Nothing has been sent" in dispatcher.messages[0]["text"]
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Continue my complaint", "Cancel"]
    resumed, said = await validate("continue my complaint", "make_complaint", draft, None)
    assert "customer_name" not in resumed or resumed["customer_name"] == "Amy Wong"  # the draft is kept as it was
    assert resumed["requested_slot"] == "contact" and said == []


async def test_a_chinese_story(ctx: Context) -> None:
    slots, _ = await validate("上個禮拜六喺旺角買嘅18K金手鏈條扣甩咗，我想換過條新嘅", "make_complaint", {}, None, "zh")
    assert (slots["product"], slots["incident_place"], slots["desired_outcome"], slots["category_guess"]) == (
        "18K金手鏈",
        "mong_kok",
        "replacement",
        "product",
    )
    assert slots["incident_date"] == saturday_of_last_week(ctx).isoformat()
