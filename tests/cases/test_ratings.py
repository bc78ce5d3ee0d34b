"""Reading the customer's rating and comment after a handoff."""

from __future__ import annotations

import pytest

from bot.cases.ratings import SKIP, answer_to, parse_comment, parse_rating
from bot.errors import InvalidAnswer


@pytest.mark.parametrize(
    ("said", "score"),
    [("5", "5"), ("4 stars", "4"), ("five", "5"), ("I'd give it a 3", "3"), ("★★★★", "4"), ("1 - poor", "1"),
     ("五", "5"), ("skip", SKIP), ("no thanks", SKIP)],
)  # fmt: skip
def test_a_score_from_1_to_5_in_many_forms(said: str, score: str) -> None:
    assert parse_rating(said) == score


@pytest.mark.parametrize("said", ["10", "0", "3 or 4", "great", "", "<script>5</script>6"])
def test_anything_else_asks_again(said: str) -> None:
    with pytest.raises(InvalidAnswer, match="1 \\(poor\\) to 5"):
        parse_rating(said)


def test_a_comment_is_kept_as_written_and_no_means_none() -> None:
    assert parse_comment("Very patient,\n thank you!") == "Very patient, thank you!"
    assert parse_comment("no") == "" and parse_comment("Nothing.") == ""
    assert len(parse_comment("x" * 5000)) == 1000


@pytest.mark.parametrize(
    ("said", "score"),
    [("5分", "5"), ("五分", "5"), ("好好", "5"), ("非常好！", "5"), ("4粒星", "4"), ("唔錯", "4"), ("一般", "3"),
     ("服務一般啦", "3"), ("麻麻", "2"), ("差", "1"), ("好差", "1"), ("一流", "5"), ("唔使喇", SKIP), ("跳過", SKIP),
     ("不用了，謝謝", SKIP)],
)  # fmt: skip
def test_a_score_said_in_chinese(said: str, score: str) -> None:
    assert parse_rating(said) == score


@pytest.mark.parametrize("said", ["好好，但係有啲差", "三至四分", "職員"])
def test_a_chinese_answer_without_one_score_is_asked_again_in_chinese(said: str) -> None:
    with pytest.raises(InvalidAnswer) as raised:
        parse_rating(said)
    assert raised.value.hint_in("zh") == "請由1（差）至5（非常好）選擇評分，或回覆「跳過」。"


@pytest.mark.parametrize("said", ["冇", "無", "唔使", "沒有", "沒有意見。", "冇喇", "冇，多謝"])
def test_no_comment_in_chinese(said: str) -> None:
    assert parse_comment(said) == ""


def test_a_chinese_comment_is_kept_as_written() -> None:
    assert parse_comment("職員好有耐性，多謝！") == "職員好有耐性，多謝！"


def test_the_answer_to_a_rating_in_both_languages() -> None:
    assert answer_to(4, language="en") == (
        "Thank you for rating our service. Is there anything else I can help with?", []
    )  # fmt: skip
    assert answer_to(4, language="zh") == ("謝謝你為我們的服務評分。還有其他可以協助你的地方嗎？", [])
    english, buttons = answer_to(2, language="en")
    assert english.startswith("I'm sorry we didn't get it right this time.")
    assert [b["payload"] for b in buttons] == ["I want to talk to a person", "please call me back", "no thanks"]
    chinese, buttons = answer_to(2, language="zh")
    assert chinese == "很抱歉這次未能令你滿意。你想同事在這裏再跟進一次，還是致電回覆你？你的意見已轉交團隊。"
    assert [b["title"] for b in buttons] == ["與職員對話", "請致電給我", "不用了，謝謝"]
    assert parse_comment(buttons[2]["payload"]) == "" and parse_rating(buttons[2]["payload"]) == SKIP
