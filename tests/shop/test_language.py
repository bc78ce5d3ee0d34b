"""Customers' text made uniform, and the language to answer in."""

from __future__ import annotations

import pytest

from bot.shop.language import asked_for, language_of, normalise


@pytest.mark.parametrize(
    ("said", "read"),
    [("我想查下订单10023", "我想查下訂單10023"),  # Simplified to Hong Kong Traditional
     ("退款会退到哪里", "退款會退到哪裏"),
     ("我電話係９８７６ ５４３２", "我電話係9876 5432"),  # full-width digits
     ("ＨＫ＄１，５００", "HK$1,500"),
     ("請問幾點開門？", "請問幾點開門?"),
     ("我想\u200b check\u200d 下個 order\ufeff", "我想 check 下個 order"),  # zero-width characters pasted
     ("個 strap 甩咗 😢", "個 strap 甩咗 😢"),
     ("how much to change a Seiko battery?", "how much to change a Seiko battery?"),
     ("", "")],
)  # fmt: skip
def test_text_is_made_uniform(said: str, read: str) -> None:
    assert normalise(said) == read


def test_traditional_text_stays_as_written() -> None:
    for said in ("旺角分店幾點關門", "我上個禮拜喺尖沙咀買咗條18K金手鏈", "有冇GIA證書", "可唔可以用八達通俾錢"):
        assert normalise(said) == said


@pytest.mark.parametrize(
    ("said", "language"),
    [("幾點開門", "zh"), ("我想 check 下個 order", "zh"), ("can I pay by 八達通?", "zh"),
     ("where is my order 10023", "en"), ("10023", None), ("😢", None), ("5432", None),
     ("I want a refund", "en"), ("ok", None), ("Seiko", None), ("refund", None), ("CS-7Q4K-92XD", None),
     ("R-2031 please", None), ("amy.chan@example.com", None), ("9876 5432", None), ("a Seiko", "en"),
     ("/EXTERNAL_handed_back", None)],
)  # fmt: skip
def test_chinese_makes_a_line_chinese_one_english_word_keeps_the_language(said: str, language: str | None) -> None:
    assert language_of(said) == language


@pytest.mark.parametrize(
    ("said", "language"),
    [("English please", "en"), ("can you reply in English?", "en"), ("講英文", "en"), ("英文啦", "en"),
     ("講中文", "zh"), ("中文唔該", "zh"), ("Chinese please", "zh"), ("speak cantonese", "zh"), ("講廣東話", "zh"),
     ("do you sell English gold sovereigns", None), ("我想問中文名點寫", None), ("幾點開門", None)],
)  # fmt: skip
def test_an_explicit_request_switches_the_language(said: str, language: str | None) -> None:
    assert asked_for(said) == language
