"""Reading the customer's answers to the complaint form."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases import intake
from bot.cases.references import find_reference, new_reference
from bot.cases.yes_no import parse_yes_no
from bot.errors import InvalidAnswer
from bot.shop.policy import Policy

TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chan Tai Man", "Chan Tai Man"),
        ("my name is amy wong", "Amy Wong"),
        ("I'm O'Neil-Lee", "O'Neil-Lee"),
        ("陳大文", "陳大文"),
        ("  Ho   Ka Yan. ", "Ho Ka Yan"),
    ],
)
def test_names(text: str, expected: str) -> None:
    assert intake.parse_name(text) == expected


@pytest.mark.parametrize(
    "text", ["", "x", "12345678", "<script>alert(1)</script>", "Robert'); DROP TABLE cases;--", "a" * 90]
)
def test_bad_names_get_a_hint(text: str) -> None:
    with pytest.raises(InvalidAnswer, match="name"):
        intake.parse_name(text)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("91234567", "phone", "91234567"),
        ("+852 6123 4567", "phone", "61234567"),
        ("9123-4567", "phone", "91234567"),
        ("my phone is 5123 4567", "phone", "51234567"),
        ("Amy.Lee@Example.com.hk", "email", "amy.lee@example.com.hk"),
        ("email me at chan.tm@gmail.com please", "email", "chan.tm@gmail.com"),
    ],
)
def test_contacts(text: str, kind: str, value: str) -> None:
    assert intake.parse_contact(text) == intake.Contact(kind, value)


@pytest.mark.parametrize("text", ["1234", "12345678", "4123 4567", "+1 415 555 0100", "amy@", "call me"])
def test_bad_contacts_get_a_hint(text: str) -> None:
    with pytest.raises(InvalidAnswer, match="Hong Kong phone number"):
        intake.parse_contact(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("yesterday", dt.date(2026, 11, 21)),
        ("the day before yesterday", dt.date(2026, 11, 20)),
        ("3 days ago", dt.date(2026, 11, 19)),
        ("a week ago", dt.date(2026, 11, 15)),
        ("last Saturday", dt.date(2026, 11, 21)),
        ("on Sunday", dt.date(2026, 11, 15)),
        ("20/11", dt.date(2026, 11, 20)),
        ("5/12/2025", dt.date(2025, 12, 5)),
        ("2026-11-01", dt.date(2026, 11, 1)),
        ("3 Nov", dt.date(2026, 11, 3)),
        ("on the 5th of November", dt.date(2026, 11, 5)),
        ("Dec 30", dt.date(2025, 12, 30)),
    ],
)
def test_dates(text: str, expected: dt.date) -> None:
    assert intake.parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("tomorrow", "When did it happen"),
        ("2026-12-01", "future"),
        ("31/02", "When did it happen"),
        ("2020-01-01", "two years"),
    ],
)
def test_bad_dates_get_a_hint(text: str, hint: str) -> None:
    with pytest.raises(InvalidAnswer, match=hint):
        intake.parse_date(text, TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mong Kok", "mong_kok"),
        ("the TST shop", "tsim_sha_tsui"),
        ("at New Town Plaza", "sha_tin"),
        ("中環", "central"),
        ("I ordered online", "online"),
        ("on your website", "online"),
    ],
)
def test_places(policy: Policy, text: str, expected: str) -> None:
    assert intake.parse_place(text, policy) == expected


def test_an_unknown_place_lists_the_branches(policy: Policy) -> None:
    with pytest.raises(InvalidAnswer, match="Central, Tsim Sha Tsui, Mong Kok, Sha Tin"):
        intake.parse_place("Causeway Bay", policy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("HK$1,200", 1200), ("$800", 800), ("3k", 3000), ("1500 dollars", 1500), ("hkd 99.6", 100), ("2,500", 2500)],
)
def test_amounts(text: str, expected: int) -> None:
    assert intake.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["a lot", "0", "HK$0", "99999999999"])
def test_bad_amounts_get_a_hint(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        intake.parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("refund", "refund"),
        ("I want my money back", "refund"),
        ("just an apology", "apology"),
        ("exchange it for a new one", "replacement"),
        ("please fix it", "repair"),
        ("some compensation", "compensation"),
    ],
)
def test_outcomes(text: str, expected: str) -> None:
    assert intake.parse_outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Product quality or defect", "product"),
        ("the staff were rude", "service"),
        ("I was overcharged", "price"),
        ("delivery", "delivery"),
        ("double charged on my card", "payment"),
        ("privacy", "privacy"),
    ],
)
def test_categories(policy: Policy, text: str, expected: str) -> None:
    assert intake.parse_category(text, policy) == expected


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I want to change my phone number", "contact"),
        ("wrong email", "contact"),
        ("the date is wrong", "incident_date"),
        ("fix my name", "customer_name"),
        ("change the amount", "claim_amount"),
        ("it was a different branch", "incident_place"),
        ("hello", None),
    ],
)
def test_which_field_a_correction_names(text: str, field: str | None) -> None:
    assert intake.field_named(text) == field


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("yes, I agree", None, True),
        ("ok", None, True),
        ("no thanks", None, False),
        ("whatever", "affirm", True),
        ("I don't agree", None, False),
    ],
)
def test_yes_or_no(text: str, intent: str | None, expected: bool) -> None:
    assert parse_yes_no(text, intent) is expected


def test_references_are_readable_unguessable_and_found_in_sloppy_typing() -> None:
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    sample = references.pop()
    assert len(sample) == 12 and sample.startswith("CS-") and sample[7] == "-"
    assert not set(sample[3:].replace("-", "")) & set("ILOU")
    assert find_reference(f"any news on {sample.lower()} ?") == sample
    assert find_reference("case cs 7q4k 92xd") == "CS-7Q4K-92XD"
    assert find_reference("CS-7Q4K-92XO") == "CS-7Q4K-92X0"
    assert find_reference("my order 10023") is None


def test_control_characters_and_floods_are_cleaned() -> None:
    assert intake.clean_text("a\x00b\u202ec\n\nd") == "a b c d"
    assert len(intake.clean_text("x" * 5000)) == intake.MAX_DESCRIPTION


@pytest.mark.parametrize(
    "text",
    ["it happened at your shop near my home", "so disappointing", "at the MTR station"],
)
def test_words_inside_other_words_do_not_make_a_place(policy: Policy, text: str) -> None:
    with pytest.raises(InvalidAnswer, match="at one of our shops"):
        intake.parse_place(text, policy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes, why not", True), ("sure, not a problem", True), ("好，唔該", True), ("of course", True),
     ("no, I do not agree", False), ("nope", False)],
)  # fmt: skip
def test_yes_or_no_goes_by_the_first_word_that_says_either(text: str, expected: bool) -> None:
    assert parse_yes_no(text, None) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("order 10023, I want HK$800 back", 800), ("HK$1.2 million", 1_200_000), ("about 5k", 5000)],
)
def test_the_amount_is_the_one_marked_as_money(text: str, expected: int) -> None:
    assert intake.parse_amount(text) == expected


def test_several_bare_numbers_are_asked_again() -> None:
    with pytest.raises(InvalidAnswer, match="How much"):
        intake.parse_amount("2 rings, 3000")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("I don't want a refund, just an apology", "apology"), ("I'd recommend an apology", "apology"),
     ("no refund needed but compensation", "compensation")],
)  # fmt: skip
def test_outcomes_respect_negation_and_whole_words(text: str, expected: str) -> None:
    assert intake.parse_outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "field"),
    [("I want to change a detail", None), ("the summary looks good", None), ("tell them", None),
     ("change the amount", "claim_amount")],
)  # fmt: skip
def test_corrections_name_fields_by_whole_words(text: str, field: str | None) -> None:
    assert intake.field_named(text) == field


def test_huge_day_counts_and_times_before_dates_are_handled() -> None:
    assert intake.parse_date("at 3.30 on 20 Nov", TODAY) == dt.date(2026, 11, 20)
    with pytest.raises(InvalidAnswer, match="two years"):
        intake.parse_date("9999 days ago", TODAY)
    with pytest.raises(InvalidAnswer):
        intake.parse_date("1000000 days ago", TODAY)
