"""Reading the complaint form's answers written in Chinese, and its hints said in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from bot.cases import intake
from bot.cases.amounts import chinese_number
from bot.cases.yes_no import parse_yes_no
from bot.errors import InvalidAnswer
from bot.shop.policy import Policy

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def assert_chinese(text: str) -> None:
    """Chinese, with no English sentence in it (a reference, an amount or an example number may stay)."""
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert not re.search(r"[A-Za-z]{2,}[\s,.']+[A-Za-z]{2,}", text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("陳大文", "陳大文"), ("我叫陳大文", "陳大文"), ("陳小姐", "陳小姐"), ("我係陳大文呀", "陳大文"),
     ("姓名:黃美玲", "黃美玲"), ("本人李家明。", "李家明"), ("Chan 大文", "Chan 大文"),
     ("陳大文, 唔該", "陳大文"), ("my name is amy wong, thanks", "Amy Wong")],
)  # fmt: skip
def test_chinese_names(text: str, expected: str) -> None:
    assert intake.parse_name(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [("9123 4567", "phone", "91234567"), ("+852 9123-4567", "phone", "91234567"),
     ("我電話係 6123 4567", "phone", "61234567"), ("電話:51234567，唔該", "phone", "51234567"),
     ("我電郵係amy.lee@example.com.hk", "email", "amy.lee@example.com.hk"),
     ("電郵：chan.tm@gmail.com 呀", "email", "chan.tm@gmail.com")],
)  # fmt: skip
def test_chinese_contacts(text: str, kind: str, value: str) -> None:
    assert intake.parse_contact(text) == intake.Contact(kind, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("貨品質素或瑕疵", "product"), ("條頸鏈買咗兩日就斷咗", "product"), ("個店員態度好差", "service"),
     ("收多咗我錢", "price"), ("送貨", "delivery"), ("速遞遲咗三日", "delivery"), ("八達通扣咗兩次", "payment"),
     ("維修或保養", "repair"), ("換電池之後停咗", "repair"), ("個人資料及私隱", "privacy"), ("私隱", "privacy")],
)  # fmt: skip
def test_chinese_categories(policy: Policy, text: str, expected: str) -> None:
    assert intake.parse_category(text, policy) == expected


@pytest.mark.parametrize("text", ["冇", "無", "沒有", "冇呀", "唔知", "不適用"])
def test_no_product_in_chinese(text: str) -> None:
    assert intake.parse_product(text) == "none"


@pytest.mark.parametrize(("text", "expected"), [("18K金戒指", "18K金戒指"), ("錶", "錶"), ("我隻勞力士", "我隻勞力士")])
def test_products_in_chinese_are_kept_as_written(text: str, expected: str) -> None:
    assert intake.parse_product(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("今日", TODAY), ("琴日", dt.date(2026, 11, 24)), ("尋日", dt.date(2026, 11, 24)),
     ("昨天", dt.date(2026, 11, 24)), ("前日", dt.date(2026, 11, 23)), ("上星期六", dt.date(2026, 11, 21)),
     ("上個禮拜六", dt.date(2026, 11, 21)), ("11月20號", dt.date(2026, 11, 20)), ("11月20日", dt.date(2026, 11, 20)),
     ("12月3日", dt.date(2025, 12, 3)), ("大概三日前", dt.date(2026, 11, 22))],
)  # fmt: skip
def test_chinese_dates(text: str, expected: dt.date) -> None:
    assert intake.parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("旺角", "mong_kok"), ("喺尖沙咀間舖", "tsim_sha_tsui"), ("中環", "central"), ("沙田分店", "sha_tin"),
     ("網上", "online"), ("我喺網上買嘅", "online"), ("online", "online")],
)  # fmt: skip
def test_chinese_places(policy: Policy, text: str, expected: str) -> None:
    assert intake.parse_place(text, policy) == expected


@pytest.mark.parametrize(("text", "expected"), [("訂單10023", "10023"), ("我張單係 10045 呀", "10045")])
def test_order_numbers_inside_chinese(text: str, expected: str) -> None:
    assert intake.parse_order_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("道歉", "apology"), ("維修", "repair"), ("換貨", "replacement"), ("更換一條新嘅", "replacement"),
     ("退款", "refund"), ("我要退錢", "refund"), ("賠償", "compensation"), ("補償返啲嘢俾我", "compensation"),
     ("唔使退錢，道歉就得", "apology"), ("不要退款，只要道歉", "apology")],
)  # fmt: skip
def test_chinese_outcomes(text: str, expected: str) -> None:
    assert intake.parse_outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("HK$1,200", 1200), ("1200蚊", 1200), ("$1,200", 1200), ("一千二百元", 1200), ("一千二蚊", 1200),
     ("五百蚊", 500), ("港幣3000", 3000), ("3000港元", 3000), ("1.2萬", 12000), ("兩萬五", 25000),
     ("訂單10023，我想退返800蚊", 800), ("要賠一千二百元", 1200)],
)  # fmt: skip
def test_chinese_amounts(text: str, expected: int) -> None:
    assert intake.parse_amount(text) == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一千二百", 1200), ("一千二", 1200), ("一千零二", 1002), ("十五", 15), ("二十", 20), ("兩萬五", 25000),
     ("一萬零五", 10005), ("萬二", 12000), ("三百五", 350), ("一二零零", 1200)],
)  # fmt: skip
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_a_surname_alone_is_asked_again_in_chinese() -> None:
    with pytest.raises(InvalidAnswer) as raised:
        intake.parse_name("我姓陳")
    assert raised.value.hint_in("zh") == "請告訴我個案上要用的姓名，例如「陳大文」。"


def test_a_one_in_a_sentence_is_not_an_amount() -> None:
    assert intake.parse_amount("一隻戒指，三千蚊") == 3000
    with pytest.raises(InvalidAnswer):
        intake.parse_amount("賠一啲錢")


@pytest.mark.parametrize("text", ["隻錶買咗兩日就停咗", "戒指上面粒石甩咗", "個 strap 用咗一日就甩咗"])
def test_a_chinese_description_is_kept_as_written(text: str) -> None:
    assert intake.parse_description(text) == text


def test_a_too_short_chinese_description_is_asked_again_in_chinese() -> None:
    with pytest.raises(InvalidAnswer) as raised:
        intake.parse_description("壞咗")
    assert raised.value.hint_in("zh") == "請用一兩句話，多講一點發生了甚麼事。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("同意", True), ("好", True), ("OK", True), ("可以", True), ("係", True), ("冇問題", True), ("我同意", True),
     ("唔同意", False), ("不同意", False), ("唔好", False), ("我不同意", False),
     ("啱", True), ("正確", True), ("確認", True), ("冇錯", True), ("唔啱", False), ("錯", False), ("我想改", False),
     ("唔好意思，我唔同意", False), ("好，唔該", True)],
)  # fmt: skip
def test_chinese_yes_and_no(text: str, expected: bool) -> None:
    assert parse_yes_no(text, None) is expected


@pytest.mark.parametrize(
    ("text", "field"),
    [("改電話", "contact"), ("我想改電郵", "contact"), ("個名寫錯咗", "customer_name"), ("日期唔啱", "incident_date"),
     ("分店錯咗", "incident_place"), ("改金額", "claim_amount"), ("訂單編號錯咗", "order_number"), ("確認", None)],
)  # fmt: skip
def test_chinese_corrections_name_their_field(text: str, field: str | None) -> None:
    assert intake.field_named(text) == field


def _hint(parse: Callable[[], object]) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as raised:
        parse()
    return raised.value


def test_every_hint_is_said_in_chinese_with_its_facts(policy: Policy) -> None:
    hints = {
        "name": _hint(lambda: intake.parse_name("x")),
        "bad name": _hint(lambda: intake.parse_name("陳<大文>")),
        "contact": _hint(lambda: intake.parse_contact("唔俾")),
        "category": _hint(lambda: intake.parse_category("唔知點講", policy)),
        "product": _hint(lambda: intake.parse_product("x")),
        "date": _hint(lambda: intake.parse_date("唔記得", TODAY)),
        "future": _hint(lambda: intake.parse_date("2027年1月5日", TODAY)),
        "old": _hint(lambda: intake.parse_date("2020-01-01", TODAY)),
        "place": _hint(lambda: intake.parse_place("銅鑼灣", policy)),
        "order": _hint(lambda: intake.parse_order_number("唔記得")),
        "outcome": _hint(lambda: intake.parse_outcome("唔知")),
        "amount": _hint(lambda: intake.parse_amount("好多錢")),
        "zero": _hint(lambda: intake.parse_amount("0蚊")),
        "huge": _hint(lambda: intake.parse_amount("99999999999")),
        "description": _hint(lambda: intake.parse_description("壞咗")),
        "yes/no": _hint(lambda: parse_yes_no("唔知", None)),
    }
    said = {name: hint.hint_in("zh") for name, hint in hints.items()}
    for text in said.values():
        assert_chinese(text)
    assert "9123 4567" in said["contact"] and "電郵" in said["contact"]
    assert "貨品質素或瑕疵、員工服務、價錢或多收費用、送貨、付款、維修或保養、個人資料及私隱" in said["category"]
    assert "中環、尖沙咀、旺角、沙田" in said["place"] and "網上" in said["place"]
    assert "10023" in said["order"] and "5位數字" in said["order"]
    assert all(word in said["outcome"] for word in ("道歉", "維修", "更換", "退款", "賠償"))
    assert "HK$1,200" in said["amount"] and "港幣" in said["zero"]
    assert "兩年" in said["old"] and "還未到" in said["future"]
    assert hints["category"].hint == (
        "Which of these is it about: product quality or defect, staff service, price or overcharging, delivery, "
        "payment, repair or servicing, personal data and privacy?"
    )  # the English stays as it was
