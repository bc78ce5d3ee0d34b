"""What counts as a proof of a phone or email, and the look-up limits, without the chat around them."""

from __future__ import annotations

import pytest

from bot.privacy.lookups import looks_like_proof, proves


@pytest.mark.parametrize(
    ("text", "proof"),
    [("5432", True), ("it's 5432", True), ("the last 4 are 5432, thanks", True), ("9876 5432", True),
     ("+852 9876-5432", True), ("amy@example.com", True), ("what about repair R-2052?", False),
     ("where is refund RF-5001", False), ("cancel order 10031", False), ("order 10023 and 5432", False),
     ("543", False), ("hello", False), ("5432 " * 30, False)],
)  # fmt: skip
def test_a_proof_is_4_or_8_digits_or_an_email_and_nothing_that_names_a_number(text: str, proof: bool) -> None:
    assert looks_like_proof(text) is proof


def test_the_last_4_digits_prove_a_phone_unless_the_whole_number_is_asked_for() -> None:
    assert proves("98765432", "the last 4 are 5432") and proves("98765432", "+852 9876 5432")
    assert not proves("98765432", "5431") and not proves("98765432", "8765432")
    assert not proves("98765432", "5432", whole=True) and proves("98765432", "9876 5432", whole=True)
    assert proves("amy.lee@example.com", "it's Amy.Lee@example.com.") and not proves("amy.lee@example.com", "5432")
    assert not proves(None, "5432") and not proves("", "5432")  # an unknown number proves nothing
