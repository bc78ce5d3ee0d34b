"""In a real browser that prefers Chinese: the widget in Chinese, a complaint typed in Cantonese, the case made."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from bot.context import Context
from bot.db.models import Case
from bot.rasa.stack import Stack
from tests.browser.pages import REFERENCE, Customer

pytestmark = pytest.mark.servers
NewContext = Callable[..., BrowserContext]
PHONE = {"width": 390, "height": 844}


def draws_chinese(page: Page) -> bool:
    """Whether the browser draws two different Chinese characters differently (a missing font draws both as boxes)."""
    return bool(page.evaluate(
        """() => {
             const pixels = ch => { const c = document.createElement('canvas'); c.width = c.height = 32;
                                    const g = c.getContext('2d'); g.font = '24px sans-serif'; g.fillText(ch, 2, 26);
                                    return Array.from(g.getImageData(0, 0, 32, 32).data).join(','); };
             return pixels('金') !== pixels('鐘') && pixels('金') !== pixels('');
           }"""
    ))  # fmt: skip


def test_a_complaint_typed_in_cantonese_in_the_widget_becomes_a_case(
    web_stack: Stack, web_context: Context, new_context: NewContext, tmp_path: Path
) -> None:
    page = new_context(locale="zh-HK", viewport=PHONE).new_page()
    page.goto(web_stack.web_url + "/")
    assert draws_chinese(page), "no CJK font: install Debian's fonts-noto-cjk (scripts/test does)"
    launcher = page.locator("#concierge-launcher")
    expect(launcher).to_have_text("與我們對話")  # the browser prefers Chinese: the widget speaks it from the start
    customer = Customer.on(page)
    customer.open()
    expect(page.locator("#concierge-title")).to_have_text("金港珠寶鐘錶")
    expect(page.locator("#concierge-input")).to_have_attribute("placeholder", "請輸入訊息…")
    expect(page.locator("#concierge-end")).to_have_text("結束對話")
    expect(page.locator(".concierge-assistant").first).to_contain_text("歡迎來到金港珠寶鐘錶")
    expect(page.locator("#concierge-panel")).to_have_attribute("lang", "zh-HK")

    statement = customer.click_reply("投訴")
    assert "你同意嗎" in statement, statement
    customer.click_reply("我同意")
    assert "電話" in customer.say("我叫陳美玲"), customer.lines("assistant")[-1]
    customer.say("9876 5432")
    customer.click_reply("貨品質素或瑕疵")
    customer.say("一隻精工錶")
    customer.say("上個禮拜六")
    customer.click_reply("尖沙咀")
    customer.say(
        "買咗一個月個錶面玻璃已經裂咗，我冇撞過佢，想你哋免費維修"
    )  # says what they want too: no question for it
    summary = page.locator(".concierge-assistant .concierge-text").last.inner_text()
    assert "陳美玲" in summary and "尖沙咀" in summary, summary
    receipt = customer.click_reply("確認提交")
    reference = REFERENCE.search(receipt)
    assert reference, receipt
    folder = Path(os.environ.get("CONCIERGE_SCREENSHOTS") or tmp_path)  # docs/screenshots, as test_screenshots
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "widget-chinese-phone.png"))
    with web_context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference.group())).one()
    assert (case.category, case.desired_outcome, case.incident_place) == ("product", "repair", "tsim_sha_tsui")
    assert "錶面玻璃" in web_context.vault.decrypt(case.description_encrypted)


def test_an_english_customer_who_switches_to_chinese_sees_the_widget_switch(
    web_stack: Stack, new_context: NewContext
) -> None:
    options: dict[str, Any] = {"locale": "en-GB"}
    page = new_context(**options).new_page()
    customer = Customer(page, web_stack.web_url)
    expect(page.locator("#concierge-input")).to_have_attribute("placeholder", "Type your message…")
    answer = customer.say("你哋旺角分店幾點開門？")
    assert "旺角" in answer, answer
    expect(page.locator("#concierge-input")).to_have_attribute("placeholder", "請輸入訊息…")
    expect(page.locator("#concierge-send")).to_have_text("傳送")
    assert "Mong Kok" in customer.say("And what time does Mong Kok close on Sunday?")
    expect(page.locator("#concierge-send")).to_have_text("Send")
    expect(page.locator("#concierge-panel")).to_have_attribute("lang", "en")
