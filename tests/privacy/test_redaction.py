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


@pytest.mark.parametrize(
    ("said", "redacted"),
    [
        ("我電話係91234567", "我電話係[PHONE]"),
        ("打9123 4567搵我唔該", "打[PHONE]搵我唔該"),
        ("電話：+852 9123 4567", "電話：[PHONE]"),
        ("+85291234567係我手機", "[PHONE]係我手機"),
        ("(852) 9123-4567", "[PHONE]"),
        ("打 ９１２３４５６７ 搵我", "打 [PHONE] 搵我"),
        ("＋８５２ ６１２３ ４５６７", "[PHONE]"),
        ("身份證A123456(7)", "身份證[HKID]"),
        ("身份證號碼A1234567，唔該", "身份證號碼[HKID]，唔該"),
        ("AB123456(A)係我嘅", "[HKID]係我嘅"),
        ("身份證Ａ１２３４５６（７）", "身份證[HKID]"),
        ("我嘅電郵係amy@example.com唔該", "我嘅電郵係[EMAIL]唔該"),
        ("張卡4111 1111 1111 1111扣咗兩次", "張卡[CARD]扣咗兩次"),
        ("我叫陳大文", "我叫[NAME]"),
        ("我係陳小姐，想問下條鏈", "我係[NAME]，想問下條鏈"),
        ("本人李志明，想查詢訂單", "本人[NAME]，想查詢訂單"),
        ("我姓陳", "我姓[NAME]"),
        ("陳生你好", "[NAME]你好"),
        ("黃太話條鏈斷咗", "[NAME]話條鏈斷咗"),
        ("何小姐話唔得", "[NAME]話唔得"),
        ("搵陳先生", "搵[NAME]"),
        ("司徒女士嘅錶", "[NAME]嘅錶"),
        ("陳sir 幾時得閒", "[NAME] 幾時得閒"),
        ("我叫陈大文", "我叫[NAME]"),
        ("my name is 陳大文", "my name is [NAME]"),
        ("我叫Amy Chan想問", "我叫[NAME]想問"),
        ("我住彌敦道700號3樓B室", "我住彌敦道[ADDRESS]"),
        ("送去A座12樓", "送去[ADDRESS]"),
    ],
)
def test_personal_data_in_chinese_and_mixed_text_is_replaced(said: str, redacted: str) -> None:
    assert redact(said) == redacted


@pytest.mark.parametrize(
    "said",
    [
        "我係想問",
        "我叫咗外賣",
        "我係會員",
        "黃金幾錢一両",
        "何時開門",
        "林林總總咁多款",
        "馬上要",
        "張單唔見咗",
        "葉子吊墜",
        "周末開唔開",
        "王牌產品",
        "或許太貴",
        "呢個地方太細",
        "你哋同周生生有咩分別",
        "我係周大福買嘅",
        "多謝太太",
        "我係陳列櫃見到",
        "我係何時買嘅都唔記得",
        "鍾意條鏈",
        "水溫太高",
        "我係Seiko用家",
        "我知道3號放假",
        "訂單10023幾時到",
        "18K金戒指幾錢",
        "換Seiko電池幾錢？",
        "我係周四買嘅",
    ],
)
def test_chinese_words_that_begin_with_a_surname_are_not_names(said: str) -> None:
    assert redact(said) == said


def test_a_chinese_name_given_in_a_form_is_removed_wherever_it_appears() -> None:
    known = ["陳大文"]
    assert redact("陳大文嘅錶，大文話好靚", known=known) == "[NAME]嘅錶，[NAME]話好靚"
    assert redact("陳 大文嘅錶", known=known) == "[NAME]嘅錶"
    assert redact("陈大文嘅錶", known=known) == "[NAME]嘅錶"  # typed in Simplified, given in the form as Traditional


@pytest.mark.parametrize(
    "said",
    [
        "九龍旺角彌敦道688號地下",
        "你哋彌敦道688號間舖幾點開",
        "九龍尖沙咀廣東道17號1樓112號舖",
        "新界沙田新城市廣場一期3樓305號舖",
        "香港中環皇后大道中68號地下",
        "熱線2888 1234",
        "電郵care@goldenharbour.example.hk",
    ],
)
def test_the_shops_own_chinese_addresses_stay_readable(said: str, policy: Policy) -> None:
    assert redact(said, shop=policy.own_contacts) == said


def test_a_customers_flat_at_the_shops_chinese_address_is_still_taken_out(policy: Policy) -> None:
    assert redact("送去彌敦道688號3樓B室", shop=policy.own_contacts) == "送去彌敦道[ADDRESS]"
    assert redact("我住彌敦道68號", shop=policy.own_contacts) == "我住彌敦道[ADDRESS]"  # not the shop's 688
