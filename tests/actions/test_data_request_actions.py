"""The personal data request in Hong Kong Chinese: questions and buttons in Chinese, Chinese answers understood,
the receipt in Chinese (actions run in-process with the real domain and a real database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.data_requests import (
    ActionAskDataRequestDetails,
    ActionAskDataRequestKind,
    ActionStartDataRequest,
    ActionSubmitDataRequest,
    ValidateDataRequestForm,
)
from bot.cases.service import record_consent
from bot.context import Context
from bot.db.models import Case
from bot.privacy import data_requests
from tests.actions.chat import DOMAIN, english_in, is_chinese, shop, tracker


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


async def test_the_kind_is_asked_in_chinese_with_buttons_the_form_understands(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskDataRequestKind().run(dispatcher, tracker("我嘅個人資料", "request_personal_data", {}), DOMAIN)
    [asked] = dispatcher.messages
    assert asked["text"] == "當然可以。你希望我們如何處理你的個人資料？"
    assert [b["title"] for b in asked["buttons"]] == ["索取資料副本", "更正我的資料", "刪除我的資料", "停止推廣訊息"]
    assert [data_requests.parse_kind(b["payload"]) for b in asked["buttons"]] == [
        "data_access", "data_correction", "data_deletion", "marketing_opt_out"
    ]  # fmt: skip
    assert all(is_chinese(b["payload"]) for b in asked["buttons"])  # a button keeps the chat in Chinese


async def test_the_kind_is_asked_in_english_as_before(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskDataRequestKind().run(dispatcher, tracker("my data", "request_personal_data", {}, language="en"),
                                         DOMAIN)  # fmt: skip
    [asked] = dispatcher.messages
    assert asked["text"] == "Of course. What would you like us to do with your personal data?"
    assert asked["buttons"][0] == {"title": "A copy of my data", "payload": "I want a copy of my data"}


@pytest.mark.parametrize(
    ("kind", "question"),
    [("data_correction", "我們持有的資料有哪裏不正確？應該更正為甚麼？"),
     ("data_deletion", "你希望我們刪除哪些資料？（也可以回覆「全部」）")],
)  # fmt: skip
async def test_the_details_are_asked_in_chinese(ctx: Context, kind: str, question: str) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskDataRequestDetails().run(dispatcher, tracker("好", "affirm", {"data_request_kind": kind}), DOMAIN)
    assert dispatcher.messages[0]["text"] == question


async def test_the_first_chinese_words_give_the_kind(ctx: Context) -> None:
    events = await ActionStartDataRequest().run(
        CollectingDispatcher(), tracker("我想查閱你哋持有我嘅個人資料", "request_personal_data", {}), DOMAIN
    )
    assert events[-1] == SlotSet("data_request_kind", "data_access")


async def form_keeps(slot: str, said: str, slots: dict[str, str]) -> tuple[object, list[dict[str, object]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateDataRequestForm().run(
        dispatcher, tracker(said, "inform", {**slots, slot: said}, requested=slot, loop="data_request_form"), DOMAIN
    )
    return next(e["value"] for e in events if e.get("name") == slot), dispatcher.messages


async def test_chinese_answers_to_the_form_are_understood(ctx: Context) -> None:
    assert await form_keeps("data_request_kind", "幫我刪除我嘅資料", {}) == ("data_deletion", [])
    kept = {"data_request_kind": "data_deletion", "privacy_consent": "accepted", "customer_name": "陳大文",
            "contact": "91234567"}  # fmt: skip
    assert await form_keeps("data_request_details", "全部", kept) == ("全部", [])


async def test_an_unclear_kind_is_asked_again_in_chinese(ctx: Context) -> None:
    value, [reply] = await form_keeps("data_request_kind", "嗯", {})
    assert value is None
    assert reply["text"] == "你想索取你的個人資料副本、更正資料、刪除資料，還是停止接收直接推廣訊息？"


async def submitted(ctx: Context, kind: str, consent: str = "accepted") -> str:
    with ctx.sessions() as s, s.begin():
        record_consent(s, "conv-1", ctx.policy.privacy.collection_statement.version, consent == "accepted")
    slots = {"data_request_kind": kind, "privacy_consent": consent, "customer_name": "陳大文", "contact": "91234567",
             "data_request_details": "", "data_request_intake_key": "k-1"}  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitDataRequest().run(dispatcher, tracker("同意", "affirm", slots), DOMAIN)
    assert events == [SlotSet(slot, None) for slot in data_requests.SLOTS]
    [message] = dispatcher.messages
    return str(message["text"])


async def test_the_receipt_is_in_chinese(ctx: Context) -> None:
    said = await submitted(ctx, "data_access")
    with ctx.sessions() as s:
        reference = s.scalars(select(Case.reference)).one()
    assert said.startswith(f"謝謝你，陳大文。你要求取得我們所持有關於你的個人資料副本，已記錄為個案{reference}。")
    assert "本店保障資料主任會於" in said and "容許的40日期限內" in said
    assert is_chinese(said), english_in(said)


async def test_an_opt_out_is_confirmed_in_chinese(ctx: Context) -> None:
    said = await submitted(ctx, "marketing_opt_out")
    assert said.startswith("陳大文，已為你辦妥：由現在起，我們不會再向91234567發送直接推廣訊息。")
    assert is_chinese(said), english_in(said)


async def test_declining_the_statement_is_answered_in_chinese(ctx: Context) -> None:
    said = await submitted(ctx, "data_access", consent="declined")
    assert said.startswith("明白，我不會收集任何個人資料")
    assert ctx.policy.privacy.dpo_contact in said and is_chinese(said), english_in(said)
    with ctx.sessions() as s:
        assert s.scalars(select(Case)).all() == []
