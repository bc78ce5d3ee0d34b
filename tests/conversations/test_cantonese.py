"""The whole journey in Chinese, over the real Rasa and action servers: enquiries, a complaint typed in Cantonese,
the status, a person, a rating, a personal-data request, a switch of language, and every Chinese quick reply."""

from __future__ import annotations

import re

import pytest
import requests
import yaml
from sqlalchemy import select

from bot.cases.handoff import accept, hand_back
from bot.context import Context
from bot.db.models import Case, HandoffRequest, Rating
from bot.rasa.stack import Stack
from bot.settings import PROJECT_ROOT
from bot.shop.greeting import QUICK_REPLIES
from bot.shop.language import normalise
from tests.conversations.chat import Chat
from tests.staffing import lodge, staff

pytestmark = pytest.mark.servers
REFERENCE = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Four English words in a row is an English sentence; names such as "WeChat Pay HK" or "TAG Heuer" are shorter.
ENGLISH_SENTENCE = re.compile(r"(?<![\w@.])[A-Za-z']+(?:[ ,]+[A-Za-z']+){3,}")


def in_chinese(reply: str) -> str:
    """``reply``, after checking it is Chinese with no English sentence in it."""
    assert CHINESE.search(reply), reply
    leaked = [m for m in ENGLISH_SENTENCE.findall(reply) if "Golden Harbour" not in m]
    assert not leaked, reply
    return reply


ENQUIRIES = [  # (what a Hong Kong customer writes, words the Chinese answer must have)
    ("旺角分店幾點開門？", ["旺角", ":"]),
    ("你哋尖沙咀間舖喺邊度？", ["廣東道", "尖沙咀"]),
    ("換Seiko電池幾錢？", ["HK$180"]),
    ("今日金價幾多？", ["HK$"]),
    ("有冇GIA證書㗎？", ["GIA"]),
    ("隻錶保養期有幾耐？", ["24"]),
    ("買咗嘢唔啱可唔可以退貨？", ["7"]),
    ("送貨上門要幾錢？", ["順豐", "HK$60"]),
    ("可唔可以用八達通俾錢？", ["八達通"]),
    ("我想攞返張收據副本", ["收據"]),
    ("點樣入會做會員？", ["金港會"]),
    ("你哋回收舊金嗎？", ["回收"]),
    ("你哋點樣處理我嘅個人資料？", ["個人資料"]),
    ("我想查下訂單10023", ["10023"]),
    ("我隻錶維修單R-2031整好未？", ["R-2031"]),
    ("你係咪機械人嚟㗎？", ["助理"]),
    ("今晚六合彩開咩號碼？", ["金港"]),
]


@pytest.mark.parametrize(("said", "facts"), ENQUIRIES, ids=[s for s, _ in ENQUIRIES])
def test_an_enquiry_in_chinese_is_answered_in_chinese(stack: Stack, said: str, facts: list[str]) -> None:
    reply = in_chinese(Chat(stack).say(said))
    for fact in facts:
        assert fact in reply, reply


def test_a_complaint_typed_in_cantonese_is_a_case_like_an_english_one(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    story = "我想投訴，上個禮拜買嘅手鏈已經斷咗"
    reply = in_chinese(chat.say(story))
    assert "收集你的資料前" in reply and "你同意嗎" in reply  # the collection statement first, in Chinese
    assert chat.buttons() == ["我同意", "不同意"]
    in_chinese(chat.say("我同意"))
    in_chinese(chat.say("陳大文"))
    asked = in_chinese(chat.say("9123 4567"))
    assert "聽起來是關於「貨品質素或瑕疵」的投訴" in asked and chat.buttons()[0] == "係", asked  # what the story says
    asked = in_chinese(chat.say("係"))  # the product, the day and what happened were in the story
    assert "旺角" in chat.buttons(), asked
    asked = in_chinese(chat.say("旺角"))
    assert "退款" in chat.buttons(), asked
    in_chinese(chat.say("退款"))
    summary = in_chinese(chat.say("HK$2,500"))
    assert "陳大文" in summary and "HK$2,500" in summary and "旺角" in summary
    done = in_chinese(chat.say("確認"))
    reference = REFERENCE.search(done)
    assert reference, done
    with stack_context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference.group())).one()
        assert (case.category, case.desired_outcome, case.claim_amount_hkd) == ("product", "refund", 2500)
        assert case.assigned_role == "supervisor"  # a HK$2,500 refund: routed as an English one would be
        # the customer's words as the assistant read them: full-width punctuation half-width (bot.shop.language)
        assert stack_context.vault.decrypt(case.description_encrypted) == normalise(story)
        assert "手鏈" not in case.description_encrypted  # encrypted at rest


def test_the_status_of_a_case_is_told_in_chinese(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    reference = lodge(stack_context, chat.sender, now=stack_context.now(), phone="67778888")
    asked = in_chinese(chat.say(f"我想查下{reference}嘅進度"))
    assert "最後4位" in asked or "尾四位" in asked or "電郵" in asked, asked
    told = in_chinese(chat.say("尾四位係8888"))
    assert reference in told


def test_a_person_is_asked_for_and_the_rating_after_is_in_chinese(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    # Not online: the other tests of this stack expect nobody there to take a chat (online counts for 90 s).
    mei = staff(stack_context, f"mei-{chat.sender}", "customer_service_officer", online=False, now=stack_context.now())
    waiting = in_chinese(chat.say("唔該幫我搵個真人職員"))
    assert "客戶服務主任" in waiting, waiting
    with stack_context.sessions() as s, s.begin():
        handoff_id = s.scalars(select(HandoffRequest.id).where(HandoffRequest.conversation_id == chat.sender)).one()
        accept(s, handoff_id, mei, policy=stack_context.policy, now=stack_context.now())
        hand_back(s, chat.sender, mei, policy=stack_context.policy, now=stack_context.now())
    asked = in_chinese(chat.say("/EXTERNAL_handed_back"))
    assert "1" in asked and "5" in asked
    in_chinese(chat.say("五分"))
    in_chinese(chat.say("職員好有耐性，多謝"))
    with stack_context.sessions() as s:
        ratings = [(r.score, r.comment) for r in s.scalars(select(Rating).where(Rating.conversation_id == chat.sender))]
    assert ratings == [(5, "職員好有耐性，多謝")]


def test_a_personal_data_request_in_chinese_becomes_a_case_for_the_data_protection_officer(
    stack: Stack, stack_context: Context
) -> None:
    chat = Chat(stack)
    assert "你同意嗎" in in_chinese(chat.say("我想索取你哋持有我嘅所有個人資料"))
    in_chinese(chat.say("我同意"))
    in_chinese(chat.say("林小明"))
    done = in_chinese(chat.say("lam.siuming@example.com"))
    reference = REFERENCE.search(done)
    assert reference and "40" in done, done
    with stack_context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference.group())).one()
    assert (case.category, case.desired_outcome, case.assigned_role) == (
        "privacy", "data_access", "data_protection_officer")  # fmt: skip


def test_the_language_switches_with_the_customer_and_when_asked(stack: Stack) -> None:
    chat = Chat(stack)
    assert "Mong Kok" in chat.say("What time does the Mong Kok shop open?")
    assert "旺角" in in_chinese(chat.say("咁旺角幾點閂門？"))
    assert not CHINESE.search(chat.say("English please")), chat.last
    assert not CHINESE.search(chat.say("10023"))  # decides nothing: still English
    in_chinese(chat.say("can you speak Chinese?"))
    in_chinese(chat.say("ok"))  # one word keeps the language


def test_every_chinese_quick_reply_is_understood_as_its_english_one(stack: Stack) -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    pairs = [(en("en"), zh("zh")) for _, payload in QUICK_REPLIES for en, zh in [(payload, payload)]]
    for variations in domain["responses"].values():
        chinese = next((v for v in variations if "condition" in v), None)
        english = next(v for v in variations if "condition" not in v)
        if chinese and chinese.get("buttons"):
            pairs += [(e["payload"], z["payload"]) for e, z in zip(english["buttons"], chinese["buttons"])]

    def intent(text: str) -> str:
        answer = requests.post(f"{stack.rasa_url}/model/parse", params={"token": stack.token}, json={"text": text},
                               timeout=60)  # fmt: skip
        return str(answer.json()["intent"]["name"])

    # A form's answer ("維修" for the remedy) may read as inform: the form's parser reads it (tests/actions).
    different = [(e, z, intent(e), intent(z)) for e, z in pairs
                 if not z.isdigit() and intent(z) not in (intent(e), "inform")]  # fmt: skip
    assert not different, different
