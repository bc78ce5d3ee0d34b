"""Checking a case and asking for a person, in Hong Kong Chinese: the form reads Chinese answers and every reply
is Chinese (actions run in-process with the real domain and a real database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.cases import ActionCheckCaseStatus, ActionRequestHuman, ValidateCaseStatusForm
from bot.context import Context
from bot.db.models import Case
from bot.shop.business_hours import format_moment
from tests.actions.chat import DOMAIN, english_in, is_chinese, shop, tracker
from tests.staffing import lodge


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    yield from shop(tmp_path, monkeypatch)


async def validated(slot: str, said: str) -> tuple[object, list[dict[str, object]]]:
    """The value the case status form keeps for ``slot`` when the customer says ``said``, and what it replies."""
    dispatcher = CollectingDispatcher()
    events = await ValidateCaseStatusForm().run(
        dispatcher, tracker(said, "inform", {slot: said}, requested=slot, loop="case_status_form"), DOMAIN
    )
    return next(e["value"] for e in events if e.get("name") == slot), dispatcher.messages


@pytest.mark.parametrize(
    "said", ["我想查下CS-7Q4K-92XD嘅進度", "個案編號係cs7q4k92xd", "請問CS-7Q4K-92XD的進度如何？", "CS-7Q4K-92XD"]
)
async def test_a_reference_inside_chinese_words_is_read(ctx: Context, said: str) -> None:
    value, replies = await validated("case_reference", said)
    assert value == "CS-7Q4K-92XD" and replies == []


async def test_no_reference_is_asked_again_in_chinese(ctx: Context) -> None:
    value, [reply] = await validated("case_reference", "我唔記得咗個編號")
    assert value is None
    assert reply["text"] == "個案編號的格式例如CS-7Q4K-92XD，會在登記投訴時提供給你。"


@pytest.mark.parametrize(
    ("said", "kept"),
    [("尾四位係5432", "尾四位係5432"), ("電話最後4個數字是 5432", "電話最後4個數字是 5432"),
     ("我的電郵係chan.taiman@example.com。", "我的電郵係chan.taiman@example.com。"), ("5432", "5432")],
)  # fmt: skip
async def test_the_proof_is_taken_from_chinese_words(ctx: Context, said: str, kept: str) -> None:
    value, replies = await validated("case_verification", said)
    assert value == kept and replies == []


async def test_an_answer_that_proves_nothing_is_asked_again_in_chinese(ctx: Context) -> None:
    value, [reply] = await validated("case_verification", "我唔知喎")
    assert value is None
    assert reply["text"] == "請提供個案所登記電話號碼的最後4位數字，或你提供的電郵地址。"


async def status_reply(reference: str, proof: str, *, language: str = "zh", person: bool = False) -> str:
    dispatcher = CollectingDispatcher()
    slots = {"case_reference": reference, "case_verification": proof, "person_after_check": person or None}
    events = await ActionCheckCaseStatus().run(dispatcher, tracker(proof, "inform", slots, language=language),
                                               DOMAIN)  # fmt: skip
    assert events == [SlotSet("case_reference", None), SlotSet("case_verification", None),
                      SlotSet("person_after_check", None)]  # fmt: skip
    [message] = dispatcher.messages
    return str(message["text"])


async def test_a_verified_customer_is_told_the_status_in_chinese(ctx: Context) -> None:
    reference = lodge(ctx, "conv-1")
    with ctx.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        role, resolve_by = ctx.policy.in_("zh").role(case.assigned_role).title, case.resolve_by
    assert (await status_reply(reference, "我電話尾四位係4567。")).startswith(f"個案{reference}已收妥")
    said = await status_reply(reference, "尾四位係4567")
    assert said.startswith(f"個案{reference}已收妥，正等候確認受理，由本店{role}負責。最新進展：於")
    assert f"收到個案。我們預計於{format_moment(resolve_by, ctx.policy, 'zh')}前解決。" in said
    assert is_chinese(said), english_in(said)


async def test_the_status_stays_english_in_an_english_chat(ctx: Context) -> None:
    reference = lodge(ctx, "conv-1")
    said = await status_reply(reference, "4567", language="en")
    assert said.startswith(f"Case {reference} is received and waiting to be acknowledged, with our ")
    assert "We aim to resolve it by" in said


async def test_a_wrong_proof_reveals_nothing_in_chinese(ctx: Context) -> None:
    reference = lodge(ctx, "conv-1")
    said = await status_reply(reference, "1111")
    assert said == ("抱歉，找不到與這個個案編號及資料相符的個案。請核對兩者後再試（你亦可提供完整的電話號碼），"
                    "或要求轉接職員。")  # fmt: skip


async def test_too_many_wrong_proofs_are_refused_in_chinese(ctx: Context) -> None:
    reference = lodge(ctx, "conv-1")
    for _ in range(5):
        await status_reply(reference, "1111")
    said = await status_reply(reference, "4567")
    assert said == f"錯誤嘗試的次數太多，請於一小時後再試，或致電{ctx.policy.organization.hotline}與我們聯絡。"


async def test_a_person_about_a_case_is_asked_for_in_chinese_after_the_proof(ctx: Context) -> None:
    reference = lodge(ctx, "conv-1")
    said = await status_reply(reference, "尾四位係4567", person=True)
    assert said.startswith("謝謝，資料吻合。") and reference in said
    assert is_chinese(said), english_in(said)
    unmatched = await status_reply(reference, "1111", person=True)
    assert unmatched.startswith("抱歉，你提供的資料與個案不符。") and is_chinese(unmatched), english_in(unmatched)


async def test_a_person_about_a_case_named_in_chinese_first_checks_the_case(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRequestHuman().run(
        dispatcher, tracker("我想搵職員跟進CS-7Q4K-92XD呢單投訴", "request_human", {}), DOMAIN
    )
    assert events == [SlotSet("case_reference", "CS-7Q4K-92XD"), SlotSet("person_after_check", True),
                      FollowupAction("case_status_form")]  # fmt: skip
    assert dispatcher.messages[0]["text"] == "當然可以。為了讓同事與你跟進個案CS-7Q4K-92XD，我會先核實這是你的個案。"


async def test_a_person_is_asked_for_in_chinese(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    assert await ActionRequestHuman().run(dispatcher, tracker("我想同真人傾", "request_human", {}), DOMAIN) == []
    said = str(dispatcher.messages[0]["text"])
    assert said.startswith("當然可以。") and ctx.policy.organization.hotline in said  # nobody online: a call back
    assert is_chinese(said), english_in(said)


async def test_a_person_asked_for_during_a_complaint_leaves_the_complaint_to_finish_in_chinese(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, tracker("搵個真人嚟", "request_human", {}, loop="complaint_form"),
                                   DOMAIN)  # fmt: skip
    said = str(dispatcher.messages[0]["text"])
    assert said.endswith("同時，我們先完成登記你的投訴，讓同事掌握詳情。")
    assert is_chinese(said), english_in(said)


async def test_a_person_is_asked_for_in_english_as_before(ctx: Context) -> None:
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, tracker("a person please", "request_human", {}, language="en"),
                                   DOMAIN)  # fmt: skip
    assert str(dispatcher.messages[0]["text"]).startswith("Of course. Our ")
