"""The rating after a handoff, in Hong Kong Chinese: scores and comments said in Chinese, thanks or an apology."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.rating import ActionSubmitRating, ValidateRatingForm
from bot.cases.ratings import NO_COMMENT, SKIP
from bot.context import Context
from tests.actions.chat import DOMAIN, english_in, is_chinese, shop, tracker


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


async def rated(slot: str, said: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateRatingForm().run(
        dispatcher, tracker(said, "inform", {slot: said}, requested=slot, loop="rating_form"), DOMAIN
    )
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


@pytest.mark.parametrize(("said", "score"), [("五分", "5"), ("4分", "4"), ("一般", "3"), ("好差", "1")])
async def test_a_score_said_in_chinese_is_kept(ctx: Context, said: str, score: str) -> None:
    slots, replies = await rated("service_rating", said)
    assert slots["service_rating"] == score and replies == []


async def test_declining_in_chinese_skips_the_score_and_the_comment(ctx: Context) -> None:
    slots, _ = await rated("service_rating", "唔使喇")
    assert slots["service_rating"] == SKIP and slots["rating_comment"] == SKIP


async def test_no_score_is_asked_again_in_chinese(ctx: Context) -> None:
    slots, [reply] = await rated("service_rating", "你哋啲職員")
    assert slots["service_rating"] is None
    assert reply["text"] == "請由1（差）至5（非常好）選擇評分，或回覆「跳過」。"


@pytest.mark.parametrize("said", ["冇", "無", "唔使", "沒有"])
async def test_no_comment_said_in_chinese_is_none(ctx: Context, said: str) -> None:
    slots, _ = await rated("rating_comment", said)
    assert slots["rating_comment"] == NO_COMMENT


async def submitted(score: str, comment: str | None = None) -> dict[str, object]:
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitRating().run(
        dispatcher, tracker("冇", "deny", {"service_rating": score, "rating_comment": comment}), DOMAIN
    )
    assert events == [SlotSet("service_rating", None), SlotSet("rating_comment", None)]
    [message] = dispatcher.messages
    return message


async def test_a_good_score_is_thanked_in_chinese(ctx: Context) -> None:
    said = await submitted("5", NO_COMMENT)
    assert said["text"] == "謝謝你為我們的服務評分。還有其他可以協助你的地方嗎？" and said["buttons"] == []


async def test_a_skipped_score_is_answered_in_chinese(ctx: Context) -> None:
    said = await submitted(SKIP, SKIP)
    assert said["text"] == "沒問題。還有其他可以協助你的地方嗎？"


async def test_a_low_score_is_apologised_for_in_chinese_with_chinese_buttons(ctx: Context) -> None:
    said = await submitted("1", "等咗好耐")
    text = str(said["text"])
    assert text.startswith("很抱歉這次未能令你滿意。") and "你的意見已轉交團隊" in text
    assert is_chinese(text), english_in(text)
    buttons = said["buttons"]
    assert isinstance(buttons, list) and len(buttons) == 3
    assert all(is_chinese(b["title"]) and is_chinese(b["payload"]) for b in buttons), buttons
