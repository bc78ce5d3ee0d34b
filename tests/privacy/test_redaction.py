"""Redaction: personal data typed by customers never reaches the NLU inbox; the shop's own contacts stay."""

from __future__ import annotations

import pytest

from bot.privacy.redaction import has_placeholder, redact
from bot.shop.policy import Policy


@pytest.mark.parametrize(
    ("said", "kept", "removed"),
    [
        ("call me on 9123 4567 please", "call me on [PHONE] please", "9123"),
        ("my number is +852 6123-4567", "my number is [PHONE]", "6123"),
        ("email chan.taiman@example.com.hk about it", "email [EMAIL] about it", "chan.taiman"),
        ("HKID A123456(7) for the invoice", "HKID [HKID] for the invoice", "A123456"),
        ("card 4111 1111 1111 1111 was charged twice", "card [CARD] was charged twice", "4111"),
        ("deliver to Flat 12B, 3/F, 88 Nathan Road please", None, "Nathan"),
        ("my name is Chan Tai Man and my ring broke", "my name is [NAME] and my ring broke", "Tai Man"),
        ("我叫陳大文", "我叫[NAME]", "陳大文"),
    ],
)
def test_personal_data_is_replaced_by_a_placeholder(said: str, kept: str | None, removed: str) -> None:
    redacted = redact(said)
    assert removed not in redacted
    assert has_placeholder(redacted)
    if kept is not None:
        assert redacted == kept


def test_values_typed_into_forms_are_removed_wherever_they_appear() -> None:
    assert redact("is WONG Siu Ming's watch ready", known=["Wong Siu Ming"]) == "is [NAME]'s watch ready"


@pytest.mark.parametrize(
    "said",
    ["what time do you open on sunday", "where is order 10023", "repair R-2031 status", "how much is 18k gold",
     "do you have a 2 year warranty", "this is broken"],
)  # fmt: skip
def test_ordinary_questions_are_left_as_they_are(said: str) -> None:
    assert redact(said) == said


@pytest.mark.parametrize(
    "said",
    ["Our hotline is +852 2888 1234, or call us on 2888 1234.", "Write to care@goldenharbour.example.hk",
     "Central: G/F, 68 Queen's Road Central, Central, Hong Kong (+852 2888 1101)",
     "we are at 68 Queen's Road Central", "Tsim Sha Tsui: Shop 112, 1/F, 17 Canton Road, Tsim Sha Tsui, Kowloon",
     "Sha Tin: Shop 305, Level 3, New Town Plaza Phase I, Sha Tin"],
)  # fmt: skip
def test_the_shops_own_addresses_phones_and_email_stay_readable(said: str, policy: Policy) -> None:
    assert redact(said, shop=policy.own_contacts) == said


@pytest.mark.parametrize(
    ("said", "redacted"),
    [("call me on 9123 4567, not 2888 1234", "call me on [PHONE], not 2888 1234"),
     ("I live at 70 Queen's Road Central", "I live at [ADDRESS] Central"),
     ("I live at 8 Queen's Road Central", "I live at [ADDRESS] Central"),  # a part of the shop's 68, not it
     ("send it to 88 Nathan Road", "send it to [ADDRESS]"),
     ("deliver to Block 2, 17 Canton Road", "deliver to [ADDRESS]"),
     ("Flat 3, New Town Plaza", "Flat [ADDRESS]"),
     ("my name is Chan Tai Man, chan@example.com", "my name is [NAME], [EMAIL]"),
     ("is Wong Siu Ming's watch at 688 Nathan Road yet", "is [NAME]'s watch at 688 Nathan Road yet")],
)  # fmt: skip
def test_the_customers_own_data_is_still_taken_out_beside_the_shops(said: str, redacted: str, policy: Policy) -> None:
    assert redact(said, known=["Wong Siu Ming"], shop=policy.own_contacts) == redacted
