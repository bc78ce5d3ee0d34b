"""The complaint form's summary and receipt, in English and in Chinese."""

from __future__ import annotations

import datetime as dt

from bot.cases import complaint_form
from bot.cases.service import CaseReceipt
from bot.shop.policy import Policy

ANSWERS = {
    "customer_name": "Chan Tai Man",
    "contact": "91234567",
    "complaint_category": "price",
    "product": "Seiko watch",
    "incident_date": "2026-11-05",
    "incident_place": "mong_kok",
    "order_number": None,
    "description": "I was charged twice the price on the tag.",
    "desired_outcome": "compensation",
    "claim_amount": "1500",
}
RECEIPT = CaseReceipt(
    "CS-7Q4K-92XD",
    "Customer Service Supervisor",
    dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.timezone.utc),
    dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.timezone.utc),
    True,
    "supervisor",
)


def test_the_english_summary_is_as_it_was(policy: Policy) -> None:
    assert complaint_form.summary(ANSWERS, policy) == (
        "Here is your complaint:\n• Name: Chan Tai Man\n• Contact: 91234567\n• About: Price or overcharging\n"
        "• Product: Seiko watch\n• When: Thu 05 Nov 2026\n• Where: Mong Kok\n"
        "• What happened: I was charged twice the price on the tag.\n• You would like: compensation, HK$1,500\n"
        "Shall I submit it?"
    )


def test_the_chinese_summary_has_the_same_facts(policy: Policy) -> None:
    answers = {**ANSWERS, "customer_name": "陳大文", "product": "精工錶", "description": "價錢牌寫一千五，收咗我三千。"}
    assert complaint_form.summary(answers, policy.in_("zh"), "zh") == (
        "你的投訴內容如下：\n• 姓名：陳大文\n• 聯絡方法：91234567\n• 投訴類別：價錢或多收費用\n• 貨品：精工錶\n"
        "• 日期：2026年11月5日（星期四）\n• 地點：旺角\n• 經過：價錢牌寫一千五，收咗我三千。\n"
        "• 你希望：賠償，HK$1,500\n請問是否確認提交？"
    )


def test_the_receipt_in_english_is_as_it_was(policy: Policy) -> None:
    assert complaint_form.receipt_message(RECEIPT, "Chan Tai Man", "email", policy, "en") == (
        "Thank you, Chan Tai Man. Your complaint is recorded as case CS-7Q4K-92XD. It will be handled by our "
        "Customer Service Supervisor, who will contact you by Tue 24 Nov 2026, 13:00 and aims to resolve it by "
        "Fri 27 Nov 2026, 17:30. Please keep the reference: you can check the case here with it and your email."
    )


def test_the_receipt_in_chinese_names_the_role_the_times_and_the_proof(policy: Policy) -> None:
    assert complaint_form.receipt_message(RECEIPT, "陳大文", "phone", policy.in_("zh"), "zh") == (
        "謝謝你，陳大文。你的投訴已記錄，個案編號為CS-7Q4K-92XD。個案會由本店客戶服務主管處理，同事會於"
        "2026年11月24日（星期二）13:00前聯絡你，並會盡量在2026年11月27日（星期五）17:30前解決。"
        "請保留個案編號：你可以憑編號及電話號碼最後4位數字在這裏查詢個案進度。"
    )


def test_place_names_in_both_languages(policy: Policy) -> None:
    assert complaint_form.place_name("online", policy) == "online"
    assert complaint_form.place_name("online", policy.in_("zh"), "zh") == "網上"
    assert complaint_form.place_name("sha_tin", policy.in_("zh"), "zh") == "沙田"
