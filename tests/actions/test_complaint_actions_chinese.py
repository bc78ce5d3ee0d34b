"""The complaint intake in Hong Kong Chinese: questions, buttons, re-prompts, summary and receipt in Chinese,
Chinese answers understood, the case kept as an English one would be (actions run in-process, real database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.complaint_questions import (
    ActionAskComplaintCategory,
    ActionAskComplaintConfirmed,
    ActionAskIncidentPlace,
    ActionAskPrivacyConsent,
)
from actions.complaints import (
    ActionCancelComplaint,
    ActionResetComplaintField,
    ActionSubmitComplaint,
    ValidateComplaintForm,
)
from actions.forms import apology
from bot.cases import intake
from bot.cases.service import record_consent
from bot.cases.yes_no import parse_yes_no
from bot.context import Context
from bot.db.models import Case
from tests.actions.chat import DOMAIN, english_in, is_chinese, shop, tracker

FILLED_ZH = {
    "privacy_consent": "accepted",
    "customer_name": "陳大文",
    "contact": "91234567",
    "complaint_category": "product",
    "product": "18K金戒指",
    "incident_date": "2026-11-20",
    "incident_place": "online",
    "order_number": "10023",
    "description": "戒指買咗兩日粒石就甩咗，好失望。",
    "desired_outcome": "refund",
    "claim_amount": "1200",
    "complaint_confirmed": "yes",
    "complaint_intake_key": "zh-key",
}

# Slots with which the form asks the order number and the amount too (it validates only what it asks).
ASKED_ONLINE_FOR_MONEY = {"incident_place": "online", "desired_outcome": "refund"}


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


async def asked(action: Any, loop: str = "complaint_form", slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one message ``action`` says in a Chinese conversation."""
    dispatcher = CollectingDispatcher()
    assert await action.run(dispatcher, tracker("x", "inform", slots or {}, loop=loop), DOMAIN) == []
    [message] = dispatcher.messages
    return dict(message)


async def test_the_collection_statement_is_asked_in_chinese_with_buttons_the_form_understands(ctx: Context) -> None:
    message = await asked(ActionAskPrivacyConsent())
    intro, statement = message["text"].split("\n")
    assert intro == "很抱歉令你有這樣的經歷。我會記錄你的投訴，交由合適的同事跟進。"
    assert statement == ctx.policy.in_("zh").privacy.collection_statement.text and is_chinese(statement)
    assert [b["title"] for b in message["buttons"]] == ["我同意", "不同意"]
    assert [parse_yes_no(b["payload"], None) for b in message["buttons"]] == [True, False]
    data_request = await asked(ActionAskPrivacyConsent(), loop="data_request_form")
    assert data_request["text"].startswith("我會把你的要求轉交本店的保障資料主任。\n")


async def test_the_category_is_asked_in_chinese_and_its_buttons_give_the_same_ids(ctx: Context) -> None:
    message = await asked(ActionAskComplaintCategory())
    assert message["text"] == "請問你的投訴是關於哪方面？"
    titles = [b["title"] for b in message["buttons"]]
    assert titles == ["貨品質素或瑕疵", "員工服務", "價錢或多收費用", "送貨", "付款", "維修或保養", "個人資料及私隱"]
    ids = [intake.parse_category(b["payload"], ctx.policy) for b in message["buttons"]]
    assert ids == [c.id for c in ctx.policy.complaint_categories]


async def test_the_place_is_asked_in_chinese_with_branch_buttons(ctx: Context) -> None:
    message = await asked(ActionAskIncidentPlace())
    assert message["text"] == "請問事情在哪裏發生：在我們的分店（中環、尖沙咀、旺角、沙田），還是網上？"
    assert [b["title"] for b in message["buttons"]] == ["中環", "尖沙咀", "旺角", "沙田", "網上"]
    places = [intake.parse_place(b["payload"], ctx.policy) for b in message["buttons"]]
    assert places == ["central", "tsim_sha_tsui", "mong_kok", "sha_tin", "online"]


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [("customer_name", "我叫陳大文", "陳大文"), ("contact", "+852 9123-4567", "91234567"),
     ("contact", "9123 4567", "91234567"), ("complaint_category", "八達通扣咗兩次錢", "payment"),
     ("product", "冇", "none"), ("incident_place", "旺角", "mong_kok"), ("incident_place", "網上", "online"),
     ("order_number", "訂單10023", "10023"), ("description", "隻錶買咗兩日就停咗", "隻錶買咗兩日就停咗"),
     ("desired_outcome", "我要退錢", "refund"), ("claim_amount", "1200蚊", "1200"),
     ("claim_amount", "一千二百元", "1200"), ("complaint_confirmed", "冇錯", "yes")],
)  # fmt: skip
async def test_chinese_answers_fill_the_slots_as_english_ones_do(ctx: Context, slot: str, text: str,
                                                                  expected: str) -> None:  # fmt: skip
    dispatcher = CollectingDispatcher()
    slots = {**ASKED_ONLINE_FOR_MONEY, slot: text}
    events = await ValidateComplaintForm().run(
        dispatcher, tracker(text, "inform", slots, requested=slot, loop="complaint_form"), DOMAIN
    )
    assert SlotSet(slot, expected) in events
    assert dispatcher.messages == []


async def test_a_chinese_date_word_is_understood(ctx: Context) -> None:
    events = await ValidateComplaintForm().run(
        CollectingDispatcher(),
        tracker("琴日", "inform", {"incident_date": "琴日"}, requested="incident_date", loop="complaint_form"),
        DOMAIN,
    )
    assert SlotSet("incident_date", (ctx.today() - dt.timedelta(days=1)).isoformat()) in events


async def test_consent_given_in_chinese_is_recorded_with_a_fresh_intake_key(ctx: Context) -> None:
    events = await ValidateComplaintForm().run(
        CollectingDispatcher(),
        tracker("同意", "inform", {"privacy_consent": "同意"}, requested="privacy_consent", loop="complaint_form"),
        DOMAIN,
    )
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["privacy_consent"] == "accepted" and len(slots["complaint_intake_key"]) == 32


@pytest.mark.parametrize(
    ("slot", "text", "hint"),
    [("contact", "唔想俾", "請提供香港電話號碼（8位數字，例如 9123 4567）或電郵地址，方便我們就這個個案聯絡你。"),
     ("incident_place", "銅鑼灣",
      "本店在銅鑼灣沒有分店。請問事情在哪裏發生：在我們的分店（中環、尖沙咀、旺角、沙田），還是網上？"),
     ("claim_amount", "好多錢", "請問你要求多少錢？請以港幣計，例如 HK$1,200。"),
     ("complaint_confirmed", "我想修改資料",
      "請問你想修改哪一項資料（例如「改電話號碼」）？如想取消而不儲存，請說「取消」。")],
)  # fmt: skip
async def test_a_wrong_answer_is_asked_again_in_chinese(ctx: Context, slot: str, text: str, hint: str) -> None:
    dispatcher = CollectingDispatcher()
    slots = {**ASKED_ONLINE_FOR_MONEY, slot: text}
    events = await ValidateComplaintForm().run(
        dispatcher, tracker(text, "inform", slots, requested=slot, loop="complaint_form"), DOMAIN
    )
    assert SlotSet(slot, None) in events
    assert [m["text"] for m in dispatcher.messages] == [hint]


async def test_the_summary_is_in_chinese_with_every_fact_and_buttons_the_form_understands(ctx: Context) -> None:
    message = await asked(ActionAskComplaintConfirmed(), slots=FILLED_ZH)
    assert message["text"] == (
        "你的投訴內容如下：\n"
        "• 姓名：陳大文\n"
        "• 聯絡方法：91234567\n"
        "• 投訴類別：貨品質素或瑕疵\n"
        "• 貨品：18K金戒指\n"
        "• 日期：2026年11月20日（星期五）\n"
        "• 地點：網上，訂單編號10023\n"
        "• 經過：戒指買咗兩日粒石就甩咗，好失望。\n"
        "• 你希望：退款，HK$1,200\n"
        "請問是否確認提交？"
    )
    assert [b["title"] for b in message["buttons"]] == ["確認提交", "修改資料", "取消"]
    assert parse_yes_no(message["buttons"][0]["payload"], None) is True
    at_a_branch = {**FILLED_ZH, "incident_place": "tsim_sha_tsui", "order_number": None, "product": "none",
                   "desired_outcome": "apology", "claim_amount": None}  # fmt: skip
    summary = (await asked(ActionAskComplaintConfirmed(), slots=at_a_branch))["text"]
    assert "• 地點：尖沙咀\n" in summary and "• 貨品：沒有\n" in summary and "• 你希望：道歉\n" in summary


async def test_a_chinese_complaint_is_kept_and_routed_as_an_english_one(ctx: Context) -> None:
    english = {**FILLED_ZH, "customer_name": "Chan Tai Man", "contact": "93334444", "complaint_intake_key": "en",
               "description": "The stone fell out after two days, very disappointed."}  # fmt: skip
    replies = {}
    for sender, slots, language in (("zh-chat", FILLED_ZH, "zh"), ("en-chat", english, "en")):
        with ctx.sessions() as s, s.begin():
            record_consent(s, sender, ctx.policy.privacy.collection_statement.version, True)
        dispatcher = CollectingDispatcher()
        await ActionSubmitComplaint().run(
            dispatcher, tracker("確認", "affirm", slots, sender=sender, language=language), DOMAIN
        )
        replies[language] = dispatcher.messages[0]["text"]
    with ctx.sessions() as s:
        cases = {c.conversation_id: c for c in s.scalars(select(Case))}
        zh, en = cases["zh-chat"], cases["en-chat"]
        assert ctx.vault.read(zh.description_encrypted) == FILLED_ZH["description"]
        assert ctx.vault.read(zh.customer_name_encrypted) == "陳大文"
        kept = ("category", "desired_outcome", "claim_amount_hkd", "incident_place", "order_number", "assigned_role")
        assert [getattr(zh, k) for k in kept] == [getattr(en, k) for k in kept]
        role = ctx.policy.in_("zh").role(zh.assigned_role).title
    said = replies["zh"]
    assert said.startswith(f"謝謝你，陳大文。你的投訴已記錄，個案編號為{zh.reference}。個案會由本店{role}處理")
    assert "電話號碼最後4位數字" in said and "年" in said and is_chinese(said), english_in(said)
    assert replies["en"].startswith(f"Thank you, Chan Tai Man. Your complaint is recorded as case {en.reference}.")


async def test_without_a_consent_on_record_the_apology_is_in_chinese(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitComplaint().run(
        dispatcher, tracker("確認", "affirm", FILLED_ZH, sender="no-consent"), DOMAIN
    )
    assert events == []
    said = dispatcher.messages[0]["text"]
    assert said == apology(ctx, "zh") and is_chinese(said.replace(ctx.policy.organization.hotline, ""))
    assert ctx.policy.organization.hotline in said
    assert apology(ctx, "en").startswith("Sorry, something went wrong on our side")


async def test_corrections_are_offered_in_chinese(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResetComplaintField().run(
        dispatcher, tracker("我想改電話", "request_correction", FILLED_ZH, loop="complaint_form"), DOMAIN
    )
    assert events == [SlotSet("contact", None), SlotSet("complaint_confirmed", None)]
    assert dispatcher.messages[0]["text"] == "好的，我們來更正聯絡方法。"
    await ActionResetComplaintField().run(
        dispatcher, tracker("我想改嘢", "request_correction", FILLED_ZH, loop="complaint_form"), DOMAIN
    )
    assert dispatcher.messages[1]["text"] == (
        "請問你想修改哪一項：姓名、聯絡方法、投訴類別、貨品、日期、地點、訂單編號、事情經過、你希望的處理方法、金額？"
    )
    await ActionResetComplaintField().run(dispatcher, tracker("改電話", "request_correction", {}), DOMAIN)
    assert dispatcher.messages[2]["text"] == "目前沒有進行中的事項需要修改。請問有甚麼可以幫你？"


async def test_nothing_to_cancel_is_said_in_chinese(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    await ActionCancelComplaint().run(dispatcher, tracker("取消", "cancel", {}), DOMAIN)
    assert dispatcher.messages[0]["text"] == "目前沒有進行中的事項需要取消。請問有甚麼可以幫你？"
