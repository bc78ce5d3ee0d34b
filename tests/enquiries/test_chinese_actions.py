"""The enquiry actions answer in the conversation's language (the slot ``language``), with the real domain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.enquiries import (
    ActionBuyback,
    ActionContinueEnquiry,
    ActionInvoice,
    ActionMembership,
    ActionOrderStatus,
    ActionRefundStatus,
    ActionRepairService,
    ActionRepairStatus,
    ActionStoreInfo,
)
from bot.context import Context
from bot.db.seed import DEMO_PHONE
from bot.settings import PROJECT_ROOT
from tests.actions.chat import shop
from tests.enquiries.chinese import english_in

DOMAIN: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


def said(
    text: str, intent: str, *, awaiting: str | None = None, entities: list[dict[str, str]] | None = None,
    language: str = "zh", sender: str = "zh-1",
) -> Tracker:  # fmt: skip
    """A tracker whose latest message is ``text``, in a conversation answered in ``language``."""
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": entities or []}
    return Tracker.from_dict({
        "sender_id": sender, "slots": {"awaiting": awaiting, "language": language}, "paused": False,
        "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen", "latest_message": parse,
        "events": [{"event": "user", "text": text, "parse_data": parse, "metadata": {"address": "digest-zh"}}],
    })  # fmt: skip


async def texts(action: Any, tracker: Tracker) -> tuple[list[str], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return [m["text"] for m in dispatcher.messages if m.get("text")], events


async def test_where_or_when_a_branch_is_open_in_chinese(ctx: Context) -> None:
    where, _ = await texts(ActionStoreInfo(), said("中環分店地址喺邊？", "ask_store_info"))
    assert where == ["中環分店：香港中環皇后大道中68號地下，電話：+852 2888 1101"]
    phone, _ = await texts(ActionStoreInfo(), said("旺角電話幾多號", "ask_store_info", entities=[
        {"entity": "branch", "value": "Mong Kok"}]))  # fmt: skip
    assert phone == ["旺角分店：九龍旺角彌敦道688號地下，電話：+852 2888 1103"]
    hours, _ = await texts(ActionStoreInfo(), said("旺角幾點閂門？", "ask_store_info"))
    assert hours[0].startswith("旺角分店：星期一至四 10:00至22:00；") and not english_in(hours[0])
    english, _ = await texts(ActionStoreInfo(), said("where is Central?", "ask_store_info", language="en"))
    assert english == ["Central: G/F, 68 Queen's Road Central, Central, Hong Kong, tel +852 2888 1101"]


async def test_a_chinese_repair_price_question(ctx: Context) -> None:
    answer, _ = await texts(ActionRepairService(), said("換Seiko電池幾錢？", "ask_repair_service", entities=[
        {"entity": "brand", "value": "Seiko"}]))  # fmt: skip
    assert answer[0].startswith("更換手錶電池（Seiko）：HK$180。所需時間：")


async def test_the_questions_for_a_number_are_in_chinese(ctx: Context) -> None:
    order, events = await texts(ActionOrderStatus(), said("我想查下我張單", "ask_order_status"))
    assert order == ["好的，請問訂單編號是甚麼？編號共5位數字（例如10023），載於確認電郵。"]
    assert events == [SlotSet("awaiting", "ask_order_status")]
    repair, _ = await texts(ActionRepairStatus(), said("我隻錶整好未", "ask_repair_status"))
    assert repair == ["好的，請問維修單號是甚麼？單號印在維修收據上，格式如R-2031。"]
    refund, _ = await texts(ActionRefundStatus(), said("我嘅退款幾時到", "ask_refund_status"))
    assert refund == ["我可以幫你查詢。請問訂單編號（5位數字）或退款編號（RF-1234）是甚麼？"]


async def test_a_private_look_up_in_chinese(ctx: Context) -> None:
    asked, events = await texts(ActionRepairStatus(), said("維修單R-2031好未？", "ask_repair_status"))
    assert asked == ["為保障你的私隱，請告訴我維修單R-2031所登記電話號碼的最後4位數字（或完整號碼）。"]
    assert events == [SlotSet("awaiting", "verify:ask_repair_status:R-2031")]
    wrong, events = await texts(
        ActionContinueEnquiry(), said("1234", "inform", awaiting="verify:ask_repair_status:R-2031")
    )
    assert wrong == ["對不起，資料與維修單R-2031不符。請核對號碼及數字（亦可提供完整電話號碼），或要求轉接職員。"]
    assert events == [SlotSet("awaiting", "verify:ask_repair_status:R-2031")]
    proved, events = await texts(
        ActionContinueEnquiry(), said(DEMO_PHONE[-4:], "inform", awaiting="verify:ask_repair_status:R-2031")
    )
    assert proved[0].startswith("維修單R-2031（Omega Seamaster, full service）已可於旺角分店")
    assert events == [SlotSet("awaiting", None)]


async def test_too_many_attempts_in_chinese(ctx: Context) -> None:
    pending = "verify:ask_order_status:10023"
    answers: list[str] = []
    for _ in range(6):
        answer, _ = await texts(ActionContinueEnquiry(), said("0000", "inform", awaiting=pending, sender="zh-2"))
        answers += answer
    assert answers[-1] == "此對話的嘗試失敗次數太多。請一小時後再試，或致電+852 2888 1234與我們聯絡。"


async def test_policy_paragraphs_and_the_gold_board_in_chinese(ctx: Context) -> None:
    invoice, _ = await texts(ActionInvoice(), said("可唔可以開公司抬頭發票", "ask_invoice"))
    assert invoice == [ctx.policy.in_("zh").invoice.text]
    membership, _ = await texts(ActionMembership(), said("點樣入會", "ask_membership"))
    assert membership[0].startswith("金港會免費入會")
    buyback, _ = await texts(ActionBuyback(), said("你哋收唔收金", "ask_buyback"))
    assert buyback[0].startswith("本店按當日牌價回收黃金") and "• 999.9足金：每兩賣出價HK$39,850" in buyback[0]


async def test_yes_or_no_with_nothing_pending_in_chinese(ctx: Context) -> None:
    no, _ = await texts(ActionContinueEnquiry(), said("唔使喇", "deny"))
    assert no == ["沒問題。還有甚麼可以幫你？"]
    yes, _ = await texts(ActionContinueEnquiry(), said("好", "affirm"))
    assert yes == ["好的。有甚麼可以幫你？"]
    cancelled, events = await texts(ActionContinueEnquiry(), said("唔查喇", "deny", awaiting="ask_order_status"))
    assert cancelled == ["沒問題。還有甚麼可以幫你？"] and events == [SlotSet("awaiting", None)]
