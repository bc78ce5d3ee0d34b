"""Reading what a customer's story already says, so the complaint form asks only for the rest."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases import complaint_form
from bot.cases.intake import parse_name, without_contact
from bot.cases.story import Story, read_story, sounds_like_complaint, wants_full_price
from bot.shop.policy import Policy

TODAY = dt.date(2026, 12, 3)  # a Thursday; last Saturday was 28 November


def test_the_issue_stories_fill_what_they_say(policy: Policy) -> None:
    clasp = read_story("The clasp of my 18K gold bracelet broke after one week", policy, TODAY)
    assert clasp.fields == {
        "product": "18K gold bracelet",
        "description": "The clasp of my 18K gold bracelet broke after one week",
    }
    assert clasp.category == "product"

    ring = read_story(
        "The diamond ring I bought on 3 November in Central has a GIA certificate that does not match the stone. "
        "I want compensation of HK$5000",
        policy,
        TODAY,
    )
    assert {k: v for k, v in ring.fields.items() if k != "description"} == {
        "product": "diamond ring",
        "incident_date": "2026-11-03",
        "incident_place": "central",
        "desired_outcome": "compensation",
        "claim_amount": "5000",
    }
    assert ring.category == "product"

    omega = read_story(
        "I ordered an Omega Seamaster online, order 10023, and it arrived with a scratched glass. I want my money back",
        policy,
        TODAY,
    )
    assert omega.fields["product"] == "Omega Seamaster"
    assert (omega.fields["incident_place"], omega.fields["order_number"]) == ("online", "10023")
    assert omega.fields["desired_outcome"] == "refund" and "claim_amount" not in omega.fields


def test_a_place_that_is_not_a_branch_is_named_not_taken(policy: Policy) -> None:
    story = read_story("last saturday at the causeway bay branch", policy, TODAY)
    assert story.fields == {"incident_date": "2026-11-28"}
    assert story.place_not_ours == "Causeway Bay"
    assert read_story("it happened at the Sai Kung shop", policy, TODAY).place_not_ours == "Sai Kung"
    assert read_story("我喺銅鑼灣分店買嘅錶停咗", policy, TODAY).place_not_ours == "銅鑼灣"
    assert read_story("at the Mong Kok branch", policy, TODAY).fields == {"incident_place": "mong_kok"}


def test_a_chinese_story(policy: Policy) -> None:
    story = read_story("上個禮拜六喺旺角買嘅18K金手鏈條扣甩咗，我想換過條新嘅", policy, TODAY)
    assert story.fields["product"] == "18K金手鏈"
    assert story.fields["incident_date"] == "2026-11-28"
    assert story.fields["incident_place"] == "mong_kok"
    assert story.fields["desired_outcome"] == "replacement"
    assert story.category == "product"


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("the staff at TST were so rude to me yesterday, i want an apology", "apology"),
        ("my parcel never arrived, pls refund me", "refund"),
        ("I don't want a refund, just an apology", "apology"),
        ("我要退款", "refund"),
    ],
)
def test_the_remedy_is_read_after_a_wish(policy: Policy, text: str, outcome: str) -> None:
    assert read_story(text, policy, TODAY).fields["desired_outcome"] == outcome


def test_a_remedy_word_without_a_wish_is_no_remedy(policy: Policy) -> None:
    assert "desired_outcome" not in read_story("the repair took a month and it broke again", policy, TODAY).fields


def test_numbers_are_not_mistaken(policy: Policy) -> None:
    story = read_story("order 10023 arrived broken, I want HK$800 back as compensation", policy, TODAY)
    assert (story.fields["order_number"], story.fields["claim_amount"]) == ("10023", "800")
    assert "order_number" not in read_story("I paid 15000 for it and it broke", policy, TODAY).fields
    assert "claim_amount" not in read_story("it broke on 3 November, I want a refund", policy, TODAY).fields


def test_the_full_price(policy: Policy) -> None:
    assert read_story("my parcel from order #10045 never arrived, pls refund the full price", policy, TODAY).full_price
    assert wants_full_price("the full price") and wants_full_price("全數退返")
    assert not wants_full_price("HK$300")


@pytest.mark.parametrize(
    "text",
    [
        "The diamond ring has a GIA certificate that does not match the stone. I want compensation",
        "it arrived with a scratched glass. I want my money back",
        "張證書同粒鑽唔對，我要賠償",
    ],
)
def test_something_wrong_with_a_wish_is_a_complaint(text: str) -> None:
    assert sounds_like_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "how long is the warranty on a Seiko?",
        "can I get a refund if I change my mind?",
        "my watch stopped",
        "換電池幾錢",
    ],
)
def test_a_question_or_a_problem_alone_is_not(text: str) -> None:
    assert not sounds_like_complaint(text)


def test_only_empty_fields_other_than_the_one_asked_are_filled(policy: Policy) -> None:
    story = Story({"product": "ring", "incident_date": "2026-11-28"}, category="product", place_not_ours="Jordan")
    answers = {"product": "my watch", "complaint_category": None, "incident_place": None}
    assert complaint_form.heard(story, answers, requested="incident_date") == {
        "category_guess": "product",
        "place_not_ours": "Jordan",
    }
    assert complaint_form.heard(story, {"complaint_category": "service"}, requested=None) == {
        "product": "ring",
        "incident_date": "2026-11-28",
        "place_not_ours": "Jordan",
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Amy Wong, 9123 4567", "Amy Wong"),
        ("Amy Wong and my number is 91234567", "Amy Wong"),
        ("陳大文，電話係91234567", "陳大文"),
        ("Tom Lee, email tom@example.com", "Tom Lee"),
    ],
)
def test_a_name_given_with_the_contact(text: str, name: str) -> None:
    assert parse_name(without_contact(text)) == name
