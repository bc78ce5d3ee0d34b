"""Property-based tests (hypothesis) of the redaction and the validators customers' and admins' input meets."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cases.intake import clean_text, parse_amount, parse_contact, parse_date, parse_name
from bot.cases.ratings import SKIP, parse_rating
from bot.errors import BadLabel, InvalidAnswer
from bot.privacy.redaction import redact
from bot.shop.policy import Policy
from bot.training.labelled_data import clean_example, fold

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
words = st.lists(st.sampled_from(["my", "ring", "is", "broken", "call", "me", "at", "please", "the", "watch", "金",
                                  "錶", "ok", "thanks", "on", "or"]), max_size=6).map(" ".join)  # fmt: skip
phones = st.builds(lambda prefix, first, rest, sep: f"{prefix}{first}{rest[:3]}{sep}{rest[3:]}",
                   st.sampled_from(["", "+852 ", "852-", "+852"]), st.sampled_from("2345679"),
                   st.text("0123456789", min_size=7, max_size=7), st.sampled_from(["", " ", "-"]))  # fmt: skip
emails = st.builds(lambda user, host, tld: f"{user}@{host}.{tld}",
                   st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,15}", fullmatch=True),
                   st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
                   st.sampled_from(["com", "com.hk", "hk"]))  # fmt: skip
hkids = st.builds(lambda letters, digits, check, brackets: f"{letters}{digits}" + (f"({check})" if brackets else check),
                  st.from_regex(r"[A-Z]{1,2}", fullmatch=True), st.text("0123456789", min_size=6, max_size=6),
                  st.sampled_from("0123456789A"), st.booleans())  # fmt: skip
cards = st.builds(lambda groups: " ".join(groups), st.lists(st.text("0123456789", min_size=4, max_size=4),
                                                             min_size=4, max_size=4))  # fmt: skip

chinese = st.lists(st.sampled_from("我 電話 係 打 搵 唔該 身份證 號碼 張卡 電郵 嘅 ， ： 黃金 check 下 呀".split()),
                   max_size=5).map("".join)  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789()+- ", "０１２３４５６７８９（）＋－\u3000")
hk_phones = st.builds(lambda prefix, first, rest, sep: f"{prefix}{first}{rest[:3]}{sep}{rest[3:]}",
                      st.sampled_from(["", "+852 ", "+852", "(852) ", "852-"]), st.sampled_from("2345679"),
                      st.text("0123456789", min_size=7, max_size=7), st.sampled_from(["", " ", "-"]))  # fmt: skip


def digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


@FAST
@given(before=words, after=words, phone=phones)
def test_a_hong_kong_phone_number_never_survives_redaction(before: str, after: str, phone: str) -> None:
    redacted = redact(f"{before} {phone} {after}")
    assert digits(phone)[-8:] not in digits(redacted)


@FAST
@given(before=words, after=words, phone=phones)
def test_a_customers_phone_never_survives_beside_the_shops_own(before: str, after: str, phone: str,
                                                              policy: Policy) -> None:  # fmt: skip
    shop = {digits(p)[-8:] for p in policy.own_contacts if len(digits(p)) >= 8}  # the hotline and branch phones
    redacted = redact(f"{before} {phone} {after}", shop=policy.own_contacts)
    assert (digits(phone)[-8:] in digits(redacted)) == (digits(phone)[-8:] in shop)


@FAST
@given(before=chinese, after=chinese, phone=hk_phones, full_width=st.booleans())
def test_a_phone_number_inside_chinese_text_never_survives(before: str, after: str, phone: str,
                                                           full_width: bool) -> None:  # fmt: skip
    phone = phone.translate(FULL_WIDTH) if full_width else phone
    assert digits(phone)[-8:] not in digits(redact(f"{before}{phone}{after}"))


@FAST
@given(before=chinese, after=chinese, hkid=hkids, email=emails, card=cards, full_width=st.booleans())
def test_identity_cards_emails_and_cards_inside_chinese_text_never_survive(
    before: str, after: str, hkid: str, email: str, card: str, full_width: bool
) -> None:
    hkid, card = (hkid.translate(FULL_WIDTH), card.translate(FULL_WIDTH)) if full_width else (hkid, card)
    assert digits(hkid)[:6] not in digits(redact(f"{before}{hkid}{after}"))
    assert email not in redact(f"{before}{email}{after}")
    assert digits(card) not in digits(redact(f"{before}{card}{after}"))


@FAST
@given(
    st.text(alphabet=st.sampled_from(list("陳李黃何生太小姐先我叫係姓本人金時周末想問 ９１２３（７）A")), max_size=40)
)
def test_redaction_of_chinese_text_is_stable(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


@FAST
@given(before=words, after=words, email=emails)
def test_an_email_address_never_survives_redaction(before: str, after: str, email: str) -> None:
    assert email not in redact(f"{before} {email} {after}")


@FAST
@given(before=words, hkid=hkids)
def test_an_identity_card_number_never_survives_redaction(before: str, hkid: str) -> None:
    assert digits(hkid)[:6] not in digits(redact(f"{before} {hkid}"))


@FAST
@given(before=words, card=cards)
def test_a_card_number_never_survives_redaction(before: str, card: str) -> None:
    assert digits(card) not in digits(redact(f"{before} {card} thanks"))


@FAST
@given(st.text(max_size=300))
def test_redaction_takes_any_text_and_is_stable(text: str) -> None:
    once = redact(text)
    assert isinstance(once, str) and redact(once) == once


@FAST
@given(st.text(max_size=300))
def test_an_example_is_either_clean_or_refused_with_a_reason(text: str) -> None:
    try:
        example = clean_example(text)
    except BadLabel as exc:
        assert str(exc)
        return
    assert 0 < len(example) <= 200 and example == example.strip() and not example.startswith("/")
    assert not re.search(r"[\x00-\x1f\x7f]", example) and fold(fold(example)) == fold(example)


@FAST
@given(st.text(max_size=300))
def test_customer_answers_are_parsed_or_refused_with_a_hint_never_crash(text: str) -> None:
    for parse in (parse_name, parse_contact, parse_amount, parse_rating,
                  lambda t: parse_date(t, dt.date(2026, 11, 22))):  # fmt: skip
        try:
            value = parse(text)
        except InvalidAnswer as exc:
            assert exc.hint
            continue
        assert value is not None
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip() and "  " not in cleaned


@FAST
@given(st.integers(min_value=1, max_value=10_000_000))
def test_an_amount_written_with_a_dollar_sign_is_read_back(amount: int) -> None:
    assert parse_amount(f"HK${amount:,}") == amount


@pytest.mark.parametrize("score", range(1, 6))
def test_a_score_is_read_in_words_and_numbers(score: int) -> None:
    assert parse_rating(str(score)) == str(score) and parse_rating("skip") == SKIP
