"""In a real browser: the chat widget as a customer opens, reads, leaves and comes back to it (issue 15, point 1)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bot.rasa.stack import Stack
from tests.browser.pages import Customer

pytestmark = pytest.mark.servers
NewContext = Callable[[], BrowserContext]
CLOCK = re.compile(r"^\d\d:\d\d$")
PHONE = {"width": 390, "height": 844}


def in_view(page: Page, selector: str) -> bool:
    """Whether the element is scrolled into the chat log's visible area."""
    return bool(page.locator(selector).evaluate(
        """node => { const log = document.getElementById('concierge-log').getBoundingClientRect();
                     const box = node.getBoundingClientRect();
                     return box.height > 0 && box.top >= log.top - 1 && box.bottom <= log.bottom + 1; }"""
    ))  # fmt: skip


def test_the_widget_opens_to_a_greeting_with_quick_replies_and_a_title_bar(
    web_stack: Stack, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(web_stack.web_url + "/")
    launcher = page.locator("#concierge-launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(launcher).to_have_text("Close chat")
    expect(page.locator("#concierge-title")).to_have_text("Golden Harbour Jewellery & Watches")
    greeting = page.locator(".concierge-assistant").first
    expect(greeting).to_contain_text("Hello and welcome to Golden Harbour")
    replies = page.locator(".concierge-replies button")
    expect(replies).to_have_text(["Opening hours", "Where is my order?", "Is my repair ready?", "Gold price today",
                                  "Make a complaint", "Talk to a person"])  # fmt: skip
    expect(page.locator("#concierge-input")).to_be_focused()  # ready to type
    expect(greeting.locator("time")).to_have_text(CLOCK)

    customer = Customer.on(page)
    answer = customer.click_reply("Opening hours")
    assert "Central" in answer, answer
    assert customer.lines("customer") == ["What are your opening hours?"]
    expect(page.locator(".concierge-customer time")).to_have_text(CLOCK)  # every line has its time
    expect(page.locator(".concierge-replies")).to_have_count(0)  # the greeting's replies went with the answer

    page.keyboard.press("Escape")  # Esc closes the window and gives the focus back to the launcher
    expect(page.locator("#concierge-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    page.click("#concierge-close")
    expect(page.locator("#concierge-panel")).to_be_hidden()
    launcher.click()
    expect(page.locator(".concierge-assistant", has_text="Hello and welcome")).to_have_count(1)  # greeted once


def test_after_a_reload_the_widget_shows_the_latest_line_and_the_question_still_waiting(
    web_stack: Stack, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    customer = Customer(page, web_stack.web_url)
    for question in ("are you open on Sunday in Mong Kok?", "how much to change a Seiko battery?",
                     "do you sell Rolex?", "what payment methods do you take?"):  # fmt: skip
        customer.say(question)
    assert "take a complaint" in customer.say("what can you do?")  # the answer offers quick replies
    lines = page.locator(".concierge-line").count()

    page.reload()
    expect(page.locator("#concierge-panel")).to_be_visible()  # still open, as the customer left it
    expect(page.locator(".concierge-line")).to_have_count(lines)  # greeted once, nothing doubled
    expect(page.locator(".concierge-replies button", has_text="Talk to a person")).to_be_visible()
    assert in_view(page, ".concierge-line >> nth=-1"), "the latest line is scrolled out of sight"
    assert in_view(page, ".concierge-replies"), "the quick replies waiting for an answer are out of sight"
    assert not in_view(page, ".concierge-line >> nth=0"), "the log shows the oldest line, not the latest"


def test_on_a_phone_the_chat_takes_the_whole_screen_and_works_by_keyboard(
    web_stack: Stack, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    page.goto(web_stack.web_url + "/")
    page.keyboard.press("Tab")  # the launcher is the first thing to reach by keyboard
    expect(page.locator("#concierge-launcher")).to_be_focused()
    page.keyboard.press("Enter")
    panel = page.locator("#concierge-panel")
    expect(panel).to_be_visible()
    assert panel.bounding_box() == {"x": 0, "y": 0, **PHONE}
    expect(page.locator("#concierge-launcher")).to_be_hidden()  # nothing floats over the chat
    expect(page.locator("#concierge-log")).to_have_attribute("aria-live", "polite")  # new lines are read out
    expect(page.locator("#concierge-input")).to_have_attribute("aria-label", "Your message")
    expect(page.locator("#concierge-input")).to_be_focused()
    page.keyboard.type("how much to change a Seiko battery?")
    page.keyboard.press("Enter")
    expect(page.locator(".concierge-assistant", has_text="HK$180")).to_be_visible(timeout=120_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator("#concierge-launcher")).to_be_visible()
    expect(page.locator("#concierge-launcher")).to_be_focused()
